"""Regions of Active-Active subscriptions, planned as `RegionSpec`.

A region comes with its subscription's create request; one an existing subscription
lacks is added (the subscription is pending meanwhile, so the add holds a slot). A
region goes with its subscription: a destroy removes the subscription, not the region.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..._handle import TaskHandle
from ...models.subscription_settings import ActiveActiveRegionSpec
from ...models.subscriptions import RegionSpec
from .._context import RunContext
from .._costs import Costs
from .._ensure import Ensured, Ops, ensure
from .._floors import Floors
from .._inventory import Found, Listing
from .._items import Item, ItemKey, Kind
from .._plan import Plan, ProSubscriptionPlan
from .._results import ItemOutcome
from .in_subscription import InSubscription, parent_of
from .pro_subscriptions import PRO_SUBSCRIPTIONS

__all__ = ["ACTIVE_ACTIVE_REGIONS", "ActiveActiveRegions"]


class ActiveActiveRegions(InSubscription):
    name = Kind.ACTIVE_ACTIVE_REGION
    parent = PRO_SUBSCRIPTIONS
    removed_with_parent = True
    command = "activeActiveRegionCreateRequest"

    def keys(self, sub: ProSubscriptionPlan) -> tuple[ItemKey, ...]:
        """The keys of the subscription's regions (none for a single-region one)."""
        return tuple(self.key(sub.name, region) for region in sub.active_active_regions())

    def items(self, plan: Plan, costs: Costs) -> Iterator[Item[RegionSpec]]:
        for sub in plan.subscriptions:
            if not sub.active_active:
                continue
            parent = self.parent.key(sub.name)
            for provider in sub.spec.cloud_providers:
                for region in provider.regions:
                    yield Item(
                        key=self.key(sub.name, region.region),
                        spec=region,
                        deps=(parent,),
                        parent=parent,
                        chain=costs.subscription,
                    )

    async def find(
        self, ctx: RunContext, subscription_id: int, region: str, *, refresh: bool = False
    ) -> Found | None:
        """The subscription's region of this name, if it has it."""

        async def load() -> Listing:
            regions = await ctx.client.active_active.list_regions(subscription_id)
            return {r.region: Found(r.region_id or 0, r.status) for r in regions}

        return await self.listed(ctx, subscription_id, region, load, refresh=refresh)

    async def create(self, ctx: RunContext, item: Item[RegionSpec]) -> Ensured:
        parent = self.home(ctx, item)
        sub_id = parent.resource_id
        region = item.spec
        networking = region.networking

        async def send() -> TaskHandle:
            cidr = networking.deployment_cidr if networking else None
            spec = ActiveActiveRegionSpec(
                region=region.region,
                deployment_cidr=cidr or "",
                vpc_id=networking.vpc_id if networking else None,
                preferred_availability_zones=region.preferred_availability_zones,
            )
            return await ctx.client.active_active.add_region(sub_id, spec)

        async def ready(_: int) -> object:
            return await self.parent.ready(ctx, sub_id)

        ops = Ops(
            command=self.command,
            find=lambda refresh: self.find(ctx, sub_id, region.region, refresh=refresh),
            send=send,
            ready=ready,
            slot=lambda: ctx.slots.hold(item.chain),
            settle=lambda: ready(sub_id),
        )
        async with self.lane(ctx, sub_id):
            return await ensure(ctx, item.key, ops, carried=parent.created)

    async def delete(self, ctx: RunContext, item: Item[RegionSpec]) -> ItemOutcome:
        """Gone with its subscription (which this item waited for)."""
        present = await self.home_id(ctx, item)
        return ItemOutcome(item=str(item.key), status="absent" if present is None else "deleted")

    def bound(self, item: Item[RegionSpec], floors: Floors) -> None:
        """Ready with its subscription (its create request makes it)."""
        floors.ready[item.key] = floors.ready[parent_of(item)]


ACTIVE_ACTIVE_REGIONS = ActiveActiveRegions()
