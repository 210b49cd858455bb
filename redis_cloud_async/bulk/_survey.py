"""The survey behind `diff` and `apply`: every item of the plan against the account.

Items are assessed concurrently (the client's rate budget paces the reads), each
after its subscription: what a subscription to be created or replaced holds is to be
created. An item is located by name, observed in the spec's terms and compared with
the plan (`_compare`); the lists it is found in are the run's `Inventory`, shared with
`apply`. Then each planned subscription that stays is asked for what it holds that the
plan does not name (its residents): unmanaged, or, pruning, to delete.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any

import attrs

from .._errors import RedisCloudError
from ._changes import Change, PlanDiff
from ._compare import Comparison, compare
from ._context import RunContext
from ._inventory import Found
from ._items import Item, ItemKey
from ._kinds import RESIDENTS, kind_of

__all__ = ["Survey", "Surveyed", "assess", "survey"]

#: Why a resident is deleted when pruning.
NOT_PLANNED = "not in the plan (pruned)"


@attrs.frozen(kw_only=True)
class Surveyed:
    """One item against the account: its change, where it was found, how it compares,
    or the error that kept it from being read."""

    change: Change
    found: Found | None = None
    comparison: Comparison | None = None
    error: Exception | None = None


@attrs.frozen(kw_only=True)
class Survey:
    """Every item surveyed (by key, in plan order), and the residents the plan does
    not name (synthetic items, their `spec` what was found)."""

    items: dict[ItemKey, Surveyed]
    residents: list[Item[Found]]

    def errors(self) -> list[Exception]:
        return [seen.error for seen in self.items.values() if seen.error is not None]

    def diff(self, *, prune: bool) -> PlanDiff:
        changes = [seen.change for seen in self.items.values()]
        if prune:
            changes += [
                Change(
                    item=str(r.key),
                    action="delete",
                    reasons=(NOT_PLANNED,),
                    resource_id=r.spec.resource_id,
                )
                for r in self.residents
            ]
            return PlanDiff(changes=changes)
        return PlanDiff(changes=changes, unmanaged=sorted(str(r.key) for r in self.residents))


def _create(item: Item[Any]) -> Surveyed:
    return Surveyed(change=Change(item=str(item.key), action="create"))


async def assess(ctx: RunContext, item: Item[Any], *, refresh: bool = False) -> Surveyed:
    """The item against the account (its subscription known to exist)."""
    kind = kind_of(item)
    found = await kind.locate(ctx, item, refresh=refresh)
    if found is None:
        return _create(item)
    observed = await kind.observe(ctx, item, found)
    comparison = compare(
        str(item.key), kind.fields(item), kind.planned(item), observed, ctx.journal
    )
    change = Change(
        item=str(item.key),
        action=comparison.action,  # type: ignore[arg-type]
        fields=comparison.fields,
        reasons=comparison.reasons,
        unverified=comparison.unverified,
        resource_id=found.resource_id,
    )
    return Surveyed(change=change, found=found, comparison=comparison)


async def survey(
    ctx: RunContext, items: Sequence[Item[Any]], *, residents: bool, thorough: bool
) -> Survey:
    """Assess every item, then (`residents`) list what the planned subscriptions hold
    that the plan does not name (`thorough`: also what costs a task to list)."""
    loop = asyncio.get_running_loop()
    done: dict[ItemKey, asyncio.Future[Surveyed]] = {i.key: loop.create_future() for i in items}

    async def one(item: Item[Any]) -> None:
        try:
            seen = await _one(item)
        except RedisCloudError as error:
            seen = Surveyed(change=Change(item=str(item.key), action="keep"), error=error)
        done[item.key].set_result(seen)

    async def _one(item: Item[Any]) -> Surveyed:
        if item.parent is not None and item.parent in done:
            parent = await done[item.parent]
            if parent.error is not None:
                return Surveyed(
                    change=Change(item=str(item.key), action="keep"), error=parent.error
                )
            if parent.change.action in ("create", "replace"):
                return _create(item)
        return await assess(ctx, item)

    async with asyncio.TaskGroup() as group:
        for item in items:
            group.create_task(one(item), name=f"survey:{item.key}")
    surveyed = {key: future.result() for key, future in done.items()}
    if not residents:
        return Survey(items=surveyed, residents=[])
    extra = await _residents(ctx, items, surveyed, thorough=thorough)
    return Survey(items=surveyed, residents=extra)


async def _residents(
    ctx: RunContext,
    items: Sequence[Item[Any]],
    surveyed: dict[ItemKey, Surveyed],
    *,
    thorough: bool,
) -> list[Item[Found]]:
    """What the planned subscriptions that stay hold and the plan does not name."""
    jobs = []
    for item in items:
        seen = surveyed[item.key]
        if item.parent is not None or seen.found is None or seen.change.action == "replace":
            continue
        for resident in RESIDENTS:
            if resident.parent is kind_of(item):
                jobs.append((item, resident.residents(ctx, item, seen.found, thorough=thorough)))
    listed = await asyncio.gather(*(job for _, job in jobs))
    extra: list[Item[Found]] = []
    for (subscription, _), found in zip(jobs, listed, strict=True):
        for key, one in sorted(found.items()):
            if key not in surveyed:
                extra.append(
                    Item(key=key, spec=one, deps=(subscription.key,), parent=subscription.key)
                )
    return extra
