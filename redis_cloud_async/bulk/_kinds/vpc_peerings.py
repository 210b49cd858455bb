"""VPC peerings of Pro subscriptions, planned as a `PeeringSpec`.

A peering has no name: its identity is where it starts (the region) and what it
peers with (the VPC, or the GCP project and network). Peering changes hold no
pending-subscription slot, but they take the subscription's lane.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..._handle import TaskHandle
from .._context import RunContext
from .._costs import Costs
from .._ensure import Ensured, Ops, ensure
from .._floors import Floors
from .._inventory import Found, Listing
from .._items import Item, Kind
from .._plan import ActiveActivePeeringSpec, PeeringSpec, Plan
from .._remove import RemoveOps, absent, remove
from .._results import ItemOutcome
from .in_subscription import InSubscription
from .pro_subscriptions import PRO_SUBSCRIPTIONS

__all__ = ["VPC_PEERINGS", "VpcPeerings", "peering_name"]


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
        peering = ctx.client.connectivity.vpc_peering
        active_active = isinstance(spec, ActiveActivePeeringSpec)

        async def load() -> Listing:
            found: Listing = {}
            if active_active:
                for area in await peering.list_active_active(subscription_id):
                    for aa in area.vpc_peerings:
                        target = aa.vpc_uid or _network(aa.vpc_project_uid, aa.vpc_network_name)
                        source = aa.source_region or area.region or "-"
                        found[f"{source}:{target}"] = Found(aa.id, aa.status)
                return found
            for one in await peering.list(subscription_id):
                target = one.vpc_uid or _network(one.project_uid, one.network_name)
                where = one.region_name if one.vpc_uid else None
                found[f"{where or '-'}:{target}"] = Found(one.vpc_peering_id, one.status)
            return found

        return await self.listed(ctx, subscription_id, peering_name(spec), load, refresh=refresh)

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
        peering = ctx.client.connectivity.vpc_peering

        async def delete(peering_id: int) -> TaskHandle:
            if isinstance(spec, ActiveActivePeeringSpec):
                return await peering.delete_active_active(sub_id, peering_id, confirm=True)
            return await peering.delete(sub_id, peering_id, confirm=True)

        ops = RemoveOps(
            command="vpcPeeringDeleteRequest",
            find=lambda refresh: self.find(ctx, sub_id, spec, refresh=refresh),
            delete=delete,
        )
        async with self.lane(ctx, sub_id):
            return await remove(ctx, item.key, ops)

    def bound(self, item: Item[PeeringSpec], floors: Floors) -> None:
        """One write, after its subscription."""
        floors.writes += 1


VPC_PEERINGS = VpcPeerings()
