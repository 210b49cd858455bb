"""Making one item exist, exactly once: look up by name, follow, or submit and follow.

A create whose answer was lost (`AmbiguousWriteError`) or refused as a duplicate
(`ConflictError`) is never re-sent blindly: the item is looked up by name again, and
while the account runs (or just ran) tasks of the same kind that this run does not know
(the lost one may be among them), the lookup waits for them. Only when the name is
still unknown, no such task is left and the client's grace window has passed may the
create be sent again: a fresh task is missing from `GET /tasks` for a moment, a fresh
resource from its list, and the service may accept a second create of the same name.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import AbstractAsyncContextManager

import attrs

from .._errors import (
    AmbiguousWriteError,
    ClientClosedError,
    ConflictError,
    NotFoundError,
    TaskFailedError,
)
from .._handle import TaskHandle
from ..models.tasks import Task
from ._context import RunContext
from ._events import Submitted, Succeeded
from ._inventory import Found
from ._items import ItemKey

__all__ = [
    "BUSY_ERRORS",
    "MAX_SENDS",
    "Ensured",
    "Ops",
    "Sent",
    "ensure",
    "follow",
    "no_slot",
    "unresolved",
]

#: Sends of one create, at most (the first, and re-sends after a reconciliation).
MAX_SENDS = 4
#: Task errors after which the same request may simply be sent again.
BUSY_ERRORS = frozenset({"SUBSCRIPTION_NOT_ACTIVE"})


@contextlib.asynccontextmanager
async def no_slot() -> AsyncIterator[None]:
    """For writes that leave no subscription pending."""
    yield


@contextlib.contextmanager
def unresolved(error: Exception) -> Iterator[None]:
    """Around the lookup that reconciles `error`: if the client closes meanwhile, a lost
    write stays unresolved, and its `AmbiguousWriteError` (it may have been applied)
    says more than the close."""
    try:
        yield
    except ClientClosedError:
        if isinstance(error, AmbiguousWriteError):
            raise error from None
        raise


@attrs.frozen(kw_only=True)
class Ops:
    """How to find, create and follow one item."""

    #: The task's `commandType`, to spot this item's lost task in `GET /tasks`.
    command: str
    find: Callable[[bool], Awaitable[Found | None]]
    send: Callable[[], Awaitable[TaskHandle]]
    ready: Callable[[int], Awaitable[object]] | None = None
    slot: Callable[[], AbstractAsyncContextManager[None]] = no_slot
    #: Wait until the parent subscription accepts changes again.
    settle: Callable[[], Awaitable[object]] | None = None


@attrs.frozen
class Ensured:
    resource_id: int | None
    created: bool
    task_id: str | None = None


async def ensure(
    ctx: RunContext, key: ItemKey, ops: Ops, *, look: bool = True, carried: bool = False
) -> Ensured:
    """Make the item exist and be ready. `look=False` skips the first lookup (the
    parent was just created by this run and the journal has no trace of the item);
    `carried`: the parent's create request made it, so finding it means "created"."""
    entry = ctx.entry(key)
    resumed = entry is not None and entry.state != "finished"
    found = await ops.find(False) if look or entry is not None else None
    if found is not None and (found.active or ops.ready is None):
        ctx.record(key, "finished", resource_id=found.resource_id)
        return Ensured(found.resource_id, created=carried or resumed)
    # From here the item may hold the subscription pending: one slot throughout, so
    # that the count of pending subscriptions never drops below the server's.
    async with ops.slot():
        if found is None and resumed:
            found = await _resume(ctx, key, ops, entry.task_id if entry else None)
        task_id = None
        if found is None:
            resource_id, task_id = await _submit(ctx, key, ops)
        else:
            resource_id = found.resource_id
        provisioning = found is None or not found.active
        if provisioning and resource_id is not None and ops.ready is not None:
            ctx.status(key, "provisioning")
            await ops.ready(resource_id)
    ctx.record(key, "finished", resource_id=resource_id)
    return Ensured(resource_id, created=found is None or carried or resumed, task_id=task_id)


async def _resume(ctx: RunContext, key: ItemKey, ops: Ops, task_id: str | None) -> Found | None:
    """An earlier run sent this item's create and stopped: let its task end, then look
    the item up. The task's resource id is not trusted: the resource may have been
    deleted since (by a destroy, by hand), and then it is made again."""
    if task_id is not None:
        ctx.status(key, "following-task")
        with contextlib.suppress(TaskFailedError, NotFoundError):
            await ctx.client.tasks.wait(task_id, timeout=ctx.timeout)
    return await _reconcile(ctx, key, ops)


async def _submit(ctx: RunContext, key: ItemKey, ops: Ops) -> tuple[int | None, str | None]:
    """Send the create (journaled) and wait for its task; reconcile an unknown outcome."""
    for attempt in range(1, MAX_SENDS + 1):
        ctx.record(key, "submitting")
        ctx.status(key, "submitting")
        try:
            ctx.writes += 1
            handle = await ops.send()
        except (AmbiguousWriteError, ConflictError) as error:
            with unresolved(error):
                found = await _reconcile(ctx, key, ops)
            if found is not None:
                return found.resource_id, None
            if attempt == MAX_SENDS:
                raise
            continue
        ctx.record(key, "submitted", task_id=handle.task_id)
        sent = Sent(command=ops.command, settle=ops.settle, attempt=attempt)
        task = await follow(ctx, key, handle, sent, failed=lambda _retrying: _forget(ctx, key))
        if task is None:
            continue
        return task.resource_id, task.task_id
    raise AssertionError("unreachable")  # pragma: no cover


def _forget(ctx: RunContext, key: ItemKey) -> None:
    """A failed create's task is never followed again: a resumed run looks the item up."""
    if ctx.journal is not None:
        ctx.journal.forget_task(str(key))


@attrs.frozen(kw_only=True)
class Sent:
    """One send of a write: its task's kind, how to wait out a busy subscription, which try."""

    command: str
    settle: Callable[[], Awaitable[object]] | None
    attempt: int


async def follow(
    ctx: RunContext,
    key: ItemKey,
    handle: TaskHandle,
    sent: Sent,
    *,
    failed: Callable[[bool], object],
) -> Task | None:
    """Follow a sent write's task (journaled by the caller) to its end and tell the
    listener. None when the service refused it as busy and the subscription was waited
    out: send it again. `failed(retrying)` keeps the journal's books for a failed task
    before anything else happens."""
    ctx.known_tasks.add(handle.task_id)
    ctx.emit(Submitted, key, task_id=handle.task_id, command=sent.command)
    try:
        task = await handle.wait(timeout=ctx.timeout)
    except TaskFailedError as error:
        busy = error.error_type in BUSY_ERRORS and sent.attempt < MAX_SENDS
        if not busy or sent.settle is None:
            failed(False)
            raise
        failed(True)
        await sent.settle()
        return None
    ctx.emit(Succeeded, key, task_id=task.task_id, resource_id=task.resource_id)
    return task


async def _reconcile(ctx: RunContext, key: ItemKey, ops: Ops) -> Found | None:
    """Find the item by name, waiting out the account's unknown tasks of its kind, and
    looking through the client's grace window before the name is taken for free (a
    create of ours may be queued, its task not listed yet, its resource not yet shown)."""
    ctx.status(key, "reconciling")
    return await ctx.look_through_grace(ops.command, lambda: ops.find(True))
