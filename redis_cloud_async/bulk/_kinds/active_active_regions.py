"""Regions of Active-Active subscriptions, planned as `RegionSpec`.

A region comes with its subscription's create request; one an existing subscription
lacks is added (the subscription is pending meanwhile, so the add holds a slot). A
region goes with its subscription: a destroy removes the subscription, not the region.
A region nothing in it can change: a new deployment CIDR (or VPC) is a replacement,
the region removed and added again; a region the plan no longer names is pruned.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any, cast

from ..._handle import TaskHandle
from ...models.subscription_settings import ActiveActiveRegion, ActiveActiveRegionSpec
from ...models.subscriptions import RegionNetworkingSpec, RegionSpec, Subscription
from .._context import RunContext
from .._costs import Costs
from .._ensure import Ensured, Ops, ensure
from .._fields import Field, Observed, fixed
from .._floors import Floors
from .._inventory import Found, Listing
from .._items import Item, ItemKey, Kind
from .._plan import Plan, ProSubscriptionPlan
from .._remove import RemoveOps, remove
from .._results import ItemOutcome
from .in_subscription import InSubscription, parent_of
from .pro_subscriptions import PRO_SUBSCRIPTIONS, own_account

__all__ = ["ACTIVE_ACTIVE_REGIONS", "ActiveActiveRegions"]


_FIXED = "a region's network is set when it is added (remove the region and add it again)"
FIELDS: tuple[Field, ...] = (fixed("deployment_cidr", _FIXED), fixed("vpc_id", _FIXED))


class ActiveActiveRegions(InSubscription):
    name = Kind.ACTIVE_ACTIVE_REGION
    parent = PRO_SUBSCRIPTIONS
    removed_with_parent = True
    command = "activeActiveRegionCreateRequest"
    delete_command = "activeActiveRegionDeleteRequest"

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
                        chain=costs.region,
                    )

    async def find(
        self, ctx: RunContext, subscription_id: int, region: str, *, refresh: bool = False
    ) -> Found | None:
        """The subscription's region of this name, if it has it."""

        return (await self.listing(ctx, subscription_id, refresh=refresh)).get(region)

    async def listing(
        self, ctx: RunContext, subscription_id: int, *, refresh: bool = False
    ) -> Listing:
        """The subscription's regions, by name (the listed region as `data`)."""

        async def load() -> Listing:
            regions = await ctx.client.active_active.list_regions(subscription_id)
            return {r.region: Found(r.region_id or 0, r.status, r) for r in regions}

        return await ctx.inventory.read((self.name, subscription_id), load, refresh=refresh)

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
            slot=lambda: ctx.slot(item, ctx.costs.region),
            settle=lambda: ready(sub_id),
        )
        async with self.lane(ctx, sub_id):
            return await ensure(ctx, item.key, ops, carried=parent.created)

    async def delete(self, ctx: RunContext, item: Item[RegionSpec]) -> ItemOutcome:
        """Gone with its subscription (which this item waited for)."""
        present = await self.home_id(ctx, item)
        return ItemOutcome(item=str(item.key), status="absent" if present is None else "deleted")

    # -- day 2 ---------------------------------------------------------------------------
    def fields(self, item: Item[RegionSpec]) -> Sequence[Field]:
        return FIELDS

    def planned(self, item: Item[RegionSpec]) -> dict[str, Any]:
        networking = item.spec.networking
        values = {
            "deployment_cidr": networking.deployment_cidr if networking else None,
            "vpc_id": networking.vpc_id if networking else None,
        }
        return {name: value for name, value in values.items() if value is not None}

    async def locate(
        self, ctx: RunContext, item: Item[RegionSpec], *, refresh: bool = False
    ) -> Found | None:
        sub_id = await self.home_id(ctx, item)
        if sub_id is None:
            return None
        return await self.find(ctx, sub_id, item.spec.region, refresh=refresh)

    async def observe(self, ctx: RunContext, item: Item[RegionSpec], found: Found) -> Observed:
        region = cast(ActiveActiveRegion, found.data)
        values = {"deployment_cidr": region.deployment_cidr, "vpc_id": region.vpc_id}
        return Observed({name: value for name, value in values.items() if value is not None})

    async def update(
        self,
        ctx: RunContext,
        item: Item[RegionSpec],
        found: Found,
        steps: Mapping[str, Mapping[str, Any]],
    ) -> list[str]:
        """Nothing in a region changes in place (its fields all mean a replacement)."""
        raise AssertionError(f"{item.key}: a region has no update step")  # pragma: no cover

    async def replace(self, ctx: RunContext, item: Item[RegionSpec]) -> Ensured:
        """Remove the region (its databases' data there with it), then add it anew."""
        sub_id = self.home(ctx, item).resource_id
        await self.remove_named(ctx, item.key, sub_id, item.spec.region)
        await self.find(ctx, sub_id, item.spec.region, refresh=True)
        return await self.create(ctx, item)

    async def remove_named(
        self, ctx: RunContext, key: ItemKey, subscription_id: int, region: str
    ) -> ItemOutcome:
        """Remove the subscription's region and wait until the subscription settles."""
        ops = RemoveOps(
            command=self.delete_command,
            find=lambda refresh: self.find(ctx, subscription_id, region, refresh=refresh),
            delete=lambda _: ctx.client.active_active.delete_regions(
                subscription_id, [region], confirm=True
            ),
            gone=lambda _: self.parent.ready(ctx, subscription_id),
            slot=lambda: ctx.slots.hold(),
            settle=lambda: self.parent.ready(ctx, subscription_id),
        )
        async with self.lane(ctx, subscription_id):
            return await remove(ctx, key, ops)

    async def residents(
        self, ctx: RunContext, subscription: Item[Any], found: Found, *, thorough: bool
    ) -> dict[ItemKey, Found]:
        if not cast(Subscription, found.data).is_active_active:
            return {}
        listing = await self.listing(ctx, found.resource_id)
        return {self.key(subscription.key.name, name): one for name, one in listing.items()}

    async def prune(self, ctx: RunContext, item: Item[Found]) -> ItemOutcome:
        sub_id = self.home(ctx, item).resource_id
        return await self.remove_named(ctx, item.key, sub_id, self.local_name(item))

    def pending_seconds(
        self, item: Item[RegionSpec], step: str | None, costs: Costs
    ) -> float | None:
        """Added to a subscription that exists (nothing in it changes in place)."""
        return costs.region if step is None else None

    async def export(self, ctx: RunContext, item: Item[Found]) -> RegionSpec:
        """The region and its deployment CIDR (its VPC is the service's, unless the
        subscription runs in your own cloud account)."""
        region = cast(ActiveActiveRegion, item.spec.data)
        sub = await self.parent.find(ctx, parent_of(item).name)
        own = sub is not None and own_account(sub)
        networking = RegionNetworkingSpec(
            deployment_cidr=region.deployment_cidr, vpc_id=region.vpc_id if own else None
        )
        return RegionSpec(region=self.local_name(item), networking=networking)

    def bound(self, item: Item[RegionSpec], floors: Floors) -> None:
        """Ready with its subscription (its create request makes it)."""
        floors.ready[item.key] = floors.ready[parent_of(item)]


ACTIVE_ACTIVE_REGIONS = ActiveActiveRegions()
