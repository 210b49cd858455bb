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
    #: The work each existing subscription's lane runs in order (a change).
    lanes: dict[ItemKey, float] = attrs.field(factory=dict)

    def pending_write(self, seconds: float) -> None:
        """A write that leaves a subscription pending for `seconds`."""
        self.slot_time += seconds
        self.writes += 1

    def change(self, lane: ItemKey, seconds: float | None) -> None:
        """A write of a change in an existing subscription: it runs in the
        subscription's lane, and holds a slot for `seconds` (None: one task, no slot)."""
        self.writes += 1
        if seconds is not None:
            self.slot_time += seconds
        self.lanes[lane] = self.lanes.get(lane, 0.0) + (seconds or self.costs.task)
        self.chain = max(self.chain, self.lanes[lane])

    def after(self, deps: Iterable[ItemKey]) -> float:
        """When every item of `deps` can be ready (0 for none)."""
        return max((self.ready.get(dep, 0.0) for dep in deps), default=0.0)
