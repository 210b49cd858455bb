"""AWS PrivateLink, subscription-wide and per Active-Active region.

A PrivateLink is created with its first principal; principals must all be removed
before the PrivateLink itself can be. Connections appear when a principal creates a VPC
endpoint on its side, which happens outside the API: `connect` plays that part. They
are disassociated with ``POST`` and a list of ``connections`` in the published API, and
with ``PUT`` and a list of VPC ``endpointIds`` in the guide; both are served.
"""

from __future__ import annotations

import re
from typing import Any

from ..engine.clock import loop_time
from ..engine.errors import TaskError, bad_request
from ..engine.simulation import Simulation
from ..engine.state import Link
from ..engine.tasks import Outcome
from ..frontend import fields
from ..frontend.call import Call, Reply
from ..frontend.routing import Routes
from ..service import connectivity as net
from ._shared import both_forms, change, read, regional

ROUTES = Routes()
KIND = "private-link"
SINGLE_ONLY = (
    "PRIVATE_LINK_CREATE_A_FLEXIBLE_SUBSCRIPTION_PRIVATE_LINK"
    "_IS_NOT_ALLOWED_WITH_AN_ACTIVE_ACTIVE_SUBSCRIPTION"
)
AA_ONLY = (
    "PRIVATE_LINK_CREATE_AN_ACTIVE_ACTIVE_SUBSCRIPTION_PRIVATE_LINK"
    "_IS_NOT_ALLOWED_WITH_A_SINGLE_REGION_SUBSCRIPTION"
)


def _existing(scope: net.Scope) -> Link:
    found = net.links(scope, KIND)
    if not found:
        raise TaskError("PRIVATE_LINK_NOT_FOUND", "No PrivateLink is configured", 404)
    return found[0]


def _principal(body: dict[str, Any]) -> dict[str, Any]:
    principal = fields.required_string(body, "principal")
    return {
        "principal": principal,
        "type": fields.string(body, "type") or "aws_account",
        "alias": fields.string(body, "alias") or principal,
        "status": "associated",
    }


def _json(scope: net.Scope, link: Link) -> dict[str, Any]:
    shown: dict[str, Any] = {
        "status": link.status,
        "principals": link.data["principals"],
        "resourceConfigurationId": f"rcfg-{link.id:017x}",
        "resourceConfigurationArn": (
            f"arn:aws:vpc-lattice:us-east-1:000000000000:resourceconfiguration/rcfg-{link.id:017x}"
        ),
        "shareArn": f"arn:aws:ram:us-east-1:000000000000:resource-share/{link.id}",
        "shareName": link.data["shareName"],
        "connections": link.data["connections"],
        "databases": [
            {
                "databaseId": db.id,
                "port": db.port,
                "rlEndpoint": f"redis-{db.port}.pl-{link.id}.rlrcp.com",
            }
            for db in scope.sub.databases.values()
        ],
        "subscriptionId": scope.sub.id,
    }
    if scope.region_id is not None:
        shown["regionId"] = scope.region_id
    return shown


def _check_form(scope: net.Scope) -> None:
    net.check_mode(scope, single_region_only=SINGLE_ONLY, active_active_only=AA_ONLY)
    net.require_provider(scope, "AWS", "PRIVATE_LINK_CLOUD_PROVIDER_NOT_SUPPORTED")


@both_forms(ROUTES, "GET", "/private-link")
def get_private_link(call: Call) -> Reply:
    """The PrivateLink. An Active-Active region without one: the task completes with an
    empty resource, ``{"links": []}`` (the service's recorded answer, which the Go SDK
    turns into its not-found); the subscription-wide form fails the task instead."""

    def produce(scope: net.Scope) -> dict[str, Any]:
        if scope.region is not None and not net.links(scope, KIND):
            return {"links": []}
        return _json(scope, _existing(scope))

    return read(call, regional(call, "privateLinkGetRequest"), produce)


@both_forms(ROUTES, "POST", "/private-link")
def create_private_link(call: Call) -> Reply:
    body = call.json_object()
    share = fields.required_string(body, "shareName")
    principal = _principal(body)

    def act(scope: net.Scope, out: Outcome) -> None:
        _check_form(scope)
        if net.links(scope, KIND):
            raise TaskError("PRIVATE_LINK_ALREADY_EXISTS", "A PrivateLink is already configured")
        data = {"shareName": share, "principals": [principal], "connections": []}
        link = net.add(call.sim, scope, KIND, data, out.now, status="initializing")
        out.resource_id = link.id

    return change(call, regional(call, "privateLinkCreateRequest"), act)


@both_forms(ROUTES, "DELETE", "/private-link")
def delete_private_link(call: Call) -> Reply:
    def act(scope: net.Scope, out: Outcome) -> None:
        link = _existing(scope)
        if link.data["principals"]:
            raise TaskError(
                "PRIVATE_LINK_ALL_PRINCIPALS_MUST_BE_DELETED_BEFORE_DELETING_RESOURCE_LINK",
                "Remove every principal first",
            )
        net.remove(call.sim, scope, link, out.now)
        out.resource_id = link.id

    return change(call, regional(call, "privateLinkDeleteRequest"), act)


@both_forms(ROUTES, "POST", "/private-link/principals")
def add_principal(call: Call) -> Reply:
    principal = _principal(call.json_object())

    def act(scope: net.Scope, out: Outcome) -> None:
        link = _existing(scope)
        if any(p["principal"] == principal["principal"] for p in link.data["principals"]):
            raise TaskError("PRIVATE_LINK_PRINCIPAL_ALREADY_EXISTS", "Principal already added")
        link.data["principals"].append(principal)
        out.resource_id = link.id

    return change(call, regional(call, "privateLinkPrincipalCreateRequest"), act)


@both_forms(ROUTES, "DELETE", "/private-link/principals")
def remove_principal(call: Call) -> Reply:
    principal = fields.required_string(call.json_object(), "principal")

    def act(scope: net.Scope, out: Outcome) -> None:
        link = _existing(scope)
        kept = [p for p in link.data["principals"] if p["principal"] != principal]
        if len(kept) == len(link.data["principals"]):
            raise TaskError("PRIVATE_LINK_PRINCIPAL_NOT_FOUND", f"No principal {principal}", 404)
        link.data["principals"] = kept
        out.resource_id = link.id

    return change(call, regional(call, "privateLinkPrincipalDeleteRequest"), act)


@both_forms(ROUTES, "GET", "/private-link/endpoint-script")
def endpoint_script(call: Call) -> Reply:
    def produce(scope: net.Scope) -> dict[str, Any]:
        link = _existing(scope)
        script = (
            "#!/usr/bin/env python3\n# Discovers the PrivateLink resource share and creates "
            f"VPC endpoints for subscription {scope.sub.id} (share {link.data['shareName']}).\n"
        )
        answer = {"resourceEndpointScript": script}
        # The service adds the Terraform form when asked (the Go SDK's recorded exchanges:
        # ``?includeTerraformAwsScript=true`` answers ``terraformAwsScript``).
        if call.query.get("includeTerraformAwsScript", "").lower() == "true":
            answer["terraformAwsScript"] = (
                f'resource "aws_vpc_endpoint" "redis_{scope.sub.id}" {{\n'
                '  vpc_endpoint_type = "Interface"\n}\n'
            )
        return answer

    return read(call, regional(call, "privateLinkEndpointScriptGetRequest"), produce)


def _wanted(body: dict[str, Any]) -> set[str]:
    """The connections a disassociation names: published ``connections`` (each with
    ``associationId``, ``type`` and ``principalId``) and/or the guide's ``endpointIds``
    (matched against the connections' ``connectionId`` or ``associationId``)."""
    connections = fields.objects(body, "connections")
    for i, connection in enumerate(connections):
        for field in ("associationId", "type", "principalId"):
            fields.required_string(connection, field, where=f"connections[{i}]")
        fields.string(connection, "connectionId", where=f"connections[{i}]")
    endpoint_ids = fields.strings(body, "endpointIds")
    if not connections and not endpoint_ids:
        raise bad_request("Field 'connections' is required")
    return {c["associationId"] for c in connections} | set(endpoint_ids)


def disassociate(call: Call) -> Reply:
    wanted = _wanted(call.json_object())

    def act(scope: net.Scope, out: Outcome) -> None:
        link = _existing(scope)
        link.data["connections"] = [
            c
            for c in link.data["connections"]
            if c.get("associationId") not in wanted and c.get("connectionId") not in wanted
        ]
        out.resource_id = link.id

    return change(call, regional(call, "privateLinkConnectionsDisassociateRequest"), act)


for _method in ("POST", "PUT"):
    both_forms(ROUTES, _method, "/private-link/connections/disassociate")(disassociate)


def connect(
    sim: Simulation,
    subscription_id: int,
    principal: str,
    *,
    region_id: int | None = None,
    endpoint_id: str | None = None,
) -> dict[str, Any]:
    """Play the principal's side: its VPC endpoint connects to the PrivateLink.

    Returns the connection as ``GET .../private-link`` reports it. Raises `LookupError`
    when the subscription, region, PrivateLink or principal does not exist.
    """
    sub = sim.account.subscriptions.get(subscription_id)
    if sub is None:
        raise LookupError(f"no Pro subscription {subscription_id}")
    region = None
    if region_id is not None:
        region = next((r.name for r in sub.regions.values() if r.id == region_id), None)
        if region is None:
            raise LookupError(f"no region {region_id} in subscription {subscription_id}")
    found = net.links(net.Scope(sub, region), KIND)
    if not found:
        raise LookupError(f"no PrivateLink in subscription {subscription_id}")
    link = found[0]
    if not any(p["principal"] == principal for p in link.data["principals"]):
        raise LookupError(f"{principal} is not a principal of this PrivateLink")
    account = re.search(r"\d{12}", principal)
    connection = {
        "associationId": f"rsa-{sim.token(8).lower()}",
        "connectionId": endpoint_id or f"vpce-{sim.token(17).lower()}",
        "type": "vpc_endpoint",
        "ownerId": account.group(0) if account else principal,
        "associationDate": sim.iso(loop_time()),
    }
    link.data["connections"].append(connection)
    return dict(connection)
