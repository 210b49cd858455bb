"""Subscriptions busy when a run begins that the run did not make busy: counted.

The account lets at most 3 subscriptions be busy (being created, changed or deleted);
one more create is refused with a 429 that says nothing of when to try again, and a
subscription stays busy for up to 15 minutes. An earlier run (cancelled, killed) or
another tool may have left some busy: `apply` counts each as a held pending slot
(`RunContext.count_busy`) until it settles or the run's timeout passes. Counted are the
subscriptions the lists of the plan's kinds show busy and, when the run creates a
subscription, the account's subscription creates still running (a queued create counts
for the account already; its subscription shows once the task has run).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from typing import Any

from .._errors import TaskFailedError
from ._context import RunContext
from ._items import Item, ItemKey
from ._kinds import SUBSCRIPTIONS
from ._kinds.subscriptions import SubscriptionKind
from ._survey import Surveyed

__all__ = ["count_busy"]


async def count_busy(
    ctx: RunContext, items: Sequence[Item[Any]], surveyed: Mapping[ItemKey, Surveyed]
) -> None:
    """Count what the account holds busy before this run writes anything."""
    planned = {item.key.kind for item in items}
    names = {kind.name for kind in SUBSCRIPTIONS}
    for kind in SUBSCRIPTIONS:
        if kind.name in planned:
            await kind.count_busy(ctx)
    creates = any(
        seen.change.action in ("create", "replace")
        for key, seen in surveyed.items()
        if key.kind in names
    )
    if not creates:
        return
    by_command = {kind.create_command: kind for kind in SUBSCRIPTIONS}
    for task in await ctx.client.tasks.list():
        creator = by_command.get(task.command_type or "")
        if creator is not None and not task.is_terminal and task.task_id not in ctx.known_tasks:
            ctx.count_busy(task.task_id, functools.partial(_created, ctx, creator, task.task_id))


async def _created(ctx: RunContext, kind: SubscriptionKind[Any], task_id: str) -> None:
    """Wait for a queued subscription create, then for its subscription to settle."""
    try:
        task = await ctx.client.tasks.wait(task_id, timeout=ctx.timeout)
    except TaskFailedError:
        return  # nothing was made: nothing stays busy
    if task.resource_id is not None:
        await kind.ready(ctx, task.resource_id)
