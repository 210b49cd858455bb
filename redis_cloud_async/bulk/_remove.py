"""Making one item absent, exactly once: look up by name, then delete and follow.

The twin of `_ensure`. An item that is absent is fine (``absent``); a delete whose
answer was lost is reconciled by looking the item up, like a create, and a delete
refused because the subscription is busy is sent again once it settles. A delete task
that fails because the item is not found (``..._NOT_FOUND``: a delete of ours whose
answer was lost got there first) has reached the goal.
"""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable, Callable
from contextlib import AbstractAsyncContextManager

import attrs

from .._errors import AmbiguousWriteError, NotFoundError, TaskFailedError
from .._handle import TaskHandle
from ._context import RunContext
from ._ensure import BUSY_ERRORS, MAX_SENDS, no_slot, unresolved
from ._events import Submitted, Succeeded
from ._inventory import Found
from ._items import ItemKey
from ._results import ItemOutcome

__all__ = ["RemoveOps", "absent", "remove"]


@attrs.frozen(kw_only=True)
class RemoveOps:
    """How to find, delete and see the end of one item."""

    #: The task's `commandType`, to spot this item's lost task in `GET /tasks`.
    command: str
    find: Callable[[bool], Awaitable[Found | None]]
    delete: Callable[[int], Awaitable[TaskHandle]]
    #: Wait until the deleted resource is no longer listed.
    gone: Callable[[int], Awaitable[object]] | None = None
    slot: Callable[[], AbstractAsyncContextManager[None]] = no_slot
    #: Wait until the parent subscription accepts changes again.
    settle: Callable[[], Awaitable[object]] | None = None


def absent(key: ItemKey) -> ItemOutcome:
    """The outcome of an item that was not there to delete."""
    return ItemOutcome(item=str(key), status="absent")


async def remove(ctx: RunContext, key: ItemKey, ops: RemoveOps) -> ItemOutcome:
    """Delete the item if it exists and wait until it is gone."""
    found = await ops.find(False)
    if found is None:
        return absent(key)
    task_id = None
    async with ops.slot():
        for attempt in range(1, MAX_SENDS + 1):
            if found is None or found.status == "deleting":
                break
            ctx.status(key, "deleting")
            try:
                ctx.writes += 1
                handle = await ops.delete(found.resource_id)
            except NotFoundError:
                break  # gone already
            except AmbiguousWriteError as error:
                with unresolved(error):
                    found = await _reconcile(ctx, ops)
                continue
            ctx.known_tasks.add(handle.task_id)
            ctx.emit(Submitted, key, task_id=handle.task_id, command=ops.command)
            try:
                # A task id that still answers 404 past the grace window raises
                # `NotFoundError` here: the delete cannot be followed, the item fails.
                task = await handle.wait(timeout=ctx.timeout)
            except TaskFailedError as error:
                if (error.error_type or "").endswith("_NOT_FOUND"):
                    break  # gone already
                if error.error_type in BUSY_ERRORS and ops.settle and attempt < MAX_SENDS:
                    # Gone while settling: a delete of ours whose answer was lost did it,
                    # and the next delete answers 404.
                    with contextlib.suppress(NotFoundError):
                        await ops.settle()
                    continue
                raise
            task_id = task.task_id
            ctx.emit(Succeeded, key, task_id=task_id, resource_id=task.resource_id)
            break
        else:
            raise RuntimeError(f"{key}: still present after {MAX_SENDS} deletes")
        if ops.gone is not None:
            ctx.status(key, "waiting-until-gone")
            await ops.gone(found.resource_id if found else 0)
    return ItemOutcome(item=str(key), status="deleted", task_id=task_id)


async def _reconcile(ctx: RunContext, ops: RemoveOps) -> Found | None:
    """Look again after a lost delete answer, waiting out unknown deletes of the kind."""
    while True:
        found = await ops.find(True)
        if found is None or found.status == "deleting":
            return found
        if not await ctx.wait_out_unknown_tasks(ops.command):
            return found
