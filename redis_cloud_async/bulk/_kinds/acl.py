"""What the three ACL kinds (Redis rules, roles, users) share: lookup, create,
delete and bound. ACL objects belong to the account: their writes hold no slot and
take no subscription's lane."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence
from typing import Generic, Protocol, TypeVar

from ..._client import AsyncClient
from ..._handle import TaskHandle
from .._context import RunContext
from .._costs import Costs
from .._ensure import Ensured, Ops, ensure
from .._floors import Floors
from .._inventory import Found, Listing
from .._items import Item, ItemKey, Kind
from .._plan import Plan
from .._remove import RemoveOps, remove
from .._results import ItemOutcome

__all__ = ["AclArea", "AclKind"]

SpecT = TypeVar("SpecT")
RequestT = TypeVar("RequestT")
RequestT_contra = TypeVar("RequestT_contra", contravariant=True)


class _Listed(Protocol):
    @property
    def id(self) -> int: ...

    @property
    def name(self) -> str | None: ...

    @property
    def status(self) -> str | None: ...


class AclArea(Protocol[RequestT_contra]):
    """The client namespace of an ACL kind (`client.acl.roles`...)."""

    async def list(self) -> Sequence[_Listed]: ...

    async def create(self, spec: RequestT_contra, /) -> TaskHandle: ...

    async def delete(self, item_id: int, /, *, confirm: bool = False) -> TaskHandle: ...


class AclKind(ABC, Generic[SpecT, RequestT]):
    """An ACL kind, planned as `SpecT` and created by a `RequestT`."""

    name: Kind
    removed_with_parent = False
    #: The tasks' `commandType` of a create and of a delete.
    create_command: str
    delete_command: str

    @abstractmethod
    def area(self, client: AsyncClient) -> AclArea[RequestT]:
        """The client namespace that serves this kind."""

    @abstractmethod
    def items(self, plan: Plan, costs: Costs) -> Iterable[Item[SpecT]]: ...

    @abstractmethod
    def request(self, ctx: RunContext, item: Item[SpecT]) -> RequestT:
        """The create request of the item (once what it waited for exists)."""

    def key(self, name: str) -> ItemKey:
        return ItemKey(self.name, name)

    async def find(self, ctx: RunContext, name: str, *, refresh: bool = False) -> Found | None:
        """The account's object of this kind with this name, if any."""

        async def load() -> Listing:
            listed = await self.area(ctx.client).list()
            return {one.name: Found(one.id, one.status) for one in listed if one.name}

        return (await ctx.inventory.read(self.name, load, refresh=refresh)).get(name)

    async def create(self, ctx: RunContext, item: Item[SpecT]) -> Ensured:
        area = self.area(ctx.client)
        request = self.request(ctx, item)
        ops = Ops(
            command=self.create_command,
            find=lambda refresh: self.find(ctx, item.key.name, refresh=refresh),
            send=lambda: area.create(request),
        )
        return await ensure(ctx, item.key, ops)

    async def delete(self, ctx: RunContext, item: Item[SpecT]) -> ItemOutcome:
        area = self.area(ctx.client)
        ops = RemoveOps(
            command=self.delete_command,
            find=lambda refresh: self.find(ctx, item.key.name, refresh=refresh),
            delete=lambda item_id: area.delete(item_id, confirm=True),
        )
        return await remove(ctx, item.key, ops)

    def bound(self, item: Item[SpecT], floors: Floors) -> None:
        """One task once everything it waits for is ready: a chain of its own."""
        floors.writes += 1
        floors.ready[item.key] = floors.after(item.deps) + floors.costs.task
        floors.chain = max(floors.chain, floors.ready[item.key])
