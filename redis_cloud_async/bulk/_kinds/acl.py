"""What the three ACL kinds (Redis rules, roles, users) share: lookup, create,
delete, change and bound. ACL objects belong to the account: their writes hold no slot
and take no subscription's lane. Each changes through one update request."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Awaitable, Iterable, Mapping, Sequence
from typing import Any, Generic, Protocol, TypeVar

from ..._client import AsyncClient
from ..._handle import TaskHandle
from .._compare import matches
from .._context import RunContext
from .._costs import Costs
from .._ensure import Ensured, Ops, ensure
from .._fields import Field, Observed
from .._floors import Floors
from .._inventory import Found, Listing
from .._items import Item, ItemKey, Kind
from .._plan import Plan
from .._remove import RemoveOps, remove
from .._results import ItemOutcome
from .._update import Step, run_steps

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

    async def update(self, item_id: int, spec: Any, /) -> TaskHandle: ...

    async def delete(self, item_id: int, /, *, confirm: bool = False) -> TaskHandle: ...


class AclKind(ABC, Generic[SpecT, RequestT]):
    """An ACL kind, planned as `SpecT` and created by a `RequestT`."""

    name: Kind
    removed_with_parent = False
    #: The tasks' `commandType` of a create, an update and a delete.
    create_command: str
    update_command: str
    delete_command: str
    #: Its one comparable field set (the step is the kind's update request).
    table: tuple[Field, ...]

    @abstractmethod
    def area(self, client: AsyncClient) -> AclArea[RequestT]:
        """The client namespace that serves this kind."""

    @abstractmethod
    def items(self, plan: Plan, costs: Costs) -> Iterable[Item[SpecT]]: ...

    @abstractmethod
    def request(self, ctx: RunContext, item: Item[SpecT]) -> RequestT:
        """The create request of the item (once what it waited for exists)."""

    @abstractmethod
    def current(self, ctx: RunContext, listed: Any) -> Awaitable[dict[str, Any]]:
        """The listed object's values in the plan's terms."""

    @abstractmethod
    async def export(self, ctx: RunContext, found: Found) -> SpecT | None:
        """The listed object as a plan says it (None: one a plan cannot say)."""

    @abstractmethod
    def update_request(
        self, ctx: RunContext, item: Item[SpecT], values: Mapping[str, Any]
    ) -> object:
        """The update request that sets these planned values."""

    def key(self, name: str) -> ItemKey:
        return ItemKey(self.name, name)

    async def listed(self, ctx: RunContext, *, refresh: bool = False) -> Listing:
        """The account's objects of this kind, by name."""

        async def load() -> Listing:
            listed = await self.area(ctx.client).list()
            return {one.name: Found(one.id, one.status, one) for one in listed if one.name}

        return await ctx.inventory.read(self.name, load, refresh=refresh)

    async def find(self, ctx: RunContext, name: str, *, refresh: bool = False) -> Found | None:
        """The account's object of this kind with this name, if any."""
        return (await self.listed(ctx, refresh=refresh)).get(name)

    async def create(self, ctx: RunContext, item: Item[SpecT]) -> Ensured:
        area = self.area(ctx.client)
        ops = Ops(
            command=self.create_command,
            find=lambda refresh: self.find(ctx, item.key.name, refresh=refresh),
            send=lambda: area.create(self.request(ctx, item)),  # only when it is missing
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

    # -- day 2 ---------------------------------------------------------------------------
    def fields(self, item: Item[SpecT]) -> Sequence[Field]:
        return self.table

    def planned(self, item: Item[SpecT]) -> dict[str, Any]:
        return {
            field.name: getattr(item.spec, field.name)
            for field in self.table
            if getattr(item.spec, field.name, None) is not None
        }

    async def locate(
        self, ctx: RunContext, item: Item[SpecT], *, refresh: bool = False
    ) -> Found | None:
        return await self.find(ctx, item.key.name, refresh=refresh)

    async def observe(self, ctx: RunContext, item: Item[SpecT], found: Found) -> Observed:
        return Observed(await self.current(ctx, found.data))

    async def update(
        self,
        ctx: RunContext,
        item: Item[SpecT],
        found: Found,
        steps: Mapping[str, Mapping[str, Any]],
    ) -> list[str]:
        area = self.area(ctx.client)
        fields = self.fields(item)

        def step(name: str, values: Mapping[str, Any]) -> Step:
            async def applied() -> bool | None:
                fresh = await self.find(ctx, item.key.name, refresh=True)
                if fresh is None:
                    return False
                return matches(fields, values, await self.observe(ctx, item, fresh))

            return Step(
                name=name,
                command=self.update_command,
                resource_id=found.resource_id,
                values=values,
                send=lambda: area.update(found.resource_id, self.update_request(ctx, item, values)),
                applied=applied,
                blind=not any(f.shown for f in fields if f.name in values),
            )

        return await run_steps(ctx, item.key, [step(n, v) for n, v in steps.items()])

    async def replace(self, ctx: RunContext, item: Item[SpecT]) -> Ensured:
        await self.delete(ctx, item)
        await self.find(ctx, item.key.name, refresh=True)
        return await self.create(ctx, item)

    def pending_seconds(self, item: Item[SpecT], step: str | None, costs: Costs) -> None:
        """An account's item: no subscription is busy while it changes."""
        return None

    def bound(self, item: Item[SpecT], floors: Floors) -> None:
        """One task once everything it waits for is ready: a chain of its own."""
        floors.writes += 1
        floors.ready[item.key] = floors.after(item.deps) + floors.costs.task
        floors.chain = max(floors.chain, floors.ready[item.key])
