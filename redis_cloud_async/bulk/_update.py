"""Changing one item in place, each update step exactly once: the twin of `_ensure`.

An item changes through one or more steps (a database: its settings, then its Redis
version; a subscription: its settings, CIDR allowlist, maintenance windows, tags), each
one request and its task. Each step is journaled (``updating``, then ``submitted``
with its task id), so a resumed run follows the task an earlier run sent instead of
sending it again. An update whose answer was lost (`AmbiguousWriteError`), or one an
earlier run began, is never re-sent blindly: the account's unknown tasks of its kind
are waited out (through the client's grace window, as a fresh task can be missing from
`GET /tasks` for a moment), then the item is read back against the planned values; a
step the account cannot show back (a password alone) is settled by the account's
recent tasks instead: a finished task of its kind, for its resource, that was not
there before the step was sent (and, resumed, only if the earlier run meant the values
planned now: the journal keeps their fingerprint). An account whose `GET /tasks` lists
only running tasks cannot tell that: such a step is sent again. A step refused because
its subscription is busy is sent again once the subscription settles.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from contextlib import AbstractAsyncContextManager
from typing import Any

import attrs

from .._errors import AmbiguousWriteError, NotFoundError, TaskFailedError
from .._handle import TaskHandle
from ._context import RunContext
from ._ensure import MAX_SENDS, Sent, follow, no_slot, unresolved
from ._fingerprint import fingerprint
from ._items import ItemKey
from ._journal import UpdateEntry

__all__ = ["Step", "run_steps"]


@attrs.frozen(kw_only=True)
class Step:
    """How to send one update request of an item and tell whether it was applied."""

    #: The step's name (``settings``, ``redis_version``...): its journal row is ``item@name``.
    name: str
    #: The task's `commandType`, to spot this step's lost task in `GET /tasks`.
    command: str
    #: What the task's response names (its `resourceId`).
    resource_id: int
    #: The planned values it sends, by field name (secrets among them: never shown).
    values: Mapping[str, Any] = attrs.field(repr=False)
    send: Callable[[], Awaitable[TaskHandle]]
    #: Read the item back: True if the planned values are there, False if not, None
    #: if the account cannot show them (a blind step).
    applied: Callable[[], Awaitable[bool | None]]
    #: The account shows none of the step's fields: its recent tasks tell instead.
    blind: bool = False
    slot: Callable[[], AbstractAsyncContextManager[None]] = no_slot
    #: Wait until the change is done (the resource active again).
    ready: Callable[[], Awaitable[object]] | None = None
    #: Wait until the subscription accepts changes again.
    settle: Callable[[], Awaitable[object]] | None = None
    #: The subscription may be busy already (settle before the first send).
    busy: bool = False


async def run_steps(ctx: RunContext, key: ItemKey, steps: Sequence[Step]) -> list[str]:
    """Run the steps one after the other; the ids of the tasks this run sent."""
    sent: list[str] = []
    for step in steps:
        task_id = await _run(ctx, key, step)
        if task_id is not None:
            sent.append(task_id)
    return sent


async def _run(ctx: RunContext, key: ItemKey, step: Step) -> str | None:
    row = f"{key}@{step.name}"
    entry = ctx.update_entries.get(row)
    task_id = None
    async with step.slot():
        done = entry is not None and await _resume(ctx, key, row, step, entry)
        if not done:
            if step.settle is not None and (step.busy or entry is not None):
                await step.settle()
            task_id = await _send(ctx, key, row, step)
        if step.ready is not None:
            ctx.status(key, "changing")
            await step.ready()
    ctx.end_update(row)
    return task_id


async def _resume(ctx: RunContext, key: ItemKey, row: str, step: Step, entry: UpdateEntry) -> bool:
    """An earlier run began this step and stopped: follow its task, or reconcile."""
    if entry.state == "submitted" and entry.task_id is not None:
        ctx.status(key, "following-task")
        try:
            await ctx.client.tasks.wait(entry.task_id, timeout=ctx.timeout)
        except TaskFailedError:
            return False
        except NotFoundError:
            pass
        else:
            return await step.applied() is not False
    if step.blind and entry.intended != _intended(ctx, row, step):
        await _wait_out(ctx, step)  # it meant other values: let it end, then send ours
        return False
    return await _reconcile(ctx, key, step, entry.horizon)


def _intended(ctx: RunContext, row: str, step: Step) -> str | None:
    """A fingerprint of the values a blind step sends (kept in the journal)."""
    if ctx.journal is None or not step.blind:
        return None
    return fingerprint(ctx.journal.salt(), row, "intended", step.values, secret=True)


async def _send(ctx: RunContext, key: ItemKey, row: str, step: Step) -> str | None:
    """Send the step (journaled) and wait for its task; reconcile an unknown outcome.
    None when a lost request turned out applied."""
    for attempt in range(1, MAX_SENDS + 1):
        horizon = await _finished(ctx, step) if step.blind else None
        ctx.record_update(row, "updating", horizon=horizon, intended=_intended(ctx, row, step))
        ctx.status(key, "updating")
        try:
            ctx.writes += 1
            handle = await step.send()
        except AmbiguousWriteError as error:
            with unresolved(error):
                applied = await _reconcile(ctx, key, step, horizon)
            if applied:
                return None
            if attempt == MAX_SENDS:
                raise
            continue
        ctx.record_update(row, "submitted", task_id=handle.task_id)
        sent = Sent(command=step.command, settle=step.settle, attempt=attempt)
        task = await follow(ctx, key, handle, sent, failed=_ending(ctx, row))
        if task is None:
            continue
        return task.task_id
    raise AssertionError("unreachable")  # pragma: no cover


def _ending(ctx: RunContext, row: str) -> Callable[[bool], None]:
    """A failed update's row ends when it is not sent again (a retry keeps it, journaled)."""

    def failed(retrying: bool) -> None:
        if not retrying:
            ctx.end_update(row)

    return failed


async def _reconcile(
    ctx: RunContext, key: ItemKey, step: Step, horizon: frozenset[str] | None
) -> bool:
    """Whether a step sent without a known answer was applied: wait out the account's
    unknown tasks of its kind, then read the item back (or, blind, ask the tasks)."""
    ctx.status(key, "reconciling")
    if not step.blind and await step.applied():
        return True
    await _wait_out(ctx, step)
    applied = await step.applied()
    if applied is not None:
        return applied
    return bool(await _finished(ctx, step) - (horizon or frozenset()))


async def _wait_out(ctx: RunContext, step: Step) -> None:
    """Wait for the account's unknown tasks of the step's kind to end, through the
    client's grace window (a fresh task can be missing from `GET /tasks` a moment)."""
    await ctx.look_through_grace(step.command, _nothing)


async def _nothing() -> None:
    """A look that finds nothing: `_wait_out` only waits (the item is read after)."""
    return None


async def _finished(ctx: RunContext, step: Step) -> frozenset[str]:
    """The account's finished tasks of the step's kind for its resource (a task it lists
    that was not in the step's horizon is the one whose answer was lost)."""
    return frozenset(
        task.task_id
        for task in await ctx.client.tasks.list()
        if task.command_type == step.command
        and task.resource_id == step.resource_id
        and task.succeeded
    )
