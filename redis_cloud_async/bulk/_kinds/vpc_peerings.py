"""VPC peerings of Pro subscriptions, planned as a `PeeringSpec`.

A peering has no name: its identity is where it starts (the region) and what it
peers with (the VPC, or the GCP project and network). Peering changes hold no
pending-subscription slot, but they take the subscription's lane. An AWS peering's
CIDR blocks change in place; its account and destination region cannot.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any, cast

from ..._handle import TaskHandle
from ...models.subscriptions import Subscription
from ...models.vpc_peering import (
    ActiveActiveVpcPeeringConnection,
    AwsActiveActiveVpcPeeringCreateSpec,
    AwsVpcPeeringCreateSpec,
    GcpActiveActiveVpcPeeringCreateSpec,
    GcpVpcPeeringCreateSpec,
    VpcPeeringConnection,
    VpcPeeringUpdateSpec,
)
from .._compare import matches
from .._context import RunContext
from .._costs import Costs
from .._ensure import Ensured, Ops, ensure
from .._fields import Field, Observed, fixed, setting, unordered
from .._floors import Floors
from .._inventory import Found, Listing
from .._items import Item, ItemKey, Kind
from .._plan import ActiveActivePeeringSpec, PeeringSpec, Plan
from .._remove import RemoveOps, absent, remove
from .._results import ItemOutcome
from .._update import Step, run_steps
from .in_subscription import InSubscription, planned_in
from .pro_subscriptions import PRO_SUBSCRIPTIONS

__all__ = ["VPC_PEERINGS", "VpcPeerings", "peering_name"]

_FIXED = "chosen when the peering is requested (no update request takes it)"
CIDRS = "cidrs"
FIELDS: tuple[Field, ...] = (
    setting("vpc_cidrs", CIDRS, canon=unordered),
    fixed("aws_account_id", _FIXED),
    fixed("destination_region", _FIXED),
)


def peering_name(spec: PeeringSpec) -> str:
    """A peering's identity: where it starts and what it peers with."""
    region = getattr(spec, "source_region", None) or getattr(spec, "region", None) or "-"
    target = getattr(spec, "vpc_id", None) or _network(
        getattr(spec, "vpc_project_uid", None), getattr(spec, "vpc_network_name", None)
    )
    return f"{region}:{target}"


def _network(project: str | None, network: str | None) -> str:
    """A GCP peering's target."""
    return f"{project or ''}/{network or ''}"


class VpcPeerings(InSubscription):
    name = Kind.VPC_PEERING
    parent = PRO_SUBSCRIPTIONS
    update_command = "vpcPeeringUpdateRequest"

    def items(self, plan: Plan, costs: Costs) -> Iterator[Item[PeeringSpec]]:
        for sub in plan.subscriptions:
            parent = self.parent.key(sub.name)
            for peering in sub.peerings:
                yield Item(
                    key=self.key(sub.name, peering_name(peering)),
                    spec=peering,
                    deps=(parent,),
                    parent=parent,
                )

    async def find(
        self, ctx: RunContext, subscription_id: int, spec: PeeringSpec, *, refresh: bool = False
    ) -> Found | None:
        """The subscription's peering with the identity of `spec`, if it has it."""
        active_active = isinstance(spec, ActiveActivePeeringSpec)
        listing = await self.listing(ctx, subscription_id, active_active, refresh=refresh)
        return listing.get(peering_name(spec))

    async def listing(
        self, ctx: RunContext, subscription_id: int, active_active: bool, *, refresh: bool = False
    ) -> Listing:
        """The subscription's peerings by identity (the listed peering as `data`)."""
        peering = ctx.client.connectivity.vpc_peering

        async def load() -> Listing:
            found: Listing = {}
            if active_active:
                for area in await peering.list_active_active(subscription_id):
                    for aa in area.vpc_peerings:
                        target = aa.vpc_uid or _network(aa.vpc_project_uid, aa.vpc_network_name)
                        source = aa.source_region or area.region or "-"
                        found[f"{source}:{target}"] = Found(aa.id, aa.status, aa)
                return found
            for one in await peering.list(subscription_id):
                target = one.vpc_uid or _network(one.project_uid, one.network_name)
                where = one.region_name if one.vpc_uid else None
                found[f"{where or '-'}:{target}"] = Found(one.vpc_peering_id, one.status, one)
            return found

        return await ctx.inventory.read((self.name, subscription_id), load, refresh=refresh)

    async def create(self, ctx: RunContext, item: Item[PeeringSpec]) -> Ensured:
        parent = self.home(ctx, item)
        sub_id = parent.resource_id
        spec = item.spec
        peering = ctx.client.connectivity.vpc_peering

        async def send() -> TaskHandle:
            if isinstance(spec, ActiveActivePeeringSpec):
                return await peering.create_active_active(sub_id, spec)
            return await peering.create(sub_id, spec)

        ops = Ops(
            command="vpcPeeringCreateRequest",
            find=lambda refresh: self.find(ctx, sub_id, spec, refresh=refresh),
            send=send,
            settle=lambda: self.parent.ready(ctx, sub_id),
        )
        async with self.lane(ctx, sub_id):
            return await ensure(ctx, item.key, ops, look=not parent.created)

    async def delete(self, ctx: RunContext, item: Item[PeeringSpec]) -> ItemOutcome:
        sub_id = await self.home_id(ctx, item)
        if sub_id is None:
            return absent(item.key)
        spec = item.spec
        active_active = isinstance(spec, ActiveActivePeeringSpec)
        return await self._remove(
            ctx,
            item.key,
            sub_id,
            active_active,
            lambda refresh: self.find(ctx, sub_id, spec, refresh=refresh),
        )

    async def _remove(
        self, ctx: RunContext, key: ItemKey, sub_id: int, active_active: bool, find: Any
    ) -> ItemOutcome:
        peering = ctx.client.connectivity.vpc_peering

        async def delete(peering_id: int) -> TaskHandle:
            if active_active:
                return await peering.delete_active_active(sub_id, peering_id, confirm=True)
            return await peering.delete(sub_id, peering_id, confirm=True)

        ops = RemoveOps(command="vpcPeeringDeleteRequest", find=find, delete=delete)
        async with self.lane(ctx, sub_id):
            return await remove(ctx, key, ops)

    # -- day 2 ---------------------------------------------------------------------------
    def fields(self, item: Item[PeeringSpec]) -> Sequence[Field]:
        return FIELDS

    def planned(self, item: Item[PeeringSpec]) -> dict[str, Any]:
        spec = item.spec
        cidr = getattr(spec, "vpc_cidr", None)
        values = {
            "vpc_cidrs": getattr(spec, "vpc_cidrs", None) or ([cidr] if cidr else None),
            "aws_account_id": getattr(spec, "aws_account_id", None),
            "destination_region": getattr(spec, "destination_region", None),
        }
        return {name: value for name, value in values.items() if value is not None}

    async def locate(
        self, ctx: RunContext, item: Item[PeeringSpec], *, refresh: bool = False
    ) -> Found | None:
        sub_id = await self.home_id(ctx, item)
        if sub_id is None:
            return None
        return await self.find(ctx, sub_id, item.spec, refresh=refresh)

    async def observe(self, ctx: RunContext, item: Item[PeeringSpec], found: Found) -> Observed:
        listed = found.data
        values = {
            "vpc_cidrs": getattr(listed, "cidrs", None),
            "aws_account_id": getattr(listed, "aws_account_id", None),
            "destination_region": getattr(listed, "destination_region", None),
        }
        return Observed({name: value for name, value in values.items() if value is not None})

    async def update(
        self,
        ctx: RunContext,
        item: Item[PeeringSpec],
        found: Found,
        steps: Mapping[str, Mapping[str, Any]],
    ) -> list[str]:
        sub_id = await self.present_home_id(ctx, item)
        values = steps[CIDRS]
        peering = ctx.client.connectivity.vpc_peering
        spec = VpcPeeringUpdateSpec(vpc_cidrs=list(values["vpc_cidrs"]))

        async def send() -> TaskHandle:
            if isinstance(item.spec, ActiveActivePeeringSpec):
                return await peering.update_active_active(sub_id, found.resource_id, spec)
            return await peering.update(sub_id, found.resource_id, spec)

        async def applied() -> bool | None:
            fresh = await self.find(ctx, sub_id, item.spec, refresh=True)
            return fresh is not None and matches(
                FIELDS, values, await self.observe(ctx, item, fresh)
            )

        step = Step(
            name=CIDRS,
            command=self.update_command,
            resource_id=found.resource_id,
            values=values,
            send=send,
            applied=applied,
            settle=lambda: self.parent.ready(ctx, sub_id),
            busy=await self.home_busy(ctx, item),
        )
        async with self.lane(ctx, sub_id):
            return await run_steps(ctx, item.key, [step])

    async def replace(self, ctx: RunContext, item: Item[PeeringSpec]) -> Ensured:
        """Delete the peering, then request it anew."""
        await self.delete(ctx, item)
        await self.find(ctx, self.home(ctx, item).resource_id, item.spec, refresh=True)
        return await self.create(ctx, item)

    async def residents(
        self, ctx: RunContext, subscription: Item[Any], found: Found, *, thorough: bool
    ) -> dict[ItemKey, Found]:
        """Its peerings, when the plan names some there or asks for every unmanaged
        item (reading them is a task of the account's queue)."""
        plan = planned_in(subscription)
        if not (thorough or (plan is not None and plan.peerings)):
            return {}
        active_active = cast(Subscription, found.data).is_active_active
        listing = await self.listing(ctx, found.resource_id, active_active)
        return {self.key(subscription.key.name, name): one for name, one in listing.items()}

    async def prune(self, ctx: RunContext, item: Item[Found]) -> ItemOutcome:
        sub_id = self.home(ctx, item).resource_id
        active_active = isinstance(item.spec.data, ActiveActiveVpcPeeringConnection)
        name = self.local_name(item)

        async def find(refresh: bool) -> Found | None:
            listing = await self.listing(ctx, sub_id, active_active, refresh=refresh)
            return listing.get(name)

        return await self._remove(ctx, item.key, sub_id, active_active, find)

    async def export(self, ctx: RunContext, item: Item[Found]) -> PeeringSpec:
        """The peering's request as the account shows it: where it starts, what it peers
        with, and (AWS) its CIDR blocks."""
        listed = cast(VpcPeeringConnection | ActiveActiveVpcPeeringConnection, item.spec.data)
        region = self.local_name(item).split(":", 1)[0]
        aws = listed.vpc_uid is not None
        if isinstance(listed, ActiveActiveVpcPeeringConnection):
            if aws:
                return AwsActiveActiveVpcPeeringCreateSpec(
                    source_region=region,
                    destination_region=listed.destination_region or listed.region_name or "",
                    aws_account_id=listed.aws_account_id or "",
                    vpc_id=listed.vpc_uid or "",
                    vpc_cidrs=listed.cidrs,
                )
            return GcpActiveActiveVpcPeeringCreateSpec(
                source_region=region,
                vpc_project_uid=listed.vpc_project_uid or "",
                vpc_network_name=listed.vpc_network_name or "",
            )
        if aws:
            return AwsVpcPeeringCreateSpec(
                region=region,
                aws_account_id=listed.aws_account_id or "",
                vpc_id=listed.vpc_uid or "",
                vpc_cidrs=listed.cidrs,
            )
        return GcpVpcPeeringCreateSpec(
            vpc_project_uid=listed.project_uid or "", vpc_network_name=listed.network_name or ""
        )

    def bound(self, item: Item[PeeringSpec], floors: Floors) -> None:
        """One write, after its subscription."""
        floors.writes += 1


VPC_PEERINGS = VpcPeerings()
