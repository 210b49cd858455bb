"""The one object per kind of item: everything the bulk layer does with that kind.

Who calls what: `flatten` asks every kind for its `items` of a plan; `apply` calls
`create` on each item's kind, `destroy` calls `delete` (in reverse dependency order,
except for kinds `removed_with_parent`), `lower_bound` calls `bound`. Day 2: `diff`
and `apply` first survey every item: `locate` finds it, `observe` reads it in the
spec's terms, and `compare` (`_compare`) holds that against `planned` along `fields`;
`apply` then calls `update` with the planned values of each update step, or `replace`
(delete, then create), and ranks the writes by the work left in their subscription
(`pending_seconds`, which `lower_bound` of a change adds up too); kinds that live in a
subscription (`Resident`) also list their `residents`, which `apply(prune=True)`
removes with `prune` when the plan does not name them. `export` asks each resident for
what it found as a plan would say it. How a kind finds its resources in the account
(its lists in the run's `Inventory`) and waits for them to be ready stays inside the
kind. A new kind is one module, registered by its name in `Kind` and its object in
`KINDS` (and `RESIDENTS`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Protocol, TypeVar, runtime_checkable

from .._context import RunContext
from .._costs import Costs
from .._ensure import Ensured
from .._fields import Field, Observed
from .._floors import Floors
from .._inventory import Found
from .._items import Item, ItemKey, Kind
from .._plan import Plan
from .._results import ItemOutcome

__all__ = ["ItemKind", "Named", "Resident"]

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

    def pending_seconds(self, item: Item[SpecT], step: str | None, costs: Costs) -> float | None:
        """How long one write of the item keeps its subscription busy (holding a
        pending-subscription slot), in service seconds: its create in a subscription
        that exists (`step` None) or one of its update steps; None for a write that
        leaves no subscription busy (one task). The scheduler's priorities and the
        lower bound of a change read it."""
        ...

    # -- day 2 ---------------------------------------------------------------------------
    def fields(self, item: Item[SpecT]) -> Sequence[Field]:
        """How each comparable field of the item compares and changes in place (or
        why it cannot: a replace)."""
        ...

    def planned(self, item: Item[SpecT]) -> Mapping[str, Any]:
        """The values the plan sets, by field name (a field left unset is not drift)."""
        ...

    async def locate(
        self, ctx: RunContext, item: Item[SpecT], *, refresh: bool = False
    ) -> Found | None:
        """The item in the account (its subscription looked up by name), or None."""
        ...

    async def observe(self, ctx: RunContext, item: Item[SpecT], found: Found) -> Observed:
        """The item's current values in the spec's terms, from what `locate` found (and
        the reads only some fields need: a password, a CIDR allowlist...)."""
        ...

    async def update(
        self,
        ctx: RunContext,
        item: Item[SpecT],
        found: Found,
        steps: Mapping[str, Mapping[str, Any]],
    ) -> list[str]:
        """Change the item in place: the planned values of each update step (see
        `_update`), until it is ready again; the ids of the tasks sent."""
        ...

    async def replace(self, ctx: RunContext, item: Item[SpecT]) -> Ensured:
        """Delete the item (its data with it), then create it as planned."""
        ...


@runtime_checkable
class Resident(Protocol):
    """A kind whose items live in a subscription: what the plan may not name there."""

    @property
    def name(self) -> Kind: ...

    @property
    def parent(self) -> Any:
        """The kind of subscription its items live in."""
        ...

    async def residents(
        self, ctx: RunContext, subscription: Item[Any], found: Found, *, thorough: bool
    ) -> dict[ItemKey, Found]:
        """Everything of this kind in the subscription (`found`), by item key.
        `thorough`: also what costs a task to list (peerings the plan does not name).
        For `export`, `subscription.spec` is what was found, not a plan (thorough)."""
        ...

    async def export(self, ctx: RunContext, item: Item[Found]) -> Any:
        """A resident as the plan would say it (`item.spec` is what was found): the
        fields the kind compares and the account shows, no secret."""
        ...

    async def prune(self, ctx: RunContext, item: Item[Found]) -> ItemOutcome:
        """Delete a resident the plan does not name (`item.spec` is what was found)."""
        ...
