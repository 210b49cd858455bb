"""What the lower bound adds up, item by item (each kind adds its items' share).

In service seconds; `lower_bound` turns the sums into its floors.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from ._costs import Costs
from ._items import ItemKey

__all__ = ["Floors"]


@attrs.define(kw_only=True)
class Floors:
    """The running sums of `lower_bound` over a plan's items."""

    costs: Costs
    #: New subscriptions carry the databases their create request can say exactly.
    fold: bool
    #: How long writes hold a pending-subscription slot, summed.
    slot_time: float = 0.0
    #: Writes sent (each one task of the account's queue).
    writes: int = 0
    #: The longest chain of work that must happen in order.
    chain: float = 0.0
    #: The earliest moment each item can be ready.
    ready: dict[ItemKey, float] = attrs.field(factory=dict)

    def pending_write(self, seconds: float) -> None:
        """A write that leaves a subscription pending for `seconds`."""
        self.slot_time += seconds
        self.writes += 1

    def after(self, deps: Iterable[ItemKey]) -> float:
        """When every item of `deps` can be ready (0 for none)."""
        return max((self.ready.get(dep, 0.0) for dep in deps), default=0.0)
