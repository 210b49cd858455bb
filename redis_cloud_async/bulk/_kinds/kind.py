"""The one object per kind of item: everything the bulk layer does with that kind.

Who calls what: `flatten` asks every kind for its `items` of a plan; `apply` calls
`create` on each item's kind, `destroy` calls `delete` (in reverse dependency order,
except for kinds `removed_with_parent`), `lower_bound` calls `bound`. How a kind finds
its resources in the account (its lists in the run's `Inventory`) and waits for them
to be ready stays inside the kind. A new kind is one module, registered by its name in
`Kind` and its object in `KINDS`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol, TypeVar

from .._context import RunContext
from .._costs import Costs
from .._ensure import Ensured
from .._floors import Floors
from .._items import Item, Kind
from .._plan import Plan
from .._results import ItemOutcome

__all__ = ["ItemKind", "Named"]

SpecT = TypeVar("SpecT")


class Named(Protocol):
    """A spec or plan that names what it makes."""

    @property
    def name(self) -> str: ...


class ItemKind(Protocol[SpecT]):
    """How items of one kind, each with a spec of type `SpecT`, are planned, made,
    removed and bounded."""

    @property
    def name(self) -> Kind:
        """The kind's name: the first part of its items' keys."""
        ...

    @property
    def removed_with_parent(self) -> bool:
        """Whether deleting its subscription removes the item (a destroy then waits
        for the subscription instead of deleting the item first)."""
        ...

    def items(self, plan: Plan, costs: Costs) -> Iterable[Item[SpecT]]:
        """The plan's items of this kind, in plan order, with their dependencies."""
        ...

    async def create(self, ctx: RunContext, item: Item[SpecT]) -> Ensured:
        """Make the item exist and be ready, exactly once (see `ensure`)."""
        ...

    async def delete(self, ctx: RunContext, item: Item[SpecT]) -> ItemOutcome:
        """Make the item absent (see `remove`): ``deleted`` or ``absent``."""
        ...

    def bound(self, item: Item[SpecT], floors: Floors) -> None:
        """Add the item's share to the lower bound's sums."""
        ...
