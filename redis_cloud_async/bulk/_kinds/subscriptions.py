"""What Pro and Essentials subscriptions share: lookup, readiness, deletion, change,
replacement and bound.

Creating or deleting a subscription leaves it non-active, so both hold a
pending-subscription slot until it is active again (or gone); so does a change that
leaves it pending. A replacement deletes every database in it first (the service
deletes no subscription that has one), then the subscription, then creates it anew.
"""

from __future__ import annotations

import contextlib
import functools
from abc import ABC, abstractmethod
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping, Sequence
from typing import Any, Generic, Protocol, TypeVar

from ..._client import AsyncClient
from ..._handle import TaskHandle
from .._compare import matches
from .._context import RunContext, SubscriptionState
from .._costs import Costs
from .._ensure import Ensured, Ops, ensure, no_slot
from .._fields import Field, Observed
from .._floors import Floors
from .._inventory import Found, Listing
from .._items import Item, ItemKey, Kind
from .._plan import Plan
from .._remove import RemoveOps, remove
from .._results import ItemOutcome
from .._update import Step, run_steps
from .kind import Named

__all__ = ["SubscriptionArea", "SubscriptionKind"]


PlanT = TypeVar("PlanT", bound=Named)


class _Databases(Protocol):
    """The client namespace of a kind of subscription's databases."""

    async def list(self, subscription_id: int, /) -> Sequence[Any]: ...

    async def delete(
        self, subscription_id: int, database_id: int, /, *, confirm: bool = False
    ) -> TaskHandle: ...

    async def wait_until_gone(
        self, subscription_id: int, database_id: int, /, *, timeout: float | None = None
    ) -> None: ...


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

    #: The tasks' `commandType` of a delete of one of its databases.
    database_delete_command: str

    @abstractmethod
    def area(self, client: AsyncClient) -> SubscriptionArea:
        """The client namespace that serves this kind."""

    @abstractmethod
    def database_area(self, client: AsyncClient) -> _Databases:
        """The client namespace of its databases (a replacement deletes them first)."""

    @abstractmethod
    def fields(self, item: Item[PlanT]) -> Sequence[Field]:
        """How each field of the subscription compares and changes."""

    @abstractmethod
    def planned(self, item: Item[PlanT]) -> Mapping[str, Any]:
        """The values the plan sets, by field name (unset ones left out)."""

    @abstractmethod
    async def observe(self, ctx: RunContext, item: Item[PlanT], found: Found) -> Observed:
        """The subscription's current values in the plan's terms."""

    @abstractmethod
    def send(
        self,
        ctx: RunContext,
        item: Item[PlanT],
        subscription_id: int,
        step: str,
        values: Mapping[str, Any],
    ) -> Awaitable[TaskHandle]:
        """Send the request of an update step."""

    @abstractmethod
    def step_command(self, step: str) -> str:
        """The tasks' `commandType` of an update step."""

    def leaves_pending(self, step: str) -> bool:
        """Whether an update step leaves the subscription pending for a while."""
        return True

    @abstractmethod
    async def listing(self, client: AsyncClient) -> Listing:
        """Every subscription of this kind in the account, by name."""

    @abstractmethod
    def in_plan(self, plan: Plan) -> list[PlanT]:
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
        for spec in self.in_plan(plan):
            yield Item(
                key=self.key(spec.name), spec=spec, chain=self.chain(spec, costs, folding=True)
            )

    async def listed(self, ctx: RunContext, *, refresh: bool = False) -> Listing:
        """The account's subscriptions of this kind, by name (read once per run)."""
        return await ctx.inventory.read(
            self.name, lambda: self.listing(ctx.client), refresh=refresh
        )

    async def find(self, ctx: RunContext, name: str, *, refresh: bool = False) -> Found | None:
        """The subscription with this name, if the account has it."""
        return (await self.listed(ctx, refresh=refresh)).get(name)

    async def names_by_id(self, ctx: RunContext) -> dict[int, str]:
        """The account's subscriptions of this kind: their names by id."""
        return {found.resource_id: name for name, found in (await self.listed(ctx)).items()}

    async def count_busy(self, ctx: RunContext) -> None:
        """Count the subscriptions of this kind the account shows busy (an earlier run's,
        another tool's) against the pending limit until each settles (`RunContext.count_busy`)."""
        for found in (await self.listed(ctx)).values():
            if not found.active:
                sub_id = found.resource_id
                ctx.count_busy((self.name, sub_id), functools.partial(self.ready, ctx, sub_id))

    @contextlib.asynccontextmanager
    async def _slot(self, ctx: RunContext, item: Item[PlanT]) -> AsyncIterator[None]:
        """The slot of the subscription's create, or none if it exists and its being
        busy is counted already (then this item only waits for it)."""
        found = await self.find(ctx, item.key.name)
        if found is not None and (self.name, found.resource_id) in ctx.busy_elsewhere:
            yield
            return
        async with ctx.slot(item, self.seconds(ctx.costs)):
            yield

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
            slot=lambda: self._slot(ctx, item),
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

    # -- day 2 ---------------------------------------------------------------------------
    async def locate(
        self, ctx: RunContext, item: Item[PlanT], *, refresh: bool = False
    ) -> Found | None:
        return await self.find(ctx, item.key.name, refresh=refresh)

    async def update(
        self,
        ctx: RunContext,
        item: Item[PlanT],
        found: Found,
        steps: Mapping[str, Mapping[str, Any]],
    ) -> list[str]:
        sub_id = found.resource_id
        fields = self.fields(item)

        async def reread() -> Observed:
            fresh = await self.find(ctx, item.key.name, refresh=True)
            return await self.observe(ctx, item, fresh or found)

        def step(name: str, values: Mapping[str, Any]) -> Step:
            async def applied() -> bool | None:
                return matches(fields, values, await reread())

            cost = self.pending_seconds(item, name, ctx.costs)
            pending = cost is not None
            return Step(
                name=name,
                command=self.step_command(name),
                resource_id=sub_id,
                values=values,
                send=lambda: self.send(ctx, item, sub_id, name, values),
                applied=applied,
                blind=not any(f.shown for f in fields if f.name in values),
                slot=(lambda: ctx.slot(item, cost)) if cost is not None else no_slot,
                ready=(lambda: self.ready(ctx, sub_id)) if pending else None,
                settle=lambda: self.ready(ctx, sub_id),
                busy=not found.active,
            )

        async with ctx.lane(self.name, sub_id):
            return await run_steps(ctx, item.key, [step(n, v) for n, v in steps.items()])

    async def replace(self, ctx: RunContext, item: Item[PlanT]) -> Ensured:
        """Delete every database in it, then the subscription, then create it anew."""
        found = await self.find(ctx, item.key.name)
        if found is not None:
            await self.clear(ctx, item, found.resource_id)
            outcome = await self.delete(ctx, item)
            if outcome.status == "failed":
                raise RuntimeError(f"{item.key}: {outcome.error}")
            await self.find(ctx, item.key.name, refresh=True)
        return await self.create(ctx, item)

    async def clear(self, ctx: RunContext, item: Item[PlanT], subscription_id: int) -> None:
        """Delete every database of the subscription, one at a time (each `remove`d:
        a lost answer is reconciled, never re-sent blindly)."""
        area = self.database_area(ctx.client)

        def remover(database_id: int) -> RemoveOps:
            async def find(refresh: bool) -> Found | None:
                listed = await area.list(subscription_id)
                return next(
                    (
                        Found(db.database_id, db.status)
                        for db in listed
                        if db.database_id == database_id
                    ),
                    None,
                )

            return RemoveOps(
                command=self.database_delete_command,
                find=find,
                delete=lambda db_id: area.delete(subscription_id, db_id, confirm=True),
                gone=lambda db_id: area.wait_until_gone(
                    subscription_id, db_id, timeout=ctx.timeout
                ),
                slot=lambda: ctx.slots.hold(),
                settle=lambda: self.ready(ctx, subscription_id),
            )

        async with ctx.lane(self.name, subscription_id):
            for db in await area.list(subscription_id):
                await remove(ctx, item.key, remover(db.database_id))

    def pending_seconds(self, item: Item[PlanT], step: str | None, costs: Costs) -> float | None:
        """Its create, or an update step that leaves it pending."""
        if step is None:
            return self.seconds(costs)
        return costs.subscription_update if self.leaves_pending(step) else None

    def bound(self, item: Item[PlanT], floors: Floors) -> None:
        seconds = self.seconds(floors.costs)
        floors.pending_write(seconds)
        floors.chain = max(floors.chain, self.chain(item.spec, floors.costs, folding=floors.fold))
        floors.ready[item.key] = seconds
