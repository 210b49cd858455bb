"""What the kinds that live in a subscription (databases, regions, peerings) share:
how they reach their subscription, and their lists, one per subscription."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from contextlib import AbstractAsyncContextManager
from typing import Any

from ..._errors import NotFoundError
from .._context import RunContext, SubscriptionState
from .._costs import Costs
from .._inventory import Found, Listing
from .._items import Item, ItemKey, Kind
from .._plan import ProSubscriptionPlan
from .subscriptions import SubscriptionKind

__all__ = ["InSubscription", "parent_of", "planned_in"]


def parent_of(item: Item[Any]) -> ItemKey:
    """The key of the subscription an item lives in."""
    assert item.parent is not None, f"{item.key} lives in no subscription"
    return item.parent


def planned_in(subscription: Item[Any]) -> ProSubscriptionPlan | None:
    """The plan of a Pro subscription item (None when `export` lists what it found:
    its `spec` is then the found subscription)."""
    spec = subscription.spec
    return spec if isinstance(spec, ProSubscriptionPlan) else None


class InSubscription:
    """A kind whose items live in a subscription of the kind `parent`."""

    name: Kind
    parent: SubscriptionKind[Any]
    removed_with_parent = False

    def key(self, subscription: str, name: str) -> ItemKey:
        """The key of the item called `name` in the subscription."""
        return ItemKey(self.name, f"{subscription}/{name}")

    def local_name(self, item: Item[Any]) -> str:
        """The item's name inside its subscription (its key without the subscription)."""
        return item.key.name[len(parent_of(item).name) + 1 :]

    def pending_seconds(self, item: Item[Any], step: str | None, costs: Costs) -> float | None:
        """A write that leaves its subscription as it is (one task), unless the kind
        says otherwise."""
        return None

    def home(self, ctx: RunContext, item: Item[Any]) -> SubscriptionState:
        """The item's subscription, as this run found or made it (its items wait for it)."""
        return ctx.subscriptions[parent_of(item)]

    async def home_id(self, ctx: RunContext, item: Item[Any]) -> int | None:
        """The id of the item's subscription, as this run found or made it, else looked
        up by name; None if it is absent."""
        state = ctx.subscriptions.get(parent_of(item))
        if state is not None:
            return state.resource_id
        found = await self.parent.find(ctx, parent_of(item).name)
        return None if found is None else found.resource_id

    async def present_home_id(self, ctx: RunContext, item: Item[Any]) -> int:
        """The id of the item's subscription, which must exist (`NotFoundError` if not)."""
        sub_id = await self.home_id(ctx, item)
        if sub_id is None:
            name = parent_of(item).name
            raise NotFoundError(
                f"subscription {name!r} is gone", method="GET", path=name, status=404
            )
        return sub_id

    async def home_busy(self, ctx: RunContext, item: Item[Any]) -> bool:
        """Whether the item's subscription was last seen changing (not active)."""
        found = await self.parent.find(ctx, parent_of(item).name)
        return found is not None and not found.active

    def lane(self, ctx: RunContext, subscription_id: int) -> AbstractAsyncContextManager[None]:
        """One change at a time in the subscription."""
        return ctx.lane(self.parent.name, subscription_id)

    async def listed(
        self,
        ctx: RunContext,
        subscription_id: int,
        name: str,
        load: Callable[[], Awaitable[Listing]],
        *,
        refresh: bool,
    ) -> Found | None:
        """The item called `name` in the subscription's list of this kind (`load`)."""
        listing = await ctx.inventory.read((self.name, subscription_id), load, refresh=refresh)
        return listing.get(name)
