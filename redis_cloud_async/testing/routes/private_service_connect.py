"""Google Cloud Private Service Connect: the service and its endpoints.

Endpoints are created ``initialized`` (the customer then runs the creation script);
``PUT`` with ``action: accept`` makes one ``active``, ``reject`` makes it ``rejected``.
A service with endpoints cannot be deleted. While going away, a service is
``delete-pending`` and an endpoint ``processing`` (the service's own statuses). The
guide's extra forms of endpoint creation (``.../{pscServiceId}/endpoints`` and, per
region, ``.../endpoints/{endpointId}``, which changes the endpoint when it exists) are
served too.
"""

from __future__ import annotations

from typing import Any

from ..engine.errors import TaskError
from ..engine.state import ACTIVE, Link
from ..engine.tasks import Outcome
from ..frontend import fields
from ..frontend.call import Call, Reply
from ..frontend.routing import Routes
from ..service import connectivity as net
from ._shared import both_forms, change, read, regional, scope_of

ROUTES = Routes()
SERVICE, ENDPOINT = "psc-service", "psc-endpoint"
PSC = "/private-service-connect"
SERVICE_PATH = PSC + "/{pscServiceId}"
ENDPOINT_PATH = SERVICE_PATH + "/endpoints/{endpointId}"
SINGLE_ONLY = (
    "PSC_CREATING_A_FLEXIBLE_SUBSCRIPTION_PRIVATE_SERVICE_CONNECT"
    "_IS_NOT_ALLOWED_WITH_AN_ACTIVE_ACTIVE_SUBSCRIPTION"
)
AA_ONLY = (
    "PSC_CREATING_AN_ACTIVE_ACTIVE_SUBSCRIPTION_PRIVATE_SERVICE_CONNECT"
    "_IS_NOT_ALLOWED_WITH_A_FLEXIBLE_SUBSCRIPTION"
)
ENDPOINT_FIELDS = ("gcpProjectId", "gcpVpcName", "gcpVpcSubnetName", "endpointConnectionName")


def _service(scope: net.Scope, service_id: int | None = None) -> Link:
    found = net.links(scope, SERVICE)
    if not found or (service_id is not None and found[0].id != service_id):
        raise TaskError("PSC_SERVICE_NOT_FOUND", "No Private Service Connect service", 404)
    return found[0]


def _endpoint(scope: net.Scope, call: Call) -> Link:
    service = _service(scope, call.int_param("pscServiceId"))
    endpoint = net.find(scope, ENDPOINT, call.int_param("endpointId"), "PSC_ENDPOINT_NOT_FOUND")
    if endpoint.data["service"] != service.id:
        raise TaskError("PSC_ENDPOINT_NOT_FOUND", f"Endpoint {endpoint.id} not found", 404)
    return endpoint


def _service_json(link: Link) -> dict[str, Any]:
    return {
        "id": link.id,
        "connectionHostName": f"psc-{link.id}.redis-simulator.internal",
        "serviceAttachmentName": (
            f"projects/redis-simulator/regions/us-central1/serviceAttachments/psc-{link.id}"
        ),
        "status": link.status,
    }


def _endpoint_json(link: Link) -> dict[str, Any]:
    return {"id": link.id, "status": link.status, **{k: link.data.get(k) for k in ENDPOINT_FIELDS}}


@both_forms(ROUTES, "GET", PSC)
def get_service(call: Call) -> Reply:
    def produce(scope: net.Scope) -> dict[str, Any]:
        return _service_json(_service(scope))

    return read(call, regional(call, "pscServiceGetRequest"), produce)


@both_forms(ROUTES, "POST", PSC)
def create_service(call: Call) -> Reply:
    def act(scope: net.Scope, out: Outcome) -> None:
        net.check_mode(scope, single_region_only=SINGLE_ONLY, active_active_only=AA_ONLY)
        net.require_provider(scope, "GCP", "PSC_CLOUD_PROVIDER_IS_NOT_SUPPORTED")
        if net.links(scope, SERVICE):
            raise TaskError("PSC_SERVICE_ALREADY_EXISTS", "A PSC service already exists")
        out.resource_id = net.add(call.sim, scope, SERVICE, {}, out.now, status="initialized").id

    return change(call, regional(call, "pscServiceCreateRequest"), act)


@both_forms(ROUTES, "DELETE", PSC)
def delete_service(call: Call) -> Reply:
    def act(scope: net.Scope, out: Outcome) -> None:
        service = _service(scope)
        if any(e.data["service"] == service.id for e in net.links(scope, ENDPOINT)):
            raise TaskError(
                "PSC_SERVICE_CANNOT_DELETE_SERVICE_WITH_ACTIVE_ENDPOINTS", "Delete its endpoints"
            )
        net.remove(call.sim, scope, service, out.now, status="delete-pending")
        out.resource_id = service.id

    return change(call, regional(call, "pscServiceDeleteRequest"), act)


@both_forms(ROUTES, "GET", SERVICE_PATH)
def list_endpoints(call: Call) -> Reply:
    service_id = call.int_param("pscServiceId")

    def produce(scope: net.Scope) -> dict[str, Any]:
        service = _service(scope, service_id)
        endpoints = [e for e in net.links(scope, ENDPOINT) if e.data["service"] == service.id]
        return {"pscServiceId": service.id, "endpoints": [_endpoint_json(e) for e in endpoints]}

    return read(call, regional(call, "pscServiceEndpointsGetRequest"), produce)


def create_endpoint(call: Call) -> Reply:
    body = call.json_object()
    fields.required_string(body, "gcpProjectId")
    fields.required_string(body, "endpointConnectionName")
    for field in ("gcpVpcName", "gcpVpcSubnetName"):
        fields.string(body, field)
    service_id = call.int_param("pscServiceId")

    def act(scope: net.Scope, out: Outcome) -> None:
        service = _service(scope, service_id)
        name = body["endpointConnectionName"]
        if any(e.data["endpointConnectionName"] == name for e in net.links(scope, ENDPOINT)):
            raise TaskError("PSC_ENDPOINT_ALREADY_EXISTS", f"Endpoint {name} already exists")
        data = {"service": service.id, **{k: body.get(k) for k in ENDPOINT_FIELDS}}
        endpoint = net.add(
            call.sim, scope, ENDPOINT, data, out.now, status="initialized", then=None
        )
        out.resource_id = endpoint.id

    return change(call, regional(call, "pscEndpointCreateRequest"), act)


both_forms(ROUTES, "POST", SERVICE_PATH)(create_endpoint)
ROUTES.post("/subscriptions/{subscriptionId}" + SERVICE_PATH + "/endpoints")(create_endpoint)


def update_endpoint(call: Call) -> Reply:
    """Change an endpoint's fields and/or accept or reject it: a body with both ``action``
    and endpoint fields is accepted (the service's recorded answers: the Go SDK sends
    both, and the task completes)."""
    body = call.json_object()
    action = fields.one_of(body, "action", ("accept", "reject"))
    for field in ENDPOINT_FIELDS:
        fields.string(body, field)

    def act(scope: net.Scope, out: Outcome) -> None:
        endpoint = _endpoint(scope, call)
        endpoint.data.update({k: body[k] for k in ENDPOINT_FIELDS if body.get(k)})
        if action == "accept":
            call.sim.transition(endpoint, "accept-pending", ACTIVE, "connectivity", out.now)
        elif action == "reject":
            call.sim.transition(endpoint, "reject-pending", "rejected", "connectivity", out.now)
        out.resource_id = endpoint.id

    return change(call, regional(call, "pscEndpointUpdateRequest"), act)


both_forms(ROUTES, "PUT", ENDPOINT_PATH)(update_endpoint)


@ROUTES.post("/subscriptions/{subscriptionId}/regions/{regionId}" + ENDPOINT_PATH)
def register_endpoint(call: Call) -> Reply:
    """The guide's per-region ``POST .../endpoints/{endpointId}``: creates the endpoint, or
    changes it when one with that id already exists."""
    endpoint_id = call.int_param("endpointId")
    if any(e.id == endpoint_id for e in net.links(scope_of(call), ENDPOINT)):
        return update_endpoint(call)
    return create_endpoint(call)


@both_forms(ROUTES, "DELETE", ENDPOINT_PATH)
def delete_endpoint(call: Call) -> Reply:
    def act(scope: net.Scope, out: Outcome) -> None:
        endpoint = _endpoint(scope, call)
        net.remove(call.sim, scope, endpoint, out.now, status="processing")
        out.resource_id = endpoint.id

    return change(call, regional(call, "pscEndpointDeleteRequest"), act)


def _script(call: Call, verb: str) -> Reply:
    """An endpoint's creation or deletion script (one command type for both, the
    service's ``pscServiceEndpointScriptGetRequest``). The creation script carries its
    Terraform inputs when asked, ``?includeTerraformGcpScript=true`` (recorded answers)."""
    terraform = call.query.get("includeTerraformGcpScript", "").lower() == "true"

    def produce(scope: net.Scope) -> dict[str, Any]:
        endpoint = _endpoint(scope, call)
        project = endpoint.data.get("gcpProjectId")
        name = endpoint.data.get("endpointConnectionName")
        bash = f"gcloud compute forwarding-rules {verb} {name} --project={project}"
        script: dict[str, Any] = {"bash": bash, "powershell": bash}
        if verb == "create" and terraform:
            script["terraformGcp"] = {
                "serviceAttachments": [
                    {
                        "name": f"psc-{endpoint.id}",
                        "dnsRecord": f"psc-{endpoint.id}.redis-simulator.internal.",
                        "forwardingRuleName": name,
                        "ipAddressName": f"{name}-ip",
                    }
                ]
            }
        return {"script": script}

    return read(call, regional(call, "pscServiceEndpointScriptGetRequest"), produce)


@both_forms(ROUTES, "GET", ENDPOINT_PATH + "/creationScripts")
def creation_script(call: Call) -> Reply:
    return _script(call, "create")


@both_forms(ROUTES, "GET", ENDPOINT_PATH + "/deletionScripts")
def deletion_script(call: Call) -> Reply:
    return _script(call, "delete")
