"""The writes a change sends into subscriptions that exist, and how long each keeps its
subscription busy.

An item of a subscription that stays (or the subscription itself) is changed by a few
writes: its create, or one per update step. Each runs in its subscription's lane (one
change at a time there) and, if it leaves the subscription busy, holds a
pending-subscription slot meanwhile (`ItemKind.pending_seconds`). `apply` ranks the
slots by the work left in each lane (`backlog`); `lower_bound` of a change adds the
same writes up. What is created with a new subscription is the creation's business
(`ItemKind.bound`); replacements and deletions are not counted.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from typing import Any

from ._changes import Change
from ._costs import Costs
from ._items import Item, ItemKey
from ._kinds import kind_of
from ._survey import Surveyed

__all__ = ["backlog", "busy_writes", "lane_of", "stays", "steps_of"]


def lane_of(item: Item[Any]) -> ItemKey:
    """The subscription whose lane the item's writes run in (a subscription's own)."""
    return item.parent or item.key


def steps_of(item: Item[Any], change: Change) -> list[str]:
    """The update steps that change the fields `change` names, in the kind's order."""
    steps: dict[str, None] = {}
    for field in kind_of(item).fields(item):
        if field.name in change.fields and field.step is not None:
            steps[field.step] = None
    return list(steps)


def busy_writes(
    item: Item[Any], action: str, steps: Collection[str], costs: Costs
) -> list[float | None]:
    """The writes `action` sends for an item whose subscription exists: how long each
    keeps the subscription busy (None: one task, nothing left busy)."""
    kind = kind_of(item)
    if action == "create":
        return [kind.pending_seconds(item, None, costs)]
    if action == "update":
        return [kind.pending_seconds(item, step, costs) for step in steps]
    return []


def stays(item: Item[Any], surveyed: Mapping[ItemKey, Surveyed]) -> bool:
    """Whether the item is changed inside a subscription that exists (or is one): not
    made with a new (or replaced) subscription."""
    if item.parent is None:
        return surveyed[item.key].change.action not in ("create", "replace")
    parent = surveyed.get(item.parent)
    return parent is None or parent.change.action not in ("create", "replace")


def backlog(
    items: Iterable[Item[Any]], surveyed: Mapping[ItemKey, Surveyed], costs: Costs
) -> dict[ItemKey, float]:
    """The busy seconds each subscription's lane has ahead of it in this run."""
    work: dict[ItemKey, float] = {}
    for item in items:
        seen = surveyed.get(item.key)
        if seen is None or not stays(item, surveyed):
            continue
        steps = list(seen.comparison.steps) if seen.comparison is not None else []
        writes = busy_writes(item, seen.change.action, steps, costs)
        seconds = sum(s for s in writes if s is not None)
        if seconds:
            lane = lane_of(item)
            work[lane] = work.get(lane, 0.0) + seconds
    return work
