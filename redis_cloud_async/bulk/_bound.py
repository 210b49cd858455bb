"""The fastest any client could apply a plan, under the service's (simulator's) rules.

Four independent floors; the bound is the largest:

- slots: every write that leaves a subscription non-active holds one of the
  `max_pending` slots from its submission until the subscription is active again
  (task pickup + processing + provisioning): ``sum(slot time) / max_pending``;
- chain: what must happen in order: a subscription, then its databases that its create
  request could not carry, one at a time (each makes the subscription pending), plus
  its peerings; an ACL role after its rule and its databases, a user after its role;
- tasks: the account runs one task at a time: ``pickup + tasks x processing``;
- rate: the writes (plus one lookup) above one window's allowance, at the rate limit.

Each kind adds its items' share to the sums (`ItemKind.bound`). Service seconds are
divided by the simulator's `speed`; the rate floor is in loop seconds already (the
simulator's rate window is not scaled).

Of a change (`changes`: the account's `diff` against the plan), the same floors count
the writes `apply` sends into the subscriptions that exist: each update step and each
item created in one holds a slot for as long as it keeps its subscription busy
(`ItemKind.pending_seconds`: a database's update, an Active-Active region's add...),
and the chain is the busiest subscription's writes one after the other (one change at a
time in a subscription). What comes with a new subscription counts as a creation;
replacements and deletions are left out (the bound is lower still).
"""

from __future__ import annotations

from typing import Any

import attrs

from ._backlog import busy_writes, lane_of, steps_of
from ._changes import Change, PlanDiff
from ._costs import Costs
from ._floors import Floors
from ._items import Item
from ._kinds import flatten, kind_of
from ._plan import Plan

__all__ = ["LowerBound", "lower_bound"]


@attrs.frozen(kw_only=True)
class LowerBound:
    """The four floors, in loop seconds; `seconds` is the bound itself."""

    slots: float
    chain: float
    tasks: float
    rate: float
    writes: int

    @property
    def seconds(self) -> float:
        return max(self.slots, self.chain, self.tasks, self.rate)

    @property
    def limited_by(self) -> str:
        floors = {"slots": self.slots, "chain": self.chain, "tasks": self.tasks, "rate": self.rate}
        return max(floors, key=lambda name: floors[name])

    def ratio(self, elapsed: float) -> float:
        """How far a measured run is from the bound (1.0 = optimal)."""
        return elapsed / self.seconds if self.seconds > 0 else float("inf")


def lower_bound(
    plan: Plan,
    *,
    durations: Any = None,
    speed: float = 1.0,
    max_pending: int = 3,
    requests_per_minute: int = 400,
    rate_window: float = 60.0,
    fold_databases: bool = True,
    changes: PlanDiff | None = None,
) -> LowerBound:
    """The bound for an empty account, or, with `changes` (what `diff` says of the
    account against `plan`), for the change. `durations`: the simulator's `Durations`
    (default: its defaults); `speed`, `requests_per_minute`, `rate_window`: the
    simulator's settings."""
    costs = Costs() if durations is None else Costs.from_durations(durations)
    floors = Floors(costs=costs, fold=fold_databases)
    found = {change.item: change for change in changes} if changes is not None else None
    for item in flatten(plan, costs):
        change = None if found is None else found.get(str(item.key))
        if found is None or change is None or _made_anew(item, found):
            kind_of(item).bound(item, floors)
            continue
        for seconds in busy_writes(item, change.action, steps_of(item, change), costs):
            floors.change(lane_of(item), seconds)
    writes = floors.writes
    tasks = (costs.task - costs.processing) + writes * costs.processing if writes else 0.0
    requests = writes + 1
    rate = max(0.0, (requests - requests_per_minute) / requests_per_minute * rate_window)
    return LowerBound(
        slots=floors.slot_time / max_pending / speed,
        chain=floors.chain / speed,
        tasks=tasks / speed,
        rate=rate,
        writes=writes,
    )


def _made_anew(item: Item[Any], changes: dict[str, Change]) -> bool:
    """Whether the item is created with a new (or replaced) subscription, or is a new
    item of the account: a creation, bounded as one."""
    made = ("create", "replace")
    if item.parent is None:
        return changes[str(item.key)].action in made
    parent = changes.get(str(item.parent))
    return parent is None or parent.action in made
