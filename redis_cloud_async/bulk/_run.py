"""Running items: one task each in one `asyncio.TaskGroup`, dependencies first.

Shared by `apply` and `destroy`. Each item starts when every item it depends on has
ended well, and ends with exactly one outcome: the action catches its own failures,
and the dependents of a failed item are skipped (naming the failure), so one failure
never cancels its siblings.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable, Generator, Iterator
from os import PathLike
from typing import Any

from .._client import AsyncClient
from .._clock import now
from ._context import RunContext
from ._costs import Costs
from ._events import Event, EventStream, Skipped
from ._items import Item, ItemKey
from ._journal import Journal
from ._results import ItemOutcome, RunResult
from ._slots import PendingSlots

__all__ = ["Action", "EventCallback", "JournalArg", "Prepare", "Run", "execute", "opened"]

EventCallback = Callable[[Event], None]
Action = Callable[[RunContext, Item[Any]], Awaitable[ItemOutcome]]
Prepare = Callable[[RunContext, list[Item[Any]]], Awaitable[list[Item[Any]]]]
JournalArg = Journal | str | PathLike[str] | None


class Run:
    """A run in progress: iterate its `events()`, then `await run` for its result."""

    def __init__(self, stream: EventStream, task: asyncio.Task[RunResult]) -> None:
        self._stream = stream
        self._task = task

    def events(self) -> AsyncIterator[Event]:
        """Every event of the run from its first, until the run ends."""
        return self._stream.events()

    async def wait(self) -> RunResult:
        return await self._task

    def __await__(self) -> Generator[Any, None, RunResult]:
        return self._task.__await__()

    def cancel(self) -> None:
        self._task.cancel()


def _listen_retries(client: AsyncClient, stream: EventStream) -> Callable[[], None]:
    """Forward the client's retries to the stream until the returned stop is called."""
    return client.on_retry(lambda event: stream.retry(event, now()))


async def _drive(ctx: RunContext, items: list[Item[Any]], act: Action) -> dict[str, ItemOutcome]:
    loop = asyncio.get_running_loop()
    done: dict[ItemKey, asyncio.Future[ItemOutcome]] = {i.key: loop.create_future() for i in items}

    async def one(item: Item[Any]) -> None:
        outcome: ItemOutcome | None = None
        for dep in item.deps:
            before = await done[dep]
            if not before.ok:
                blame = str(dep) if before.status == "failed" else before.dependency
                outcome = ItemOutcome(item=str(item.key), status="skipped", dependency=blame)
                ctx.emit(Skipped, item.key, dependency=blame or str(dep))
                break
        if outcome is None:
            outcome = await act(ctx, item)
        done[item.key].set_result(outcome)

    async with asyncio.TaskGroup() as group:
        for item in items:
            group.create_task(one(item), name=f"bulk:{item.key}")
    return {str(i.key): done[i.key].result() for i in items}


async def execute(
    client: AsyncClient,
    items: list[Item[Any]],
    act: Action,
    *,
    stream: EventStream,
    journal: JournalArg,
    max_pending_subscriptions: int,
    timeout: float | None,
    fold: bool,
    costs: Costs,
    prepare: Prepare | None = None,
) -> RunResult:
    """Run `act` on every item and collect the outcomes; closes the stream at the end.
    `prepare` runs first, with the run's context, and says which items to run."""
    began = now()
    stop = _listen_retries(client, stream)
    try:
        with opened(journal) as kept:
            ctx = RunContext(
                client,
                stream=stream,
                journal=kept,
                slots=PendingSlots(max_pending_subscriptions),
                costs=costs,
                timeout=timeout,
                fold=fold,
            )
            try:
                if prepare is not None:
                    items = await prepare(ctx, items)
                outcomes = await _drive(ctx, items, act)
            finally:
                ctx.close()
        return RunResult(outcomes=outcomes, elapsed=now() - began, writes=ctx.writes)
    finally:
        stop()
        stream.close()


@contextlib.contextmanager
def opened(journal: JournalArg) -> Iterator[Journal | None]:
    """The journal a run was given: opened from its path (and closed after), or as is."""
    if journal is None or isinstance(journal, Journal):
        yield journal
        return
    kept = Journal(journal)
    try:
        yield kept
    finally:
        kept.close()
