"""AWS Transit Gateway: gateways, resource-share invitations, attachments.

The guide's ``POST /subscriptions/{id}/transitGateways`` registers a gateway (with an
optional ``region`` for Active-Active) and the resource-share invitation that comes with
it; accepting the invitation makes the gateway ``available`` for an attachment. The
reads list ``{"tgws": [...]}`` and ``{"resources": [...]}`` (the keys the Go SDK reads).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..engine.errors import TaskError
from ..engine.state import Link
from ..engine.tasks import Outcome
from ..frontend import fields
from ..frontend.call import Call, Reply
from ..frontend.routing import Routes
from ..service import connectivity as net
from ..service.cidrs import check_cidrs
from ._shared import both_forms, change, read

ROUTES = Routes()
TGW, INVITATION = "tgw", "tgw-invitation"
READ_SINGLE = "TGW_GETTING_SINGLE_REGION_TGWS_IS_NOT_ALLOWED_WITH_ACTIVE_ACTIVE_SUBSCRIPTION"
READ_AA = (
    "TGW_GETTING_ACTIVE_ACTIVE_SUBSCRIPTION_TGW_IS_NOT_ALLOWED_WITH_SINGLE_REGION_SUBSCRIPTION"
)
WRITE_SINGLE = (
    "TGW_CREATING_A_FLEXIBLE_SUBSCRIPTION_TGW_ATTACHMENT"
    "_IS_NOT_ALLOWED_WITH_AN_ACTIVE_ACTIVE_SUBSCRIPTION"
)
WRITE_AA = (
    "TGW_CREATING_AN_ACTIVE_ACTIVE_SUBSCRIPTION_TGW_ATTACHMENT"
    "_IS_NOT_ALLOWED_WITH_A_FLEXIBLE_SUBSCRIPTION"
)


def _tgw_json(link: Link) -> dict[str, Any]:
    attachment = link.data.get("attachment") or {}
    return {
        "id": link.id,
        "awsTgwUid": link.data["awsTgwUid"],
        "attachmentUid": attachment.get("uid", ""),
        "status": link.status,
        "attachmentStatus": attachment.get("status", ""),
        "awsAccountId": link.data["awsAccountId"],
        "cidrs": [
            {"cidrAddress": cidr, "status": "active"} for cidr in attachment.get("cidrs", [])
        ],
    }


def _invitation_json(link: Link) -> dict[str, Any]:
    return {
        "id": link.id,
        "name": link.data["name"],
        "resourceShareUid": link.data["resourceShareUid"],
        "awsAccountId": link.data["awsAccountId"],
        "status": link.status,
        "sharedDate": link.data["sharedDate"],
    }


def _check_cidrs(cidrs: list[str], current: list[str] | None = None) -> None:
    check_cidrs(
        cidrs,
        invalid="TGW_ATTACHMENT_CIDRS_INVALID_LENGTH",
        repeated="TGW_ATTACHMENT_CIDRS_REQUEST_CONTAINS_DUPLICATES",
    )
    if current is not None and sorted(current) == sorted(cidrs):
        raise TaskError("TGW_ATTACHMENT_CIDRS_ARE_THE_SAME_AS_EXISTING_ONES", "Nothing changes")


@ROUTES.post("/subscriptions/{subscriptionId}/transitGateways")
def register_gateway(call: Call) -> Reply:
    body = call.json_object()
    uid = fields.required_string(body, "awsTgwUid")
    aws_account = fields.required_string(body, "awsAccountId")
    cidrs = fields.strings(body, "cidrs")
    region = fields.string(body, "region")

    def act(scope: net.Scope, out: Outcome) -> None:
        if region is not None and region not in scope.sub.regions:
            raise TaskError("TGW_REGION_DOES_NOT_EXIST", f"No region {region}", 404)
        target = net.Scope(scope.sub, region if scope.sub.active_active else None)
        _check_cidrs(cidrs)
        data = {"awsTgwUid": uid, "awsAccountId": aws_account, "requestedCidrs": cidrs}
        tgw = net.add(call.sim, target, TGW, data, out.now, status="pending", then=None)
        invitation = {
            "tgw": tgw.id,
            "name": f"redis-tgw-share-{tgw.id}",
            "resourceShareUid": f"arn:aws:ram:us-east-1:{aws_account}:resource-share/{tgw.id}",
            "awsAccountId": aws_account,
            "sharedDate": call.sim.iso(out.now),
        }
        net.add(call.sim, target, INVITATION, invitation, out.now, status="pending", then=None)
        out.resource_id = tgw.id

    return change(call, "tgwCreateRequest", act)


def _list(call: Call, command: str, key: str, kind: str, shown: Callable[[Link], Any]) -> Reply:
    """An asynchronous read of the scope's links of `kind`, listed under `key`."""

    def produce(scope: net.Scope) -> dict[str, Any]:
        net.check_mode(scope, single_region_only=READ_SINGLE, active_active_only=READ_AA)
        return {key: [shown(link) for link in net.links(scope, kind)]}

    return read(call, command, produce)


@both_forms(ROUTES, "GET", "/transitGateways")
def list_gateways(call: Call) -> Reply:
    return _list(call, "tgwGetRequest", "tgws", TGW, _tgw_json)


@both_forms(ROUTES, "GET", "/transitGateways/invitations")
def list_invitations(call: Call) -> Reply:
    return _list(call, "tgwInvitationsGetRequest", "resources", INVITATION, _invitation_json)


def _answer_invitation(call: Call, accept: bool) -> Reply:
    invitation_id = call.int_param("tgwInvitationId")

    def act(scope: net.Scope, out: Outcome) -> None:
        net.check_mode(scope, single_region_only=WRITE_SINGLE, active_active_only=WRITE_AA)
        invitation = net.find(scope, INVITATION, invitation_id, "TGW_RESOURCE_SHARE_DOES_NOT_EXIST")
        invitation.status = "accepted" if accept else "rejected"
        tgw = scope.sub.links.get(invitation.data["tgw"])
        if tgw is not None:
            tgw.status = "available" if accept else "rejected"
        out.resource_id = invitation.id

    # ``tgwAcceptInvitationRequest``: the service's recorded command type (issue 16.7);
    # the rejection's name is inferred from it (no recording shows one).
    command = "tgwAcceptInvitationRequest" if accept else "tgwRejectInvitationRequest"
    return change(call, command, act)


@both_forms(ROUTES, "PUT", "/transitGateways/invitations/{tgwInvitationId}/accept")
def accept_invitation(call: Call) -> Reply:
    return _answer_invitation(call, accept=True)


@both_forms(ROUTES, "PUT", "/transitGateways/invitations/{tgwInvitationId}/reject")
def reject_invitation(call: Call) -> Reply:
    return _answer_invitation(call, accept=False)


def _gateway(scope: net.Scope, call: Call) -> Link:
    net.check_mode(scope, single_region_only=WRITE_SINGLE, active_active_only=WRITE_AA)
    return net.find(scope, TGW, call.int_param("TgwId"), "TGW_DOES_NOT_EXIST")


@both_forms(ROUTES, "POST", "/transitGateways/{TgwId}/attachment")
def create_attachment(call: Call) -> Reply:
    cidrs = fields.strings(call.json_object(), "cidrs")

    def act(scope: net.Scope, out: Outcome) -> None:
        tgw = _gateway(scope, call)
        if tgw.status != "available":
            raise TaskError("TGW_RESOURCE_SHARE_DOES_NOT_EXIST", "Accept the invitation first")
        if tgw.data.get("attachment"):
            raise TaskError("CONFLICT_ERROR", f"Gateway {tgw.id} already has an attachment", 409)
        _check_cidrs(cidrs)
        tgw.data["attachment"] = {
            "uid": f"tgw-attach-{tgw.id:017x}",
            "status": "pending-acceptance",
            "cidrs": cidrs or tgw.data["requestedCidrs"],
        }

        def attached(_: float) -> None:
            if tgw.data.get("attachment"):
                tgw.data["attachment"]["status"] = "available"

        call.sim.scheduler.at(out.now + call.sim.seconds("connectivity"), attached)
        out.resource_id = tgw.id

    return change(call, "tgwAttachmentCreateRequest", act)


@both_forms(ROUTES, "PUT", "/transitGateways/{TgwId}/attachment")
def update_attachment(call: Call) -> Reply:
    cidrs = fields.strings(call.json_object(), "cidrs", required=True)

    def act(scope: net.Scope, out: Outcome) -> None:
        tgw = _gateway(scope, call)
        attachment = tgw.data.get("attachment")
        if not attachment:
            raise TaskError("TGW_ATTACHMENT_DOES_NOT_EXIST", f"Gateway {tgw.id} has none", 404)
        _check_cidrs(cidrs, attachment["cidrs"])
        attachment["cidrs"] = cidrs
        out.resource_id = tgw.id

    return change(call, "tgwUpdateCidrsRequest", act)  # the service's name (recorded)


@both_forms(ROUTES, "DELETE", "/transitGateways/{TgwId}/attachment")
def delete_attachment(call: Call) -> Reply:
    def act(scope: net.Scope, out: Outcome) -> None:
        tgw = _gateway(scope, call)
        if not tgw.data.get("attachment"):
            raise TaskError("TGW_ATTACHMENT_DOES_NOT_EXIST", f"Gateway {tgw.id} has none", 404)
        tgw.data["attachment"] = None
        out.resource_id = tgw.id

    return change(call, "tgwAttachmentDeleteRequest", act)
