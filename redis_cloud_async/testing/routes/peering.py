"""VPC peering, single-region (``/peerings``) and Active-Active (``/regions/peerings``).

AWS peerings carry an account, a VPC and CIDRs; GCP ones a project and a network. A
peering starts ``initiating-request`` and becomes ``active`` after the connectivity
duration (the simulator plays the customer's side of the acceptance).
"""

from __future__ import annotations

import ipaddress
from functools import partial
from typing import Any

from ..engine.errors import TaskError
from ..engine.state import Link
from ..engine.tasks import Outcome
from ..frontend import fields
from ..frontend.call import Call, Reply
from ..frontend.routing import Routes
from ..service import connectivity as net
from ._shared import change, read

ROUTES = Routes()
SINGLE, MULTI = "peering", "aa-peering"


def _check_create(body: dict[str, Any], *, active_active: bool) -> None:
    if active_active:
        fields.required_string(body, "sourceRegion")
    provider = fields.one_of(body, "provider", ("AWS", "GCP")) or "AWS"
    if provider == "GCP":
        fields.required_string(body, "vpcProjectUid")
        fields.required_string(body, "vpcNetworkName")
    else:
        fields.required_string(body, "destinationRegion" if active_active else "region")
        fields.required_string(body, "awsAccountId")
        fields.required_string(body, "vpcId")
        fields.string(body, "vpcCidr")
        fields.strings(body, "vpcCidrs")


def _cidrs(body: dict[str, Any]) -> list[str]:
    return [*([body["vpcCidr"]] if body.get("vpcCidr") else []), *body.get("vpcCidrs", [])]


def _check_overlap(scope: net.Scope, cidrs: list[str]) -> None:
    try:
        wanted = [ipaddress.ip_network(cidr) for cidr in cidrs]
    except ValueError as error:
        raise TaskError("VPC_PEERING_INVALID_CIDR", str(error)) from None
    for region in scope.sub.regions.values():
        ours = ipaddress.ip_network(region.deployment_cidr)
        for network in wanted:
            if network.overlaps(ours):
                raise TaskError("VPC_PEERING_CIDR_OVERLAP", f"{network} overlaps {ours}")


def _peering_json(link: Link) -> dict[str, Any]:
    """A single-region peering, as ``GET .../peerings`` lists it."""
    data = link.data
    shown: dict[str, Any] = {"vpcPeeringId": link.id, "status": link.status}
    if data["provider"] == "GCP":
        shown.update(
            projectUid=data["vpcProjectUid"],
            networkName=data["vpcNetworkName"],
            **_redis_side(link),
        )
    else:
        shown.update(_aws_side(link), regionName=data.get("region"))
    return shown


def _aa_peering_json(link: Link, region_id: int | None) -> dict[str, Any]:
    """An Active-Active peering, as ``GET .../regions/peerings`` lists it under its
    source region (``id``, ``vpcProjectUid``/``vpcNetworkName`` and the two region names,
    as the service's Go SDK reads them)."""
    data = link.data
    shown: dict[str, Any] = {
        "id": link.id,
        "status": link.status,
        "regionId": region_id,
        "sourceRegion": link.region,
    }
    if data["provider"] == "GCP":
        shown.update(
            regionName=link.region,
            vpcProjectUid=data["vpcProjectUid"],
            vpcNetworkName=data["vpcNetworkName"],
            **_redis_side(link),
        )
    else:
        destination = data.get("destinationRegion")
        shown.update(_aws_side(link), regionName=destination, destinationRegion=destination)
    return shown


def _aws_side(link: Link) -> dict[str, Any]:
    data = link.data
    shown: dict[str, Any] = {
        "awsAccountId": data["awsAccountId"],
        "vpcUid": data["vpcId"],
        "awsPeeringUid": f"pcx-{link.id:017x}",
        # `active` is a status string: the document does not type it; the Go SDK and the
        # redis-cloud-rs crate both model it as one ("active"/"inactive").
        "vpcCidrs": [{"vpcCidr": cidr, "active": "active"} for cidr in data["cidrs"]],
    }
    if data["cidrs"]:
        shown["vpcCidr"] = data["cidrs"][0]
    return shown


def _redis_side(link: Link) -> dict[str, Any]:
    return {
        "redisProjectUid": "redis-simulator-project",
        "redisNetworkName": f"redis-network-{link.id}",
        "cloudPeeringId": f"peering-{link.id}",
    }


def _create(call: Call, kind: str) -> Reply:
    body = call.json_object()
    active_active = kind == MULTI
    _check_create(body, active_active=active_active)

    def act(scope: net.Scope, out: Outcome) -> None:
        if active_active and not scope.sub.active_active:
            raise TaskError(
                "CREATING_AN_ACTIVE_ACTIVE_VPC_PEERING_IS_NOT_ALLOWED_WITH_SINGLE_REGION_SUBSCRIPTION",
                "Use /peerings for a single-region subscription",
            )
        region = body.get("sourceRegion") if active_active else None
        if region is not None and region not in scope.sub.regions:
            raise TaskError(
                "ACTIVE_ACTIVE_VPC_PEERING_INVALID_SOURCE_REGION_NAME", f"No region {region}"
            )
        target = net.Scope(scope.sub, region)
        cidrs = _cidrs(body)
        _check_overlap(target, cidrs)
        key = body.get("vpcId") or body.get("vpcNetworkName")
        if any(link.data.get("key") == key for link in net.links(target, kind)):
            raise TaskError("VPC_PEERING_ALREADY_EXIST", f"A peering to {key} exists")
        data = {**body, "provider": body.get("provider", "AWS"), "cidrs": cidrs, "key": key}
        link = net.add(call.sim, target, kind, data, out.now, status="initiating-request")
        out.resource_id = link.id

    return change(call, "vpcPeeringCreateRequest", act)


def _find_any_region(scope: net.Scope, kind: str, link_id: int) -> tuple[net.Scope, Link]:
    link = scope.sub.links.get(link_id)
    if link is None or link.kind != kind:
        raise TaskError(
            "ACTIVE_ACTIVE_VPC_PEERING_NOT_FOUND" if kind == MULTI else "VPC_PEERING_NOT_FOUND",
            f"Peering {link_id} not found",
            404,
        )
    return net.Scope(scope.sub, link.region), link


def _update(call: Call, kind: str) -> Reply:
    body = call.json_object()
    fields.string(body, "vpcCidr")
    fields.strings(body, "vpcCidrs")
    link_id = call.int_param("peeringId")

    def act(scope: net.Scope, out: Outcome) -> None:
        target, link = _find_any_region(scope, kind, link_id)
        cidrs = _cidrs(body)
        _check_overlap(target, cidrs)
        link.data["cidrs"] = cidrs
        out.resource_id = link.id

    return change(call, "vpcPeeringUpdateRequest", act)


def _delete(call: Call, kind: str) -> Reply:
    link_id = call.int_param("peeringId")

    def act(scope: net.Scope, out: Outcome) -> None:
        target, link = _find_any_region(scope, kind, link_id)
        net.remove(call.sim, target, link, out.now)
        out.resource_id = link.id

    return change(call, "vpcPeeringDeleteRequest", act)


@ROUTES.get("/subscriptions/{subscriptionId}/peerings")
def list_peerings(call: Call) -> Reply:
    return read(
        call,
        "vpcPeeringGetRequest",
        lambda scope: {"peerings": [_peering_json(link) for link in net.links(scope, SINGLE)]},
    )


@ROUTES.get("/subscriptions/{subscriptionId}/regions/peerings")
def list_active_active_peerings(call: Call) -> Reply:
    def produce(scope: net.Scope) -> dict[str, Any]:
        regions = [
            {
                "id": region.id,
                "region": region.name,
                "vpcPeerings": [
                    _aa_peering_json(link, region.id)
                    for link in net.links(net.Scope(scope.sub, name), MULTI)
                ],
            }
            for name, region in scope.sub.regions.items()
        ]
        return {"subscriptionId": scope.sub.id, "regions": regions}

    return read(call, "activeActiveVpcPeeringGetRequest", produce)


for _base, _kind in (("/peerings", SINGLE), ("/regions/peerings", MULTI)):
    _prefix = "/subscriptions/{subscriptionId}" + _base
    ROUTES.post(_prefix)(partial(_create, kind=_kind))
    ROUTES.put(_prefix + "/{peeringId}")(partial(_update, kind=_kind))
    ROUTES.delete(_prefix + "/{peeringId}")(partial(_delete, kind=_kind))
