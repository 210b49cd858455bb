"""AWS Transit Gateway attachments of Pro subscriptions, planned as
`TransitGatewayCreateSpec`.

An item is a gateway attached to the subscription (or to one region of an
Active-Active one): its key names the region and the gateway
(``transit-gateway:orders/us-east-1:tgw-0abc...``). Making it takes up to three
requests, each skipped when the account shows it done: the gateway is registered
with the subscription (unless it is shared already), its resource-share invitation
accepted, then the attachment created. The CIDR blocks it routes change in place. Its
AWS account is the gateway's own (it registers the gateway and finds its invitation),
not compared: no request changes it, and no replacement would. Deleting it detaches the
gateway (the service keeps the gateway shared with the subscription).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, cast

import attrs

from ..._errors import ValidationError
from ..._handle import TaskHandle
from ...models.transit_gateway import (
    TransitGatewayAttachmentUpdateSpec,
    TransitGatewayCreateSpec,
    TransitGatewayDetails,
    TransitGatewayInvitation,
)
from .._compare import matches
from .._context import RunContext
from .._ensure import Ensured
from .._fields import Field, Observed, setting, unordered
from .._inventory import Found, Listing
from .._items import Item, Kind
from .._plan import ProSubscriptionPlan
from .._remove import absent
from .._results import ItemOutcome
from .._update import Step, run_steps
from .connectivity import Connectivity, Place, on

__all__ = ["TRANSIT_GATEWAYS", "TransitGateways"]

CIDRS = "cidrs"
FIELDS: tuple[Field, ...] = (setting(CIDRS, CIDRS, canon=unordered, created=False),)
#: The tasks' `commandType`s (the same on the per-region form).
REGISTER, ACCEPT = "tgwCreateRequest", "tgwAcceptInvitationRequest"
ATTACH, UPDATE, DETACH = (
    "tgwAttachmentCreateRequest",
    "tgwUpdateCidrsRequest",
    "tgwAttachmentDeleteRequest",
)


def _attached(gateway: TransitGatewayDetails) -> bool:
    return bool(gateway.attachment_uid)


class TransitGateways(Connectivity):
    name = Kind.TRANSIT_GATEWAY
    provider = "AWS"

    def entries(self, plan: ProSubscriptionPlan) -> list[TransitGatewayCreateSpec]:
        return plan.transit_gateways

    def entry_name(self, entry: TransitGatewayCreateSpec) -> str:
        return entry.aws_tgw_uid

    async def gateways(
        self, ctx: RunContext, place: Place, *, refresh: bool = False
    ) -> dict[str, Found]:
        """Every gateway shared with the place, attached or not, by its AWS id."""
        api = ctx.client.connectivity.transit_gateway

        async def load() -> Listing:
            listed = await on(place, api.list, api.list_for_region)()
            return {
                g.aws_tgw_uid: Found(g.id, g.attachment_status or None, g)
                for g in listed
                if g.aws_tgw_uid
            }

        key = (self.name, "gateways", place.subscription_id, place.region_id)
        return await ctx.inventory.read(key, load, refresh=refresh)

    async def listing(self, ctx: RunContext, place: Place, *, refresh: bool = False) -> Listing:
        """The place's attached gateways, by ``region:gateway``."""
        shared = await self.gateways(ctx, place, refresh=refresh)
        return {
            f"{place.region}:{uid}": one
            for uid, one in shared.items()
            if _attached(cast(TransitGatewayDetails, one.data))
        }

    async def create(self, ctx: RunContext, item: Item[TransitGatewayCreateSpec]) -> Ensured:
        """Register the gateway, accept its invitation and attach it: each step only if
        the account does not show it done (after its unknown tasks are waited out)."""
        place = await self.present_place(ctx, item)
        api = ctx.client.connectivity.transit_gateway
        spec = attrs.evolve(item.spec, region=None if place.region_id is None else place.region)

        async def shared() -> TransitGatewayDetails | None:
            found = (await self.gateways(ctx, place, refresh=True)).get(spec.aws_tgw_uid)
            return None if found is None else cast(TransitGatewayDetails, found.data)

        async def registered() -> int:
            gateway = await shared()
            if gateway is None and await ctx.wait_out_unknown_tasks(REGISTER):
                gateway = await shared()
            if gateway is not None:
                if gateway.status == "pending":
                    await accept(gateway.id)
                return gateway.id
            ctx.writes += 1
            task = await (await api.create(place.subscription_id, spec)).wait(timeout=ctx.timeout)
            assert task.resource_id is not None, "a registration names its gateway"
            await accept(task.resource_id)
            return task.resource_id

        async def accept(gateway_id: int) -> None:
            invitation = await self._invitation(ctx, place, gateway_id, spec.aws_account_id)
            if invitation is None and await ctx.wait_out_unknown_tasks(ACCEPT):
                invitation = await self._invitation(ctx, place, gateway_id, spec.aws_account_id)
            if invitation is not None:
                ctx.writes += 1
                accepting = on(place, api.accept_invitation, api.accept_invitation_for_region)
                await (await accepting(invitation.id)).wait(timeout=ctx.timeout)

        async def send() -> TaskHandle:
            gateway_id = await registered()
            return await on(place, api.create_attachment, api.create_attachment_for_region)(
                gateway_id
            )

        return await self.make(ctx, item, place, ATTACH, send)

    async def _invitation(
        self, ctx: RunContext, place: Place, gateway_id: int, account: str
    ) -> TransitGatewayInvitation | None:
        """The pending invitation that shares the gateway: the one whose share names the
        gateway's id, else the only one from its AWS account (None: none pending)."""
        api = ctx.client.connectivity.transit_gateway
        listed = await on(place, api.list_invitations, api.list_invitations_for_region)()
        pending = [i for i in listed if i.status == "pending" and i.aws_account_id == account]
        named = [
            i
            for i in pending
            if str(i.resource_share_uid or "").endswith(f"/{gateway_id}")
            or str(i.name or "").endswith(f"-{gateway_id}")
        ]
        if named or len(pending) <= 1:
            return next(iter(named or pending), None)
        raise ValidationError(
            "transit_gateways",
            f"{len(pending)} invitations from AWS account {account} are pending: accept the "
            f"one of gateway {gateway_id}, then apply again",
        )

    async def delete(self, ctx: RunContext, item: Item[Any]) -> ItemOutcome:
        """Detach the gateway."""
        place = await self.place(ctx, item)
        if place is None:
            return absent(item.key)
        api = ctx.client.connectivity.transit_gateway
        detaching = on(place, api.delete_attachment, api.delete_attachment_for_region)
        ops = self.removal(
            ctx, item, place, DETACH, lambda gateway_id: detaching(gateway_id, confirm=True)
        )
        return await self.removed(ctx, item, place, ops)

    # -- day 2 ---------------------------------------------------------------------------
    def fields(self, item: Item[TransitGatewayCreateSpec]) -> Sequence[Field]:
        return FIELDS

    def planned(self, item: Item[TransitGatewayCreateSpec]) -> dict[str, Any]:
        return {} if item.spec.cidrs is None else {CIDRS: item.spec.cidrs}

    async def observe(self, ctx: RunContext, item: Item[Any], found: Found) -> Observed:
        return Observed({CIDRS: cast(TransitGatewayDetails, found.data).routed_cidrs})

    async def update(
        self,
        ctx: RunContext,
        item: Item[TransitGatewayCreateSpec],
        found: Found,
        steps: Mapping[str, Mapping[str, Any]],
    ) -> list[str]:
        place = await self.present_place(ctx, item)
        api = ctx.client.connectivity.transit_gateway
        values = steps[CIDRS]
        spec = TransitGatewayAttachmentUpdateSpec(cidrs=list(values[CIDRS]))

        async def applied() -> bool | None:
            fresh = await self.find_in(ctx, item, refresh=True)
            return fresh is not None and matches(
                FIELDS, values, await self.observe(ctx, item, fresh)
            )

        step = Step(
            name=CIDRS,
            command=UPDATE,
            resource_id=found.resource_id,
            values=values,
            send=lambda: on(place, api.update_attachment, api.update_attachment_for_region)(
                found.resource_id, spec
            ),
            applied=applied,
            settle=lambda: self.parent.ready(ctx, place.subscription_id),
            busy=await self.home_busy(ctx, item),
        )
        async with self.lane(ctx, place.subscription_id):
            return await run_steps(ctx, item.key, [step])

    async def replace(self, ctx: RunContext, item: Item[TransitGatewayCreateSpec]) -> Ensured:
        raise AssertionError(f"{item.key}: its CIDRs change in place")  # pragma: no cover

    async def prune(self, ctx: RunContext, item: Item[Found]) -> ItemOutcome:
        return await self.delete(ctx, item)

    async def export(self, ctx: RunContext, item: Item[Found]) -> TransitGatewayCreateSpec:
        """The attachment as the account holds it: its gateway, account and CIDRs."""
        gateway = cast(TransitGatewayDetails, item.spec.data)
        place = await self.present_place(ctx, item)
        return TransitGatewayCreateSpec(
            aws_tgw_uid=gateway.aws_tgw_uid or "",
            aws_account_id=gateway.aws_account_id or "",
            cidrs=gateway.routed_cidrs or None,
            region=None if place.region_id is None else place.region,
        )

    def writes(self, item: Item[TransitGatewayCreateSpec]) -> int:
        """Its registration, the acceptance of its invitation, its attachment."""
        return 3


TRANSIT_GATEWAYS = TransitGateways()
