"""What Pro and Essentials databases share: lookup, create, delete and bound.

Creating or deleting a database leaves its subscription non-active until the change
is done, so each holds a pending-subscription slot throughout, inside the
subscription's lane. A database its subscription's create request carried is there
as soon as the subscription is.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Awaitable, Iterable
from typing import Any, Generic, TypeVar

from ..._client import AsyncClient
from ..._errors import NotFoundError
from ...models.databases import DatabaseCreateSpec
from ...models.essentials import EssentialsDatabaseCreateSpec
from ...resources._database_ops import DatabaseOperations
from .._context import RunContext
from .._costs import Costs
from .._ensure import Ensured, Ops, ensure
from .._floors import Floors
from .._inventory import Found, Listing
from .._items import Item
from .._plan import Plan
from .._remove import RemoveOps, absent, remove
from .._results import ItemOutcome
from .in_subscription import InSubscription, parent_of

__all__ = ["DatabaseKind"]


#: What a database is planned as: the create request of its kind.
SpecT = TypeVar("SpecT", DatabaseCreateSpec, EssentialsDatabaseCreateSpec)


class DatabaseKind(InSubscription, ABC, Generic[SpecT]):
    """A kind of database, planned as its create request `SpecT`."""

    #: The tasks' `commandType` of a create and of a delete.
    create_command: str
    delete_command: str

    @abstractmethod
    def area(self, client: AsyncClient) -> DatabaseOperations[Any, Any, SpecT, Any]:
        """The client namespace that serves this kind."""

    @abstractmethod
    def seconds(self, costs: Costs) -> float:
        """How long a create leaves the subscription pending."""

    @abstractmethod
    def items(self, plan: Plan, costs: Costs) -> Iterable[Item[SpecT]]: ...

    async def find(
        self, ctx: RunContext, subscription_id: int, name: str, *, refresh: bool = False
    ) -> Found | None:
        """The database with this name in the subscription, if it has one."""

        async def load() -> Listing:
            try:
                found = await self.area(ctx.client).list(subscription_id)
            except NotFoundError:
                return {}
            return {db.name: Found(db.database_id, db.status) for db in found if db.name}

        return await self.listed(ctx, subscription_id, name, load, refresh=refresh)

    async def ready(self, ctx: RunContext, subscription_id: int, database_id: int) -> object:
        """Wait until the database is active."""
        area = self.area(ctx.client)
        return await area.wait_until_active(subscription_id, database_id, timeout=ctx.timeout)

    async def create(self, ctx: RunContext, item: Item[SpecT]) -> Ensured:
        parent = self.home(ctx, item)
        sub_id = parent.resource_id
        name = item.spec.name
        area = self.area(ctx.client)

        def find(refresh: bool) -> Awaitable[Found | None]:
            return self.find(ctx, sub_id, name, refresh=refresh)

        ops = Ops(
            command=self.create_command,
            find=find,
            send=lambda: area.create(sub_id, item.spec),
            ready=lambda db_id: self.ready(ctx, sub_id, db_id),
            slot=lambda: ctx.slots.hold(item.chain),
            settle=lambda: self.parent.ready(ctx, sub_id),
        )
        if name in parent.carried:
            found = await find(False)
            if found is not None and found.active:
                ctx.record(item.key, "finished", resource_id=found.resource_id)
                return Ensured(found.resource_id, created=True)
        async with self.lane(ctx, sub_id):
            return await ensure(ctx, item.key, ops, carried=name in parent.carried)

    async def delete(self, ctx: RunContext, item: Item[SpecT]) -> ItemOutcome:
        sub_id = await self.home_id(ctx, item)
        if sub_id is None:
            return absent(item.key)
        area = self.area(ctx.client)
        ops = RemoveOps(
            command=self.delete_command,
            find=lambda refresh: self.find(ctx, sub_id, item.spec.name, refresh=refresh),
            delete=lambda db_id: area.delete(sub_id, db_id, confirm=True),
            gone=lambda db_id: area.wait_until_gone(sub_id, db_id, timeout=ctx.timeout),
            slot=lambda: ctx.slots.hold(),
            settle=lambda: self.parent.ready(ctx, sub_id),
        )
        async with self.lane(ctx, sub_id):
            return await remove(ctx, item.key, ops)

    def bound(self, item: Item[SpecT], floors: Floors) -> None:
        """Ready with its subscription if carried by its create request, else one
        create later (and a write that holds a slot)."""
        carried = item.initial or (floors.fold and item.foldable)
        seconds = 0.0 if carried else self.seconds(floors.costs)
        if not carried:
            floors.pending_write(seconds)
        floors.ready[item.key] = floors.ready[parent_of(item)] + seconds
