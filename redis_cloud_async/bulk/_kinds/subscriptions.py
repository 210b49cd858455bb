"""What Pro and Essentials subscriptions share: lookup, readiness, deletion, bound.

Creating or deleting a subscription leaves it non-active, so both hold a
pending-subscription slot until it is active again (or gone).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Awaitable, Callable, Iterator
from typing import Generic, Protocol, TypeVar

from ..._client import AsyncClient
from ..._handle import TaskHandle
from .._context import RunContext, SubscriptionState
from .._costs import Costs
from .._ensure import Ensured, Ops, ensure
from .._floors import Floors
from .._inventory import Found, Listing
from .._items import Item, ItemKey, Kind
from .._plan import Plan
from .._remove import RemoveOps, remove
from .._results import ItemOutcome
from .kind import Named

__all__ = ["SubscriptionArea", "SubscriptionKind"]


PlanT = TypeVar("PlanT", bound=Named)


class SubscriptionArea(Protocol):
    """The client namespace of a kind of subscription (`client.subscriptions`...)."""

    async def delete(self, subscription_id: int, *, confirm: bool = False) -> TaskHandle: ...

    async def wait_until_active(
        self, subscription_id: int, *, timeout: float | None = None
    ) -> object: ...

    async def wait_until_gone(
        self, subscription_id: int, *, timeout: float | None = None
    ) -> None: ...


class SubscriptionKind(ABC, Generic[PlanT]):
    """A kind of subscription, planned as `PlanT` (which names it)."""

    name: Kind
    removed_with_parent = False
    #: The tasks' `commandType` of a create and of a delete.
    create_command: str
    delete_command: str

    @abstractmethod
    def area(self, client: AsyncClient) -> SubscriptionArea:
        """The client namespace that serves this kind."""

    @abstractmethod
    async def listing(self, client: AsyncClient) -> Listing:
        """Every subscription of this kind in the account, by name."""

    @abstractmethod
    def planned(self, plan: Plan) -> list[PlanT]:
        """The plan's subscriptions of this kind."""

    @abstractmethod
    def seconds(self, costs: Costs) -> float:
        """How long a create leaves the subscription pending."""

    @abstractmethod
    def chain(self, spec: PlanT, costs: Costs, *, folding: bool) -> float:
        """The work that must happen in order from its create on (the scheduling
        priority); `folding`: new subscriptions carry the databases they can."""

    @abstractmethod
    async def create(self, ctx: RunContext, item: Item[PlanT]) -> Ensured:
        """Make the subscription exist (see `make`) and record it (see `made`)."""

    def key(self, name: str) -> ItemKey:
        return ItemKey(self.name, name)

    def items(self, plan: Plan, costs: Costs) -> Iterator[Item[PlanT]]:
        for spec in self.planned(plan):
            yield Item(
                key=self.key(spec.name), spec=spec, chain=self.chain(spec, costs, folding=True)
            )

    async def find(self, ctx: RunContext, name: str, *, refresh: bool = False) -> Found | None:
        """The subscription with this name, if the account has it."""
        listing = await ctx.inventory.read(
            self.name, lambda: self.listing(ctx.client), refresh=refresh
        )
        return listing.get(name)

    async def ready(self, ctx: RunContext, subscription_id: int) -> object:
        """Wait until the subscription is active (accepts changes again)."""
        return await self.area(ctx.client).wait_until_active(subscription_id, timeout=ctx.timeout)

    async def make(
        self, ctx: RunContext, item: Item[PlanT], send: Callable[[], Awaitable[TaskHandle]]
    ) -> Ensured:
        """Find the subscription or `send` its create, then wait until it is active."""
        ops = Ops(
            command=self.create_command,
            find=lambda refresh: self.find(ctx, item.key.name, refresh=refresh),
            send=send,
            ready=lambda subscription_id: self.ready(ctx, subscription_id),
            slot=lambda: ctx.slots.hold(item.chain),
        )
        return await ensure(ctx, item.key, ops)

    def made(
        self,
        ctx: RunContext,
        item: Item[PlanT],
        ensured: Ensured,
        carried: frozenset[str] = frozenset(),
    ) -> Ensured:
        """Record the subscription for its children (they run once it exists)."""
        assert ensured.resource_id is not None, "a subscription create names its subscription"
        ctx.subscriptions[item.key] = SubscriptionState(
            ensured.resource_id, created=ensured.created, carried=carried
        )
        return ensured

    async def delete(self, ctx: RunContext, item: Item[PlanT]) -> ItemOutcome:
        area = self.area(ctx.client)

        def find(refresh: bool) -> Awaitable[Found | None]:
            return self.find(ctx, item.key.name, refresh=refresh)

        async def settle() -> object:
            found = await find(False)
            if found is None:
                return None
            return await self.ready(ctx, found.resource_id)

        ops = RemoveOps(
            command=self.delete_command,
            find=find,
            delete=lambda subscription_id: area.delete(subscription_id, confirm=True),
            gone=lambda subscription_id: area.wait_until_gone(subscription_id, timeout=ctx.timeout),
            slot=lambda: ctx.slots.hold(),
            settle=settle,
        )
        return await remove(ctx, item.key, ops)

    def bound(self, item: Item[PlanT], floors: Floors) -> None:
        seconds = self.seconds(floors.costs)
        floors.pending_write(seconds)
        floors.chain = max(floors.chain, self.chain(item.spec, floors.costs, folding=floors.fold))
        floors.ready[item.key] = seconds
