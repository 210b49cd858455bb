"""What the connectivity kinds (PrivateLink, transit gateway attachments, Private
Service Connect) share: where an item is, and the lists it is found in.

Each lives in a Pro subscription, or in one region of an Active-Active one: its key
names that region first (``private-link:orders/us-east-1``; a single-region
subscription's own region), and its requests take the region's id there. Reading them
costs a task of the account's queue (the service answers these reads through tasks),
so each list is read once per run and place. Their changes leave the subscription
active (no pending-subscription slot), but take the subscription's lane, and wait
for it to be active again when the service refuses them because it is busy.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator, Sequence
from typing import Any, TypeVar, cast

import attrs

from ..._clock import now, sleep
from ..._errors import NotFoundError, ReadinessTimeoutError, TaskFailedError
from ..._handle import TaskHandle
from ...models.subscriptions import Subscription
from .._context import RunContext
from .._costs import Costs
from .._ensure import Ensured, Ops, ensure
from .._floors import Floors
from .._inventory import Found, Listing
from .._items import Item, ItemKey
from .._plan import Plan, ProSubscriptionPlan
from .._remove import RemoveOps, remove
from .._results import ItemOutcome
from .active_active_regions import ACTIVE_ACTIVE_REGIONS
from .in_subscription import InSubscription, parent_of, planned_in
from .pro_subscriptions import PRO_SUBSCRIPTIONS

__all__ = ["Connectivity", "Place", "absent_on", "on", "planned_in", "regional"]

T = TypeVar("T")


def regional(command: str, place: Place) -> str:
    """A task's `commandType` on the per-region form: ``activeActive`` + the name
    (``activeActivePrivateLinkCreateRequest``), as the service names them."""
    if place.region_id is None:
        return command
    return "activeActive" + command[:1].upper() + command[1:]


def on(
    place: Place, single: Callable[..., Awaitable[T]], per_region: Callable[..., Awaitable[T]]
) -> Callable[..., Awaitable[T]]:
    """The client method for the place (subscription-wide, or per region), its ids given."""
    method = single if place.region_id is None else per_region
    return lambda *rest, **options: method(*place.args(), *rest, **options)


@attrs.frozen
class Place:
    """Where a connectivity item is: its subscription, and its region (the region's id
    for an Active-Active subscription; None for a single-region one)."""

    subscription_id: int
    region: str
    region_id: int | None = None

    def args(self) -> tuple[int, ...]:
        """The path's ids: the subscription's, then the region's (Active-Active)."""
        if self.region_id is None:
            return (self.subscription_id,)
        return (self.subscription_id, self.region_id)


class Connectivity(InSubscription):
    """A kind of connectivity item of Pro subscriptions."""

    parent = PRO_SUBSCRIPTIONS
    #: The cloud that offers it (``AWS``, ``GCP``).
    provider: str

    def entries(self, plan: ProSubscriptionPlan) -> Sequence[Any]:
        """The subscription's plan entries of this kind (each with its `region`)."""
        raise NotImplementedError

    def entry_name(self, entry: Any) -> str | None:
        """What names an entry in its region (None: one per region)."""
        return None

    def items(self, plan: Plan, costs: Costs) -> Iterator[Item[Any]]:
        """Each entry after its subscription (and, Active-Active, its region)."""
        for sub in plan.subscriptions:
            for entry in self.entries(sub):
                region = sub.region_of(entry.region)
                yield Item(
                    key=self.place_key(sub.name, region, self.entry_name(entry)),
                    spec=entry,
                    deps=self.deps(sub, region),
                    parent=self.parent.key(sub.name),
                )

    def named_in(self, plan: ProSubscriptionPlan) -> bool:
        """Whether the plan names items of this kind in the subscription."""
        return bool(self.entries(plan))

    def region_of(self, item: Item[Any]) -> str:
        """The region in the item's key (its first part)."""
        return self.local_name(item).split(":", 1)[0]

    def place_key(self, subscription: str, region: str, name: str | None = None) -> ItemKey:
        """The key of an item in a region (``region`` or ``region:name``)."""
        return self.key(subscription, region if name is None else f"{region}:{name}")

    def deps(self, plan: ProSubscriptionPlan, region: str) -> tuple[ItemKey, ...]:
        """Its subscription and, Active-Active, its region."""
        parent = self.parent.key(plan.name)
        if not plan.active_active:
            return (parent,)
        return (parent, ACTIVE_ACTIVE_REGIONS.key(plan.name, region))

    async def place(self, ctx: RunContext, item: Item[Any]) -> Place | None:
        """Where the item is, None when its subscription (or region) is absent."""
        parent = parent_of(item)
        sub = await self.parent.find(ctx, parent.name)
        if sub is None and parent in ctx.subscriptions:  # made after the list was read
            sub = await self.parent.find(ctx, parent.name, refresh=True)
        if sub is None:
            return None
        region = self.region_of(item)
        if not cast(Subscription, sub.data).is_active_active:
            return Place(sub.resource_id, region)
        regions = ACTIVE_ACTIVE_REGIONS
        found = await regions.find(ctx, sub.resource_id, region)
        if found is None:  # a region this run added after the list was read
            found = await regions.find(ctx, sub.resource_id, region, refresh=True)
        return None if found is None else Place(sub.resource_id, region, found.resource_id)

    async def present_place(self, ctx: RunContext, item: Item[Any]) -> Place:
        """Where the item is, which must exist (`NotFoundError` if not)."""
        place = await self.place(ctx, item)
        if place is None:
            name = parent_of(item).name
            raise NotFoundError(
                f"{item.key}: subscription {name!r} or its region is gone",
                method="GET",
                path=name,
                status=404,
            )
        return place

    async def places(self, ctx: RunContext, found: Found) -> list[Place]:
        """Every place of a found subscription where it can be: each region of an
        Active-Active one, else the subscription; none on another cloud."""
        sub = cast(Subscription, found.data)
        cloud = sub.cloud_details[0] if sub.cloud_details else None
        if cloud is None or cloud.provider != self.provider:
            return []
        if not sub.is_active_active:
            regions = cloud.regions
            return [Place(found.resource_id, regions[0].region or "")] if regions else []
        listing = await ACTIVE_ACTIVE_REGIONS.listing(ctx, found.resource_id)
        return [Place(found.resource_id, name, one.resource_id) for name, one in listing.items()]

    async def read(
        self,
        ctx: RunContext,
        place: Place,
        load: Callable[[], Awaitable[Listing]],
        *,
        refresh: bool = False,
    ) -> Listing:
        """The place's list of this kind (read once per run, or again on `refresh`)."""
        key = (self.name, place.subscription_id, place.region_id)
        return await ctx.inventory.read(key, load, refresh=refresh)

    async def residents(
        self, ctx: RunContext, subscription: Item[Any], found: Found, *, thorough: bool
    ) -> dict[ItemKey, Found]:
        """Its items in the subscription, when the plan names some there or asks for
        everything (reading them is a task of the account's queue per place)."""
        plan = planned_in(subscription)
        if not thorough and (plan is None or not self.named_in(plan)):
            return {}
        found_all: dict[ItemKey, Found] = {}
        for place in await self.places(ctx, found):
            for name, one in (await self.listing(ctx, place)).items():
                found_all[self.key(subscription.key.name, name)] = one
        return found_all

    async def listing(self, ctx: RunContext, place: Place, *, refresh: bool = False) -> Listing:
        """The place's items of this kind, by their names in the subscription."""
        raise NotImplementedError

    async def find_in(
        self, ctx: RunContext, item: Item[Any], *, refresh: bool = False
    ) -> Found | None:
        """The item in its place's list, if it is there."""
        place = await self.place(ctx, item)
        if place is None:
            return None
        return (await self.listing(ctx, place, refresh=refresh)).get(self.local_name(item))

    async def locate(
        self, ctx: RunContext, item: Item[Any], *, refresh: bool = False
    ) -> Found | None:
        return await self.find_in(ctx, item, refresh=refresh)

    async def make(
        self,
        ctx: RunContext,
        item: Item[Any],
        place: Place,
        command: str,
        send: Callable[[], Awaitable[TaskHandle]],
        *,
        ready: Callable[[int], Awaitable[object]] | None = None,
    ) -> Ensured:
        """Find the item in its place or `send` its create (see `ensure`), in its
        subscription's lane; a create refused while the subscription is busy is sent
        again once it settles."""
        ops = Ops(
            command=command,
            find=lambda refresh: self.find_in(ctx, item, refresh=refresh),
            send=send,
            ready=ready,
            settle=lambda: self.parent.ready(ctx, place.subscription_id),
        )
        async with self.lane(ctx, place.subscription_id):
            return await ensure(ctx, item.key, ops, look=not self.home(ctx, item).created)

    def removal(
        self,
        ctx: RunContext,
        item: Item[Any],
        place: Place,
        command: str,
        delete: Callable[[int], Awaitable[TaskHandle]],
        *,
        gone: Callable[[int], Awaitable[object]] | None = None,
    ) -> RemoveOps:
        """How to delete the item found in its place (see `remove`)."""
        return RemoveOps(
            command=command,
            find=lambda refresh: self.find_in(ctx, item, refresh=refresh),
            delete=delete,
            gone=gone,
            settle=lambda: self.parent.ready(ctx, place.subscription_id),
        )

    async def removed(
        self, ctx: RunContext, item: Item[Any], place: Place, ops: RemoveOps
    ) -> ItemOutcome:
        """Delete the item (`ops`: its `removal`) in its subscription's lane."""
        async with self.lane(ctx, place.subscription_id):
            return await remove(ctx, item.key, ops)

    async def until(
        self,
        ctx: RunContext,
        key: ItemKey,
        look: Callable[[], Awaitable[Found | None]],
        done: Callable[[Found | None], bool],
    ) -> None:
        """Look again (each look a task of the account's queue), with the client's poll
        intervals, until `done`; bounded by the run's timeout."""
        poll = ctx.client.poll
        delay = poll.initial
        began = now()
        while True:
            seen = await look()
            if done(seen):
                return
            if ctx.timeout is not None and now() - began + delay > ctx.timeout:
                raise ReadinessTimeoutError(
                    kind=str(key.kind),
                    resource_id=key.name,
                    timeout=ctx.timeout,
                    last_status=None if seen is None else seen.status,
                )
            await sleep(delay)
            delay = min(delay * poll.factor, poll.maximum)

    def bound(self, item: Item[Any], floors: Floors) -> None:
        """Its writes, one task after the other, once what it waits for is ready (they
        leave the subscription active: no pending slot)."""
        writes = self.writes(item)
        floors.writes += writes
        ready = floors.after(item.deps) + writes * floors.costs.task + self.settling(floors)
        floors.ready[item.key] = ready
        floors.chain = max(floors.chain, ready)

    def writes(self, item: Item[Any]) -> int:
        """How many writes make the item."""
        return 1

    def settling(self, floors: Floors) -> float:
        """How long after its last task it is ready (waited for: a PSC service)."""
        return 0.0


async def absent_on(read: Callable[[], Awaitable[T]], errors: tuple[str, ...]) -> T | None:
    """The read's answer, or None when the service says there is none (a task that
    fails with one of `errors`, or a 404)."""
    try:
        return await read()
    except NotFoundError:
        return None
    except TaskFailedError as error:
        if error.error_type in errors:
            return None
        raise
