"""The task watcher: every task wait of a client served by one `GET /tasks` per tick.

`GET /tasks` may list the tasks of the last days, only the running ones, or nothing
(`{}`, null). A waited task it shows costs nothing more; one it omits is fetched with
`GET /tasks/{id}`: at once when it just dropped out of the list (a running task that
ended), else on a per-task backoff. Tasks are final once terminal, so a wait on a task
already seen terminal (the 202 answer, a user's `GET /tasks/{id}`) returns at once.

The list can hold thousands of tasks: it is read one task at a time, the tasks nobody
waits on are dropped as they come, a running task is kept as a `Task` without its
description and links (what a wait needs: id, status, time, resource ids, error) and
only a task that ended is decoded whole, for its waiters. A task the list garbles fails
the waits on that task only.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import AsyncIterator, Collection, Iterable, Mapping
from typing import Any, ClassVar
from urllib.parse import quote

from ._converter import Converter
from ._core import Requester
from ._decode import decode_task
from ._errors import DecodeError, NotFoundError, TaskTimeoutError
from ._json import array_items
from ._polling import Done, Poller, PollingService, PollPolicy, PollSource, Verdict
from .models.tasks import TERMINAL_STATUSES, Task

__all__ = ["TaskWatcher"]


class _TaskSource(PollSource[str, Task, Task]):
    """Tasks as a polling source: settled when terminal (completed or failed alike)."""

    final_verdicts: ClassVar[bool] = True

    def __init__(self, requester: Requester, converter: Converter) -> None:
        self._requester = requester
        self._converter = converter
        # The last decoded state of each waited task the sweep showed, by its fingerprint.
        self._decoded: dict[str, tuple[tuple[Any, ...], Task]] = {}

    async def sweep(self, keys: Collection[str]) -> Mapping[str, Task | Exception]:
        answer = await self._requester.request("GET", "/tasks", raw=True)
        content: bytes = answer.content
        del answer  # the text below is all that is kept of it
        wanted = {key: key for key in keys}
        # Decode only the waited tasks, and only those that changed since the last sweep:
        # with thousands waited, decoding every one on every tick would cost more than
        # the request itself.
        previous, decoded = self._decoded, {}
        shown: dict[str, Task | Exception] = {}
        try:
            for item in array_items(content, "tasks"):
                task_id = item.get("taskId") if isinstance(item, dict) else None
                if not isinstance(task_id, str) or task_id not in wanted:
                    continue
                task_id = wanted[task_id]  # the waited key itself: keep no string of this answer
                fingerprint = _fingerprint(item)
                cached = previous.get(task_id)
                if cached is not None and cached[0] == fingerprint:
                    task = cached[1]
                else:
                    try:
                        task = self._decode_listed(task_id, item)
                    except DecodeError as error:
                        shown[task_id] = error  # fails the waits on this task only
                        continue
                decoded[task_id] = (fingerprint, task)
                shown[task_id] = task
        except ValueError:
            raise DecodeError(
                f"the answer is not JSON ({len(content)} bytes)", method="GET", path="/tasks"
            ) from None
        self._decoded = decoded
        return shown

    def _decode_listed(self, task_id: str, item: dict[str, Any]) -> Task:
        """A task of the list: whole once it ended (its waiters get it), else without the
        fields a wait does not read. Its id is the waited key, its command type a shared
        string: thousands of tasks kept between sweeps hold no string of each answer."""
        status = item.get("status")
        if not (isinstance(status, str) and status in TERMINAL_STATUSES):
            item = {key: value for key, value in item.items() if key not in _NOT_WAITED_ON}
        item["taskId"] = task_id
        if isinstance(command := item.get("commandType"), str):
            item["commandType"] = sys.intern(command)
        return decode_task(self._converter, item, method="GET", path="/tasks")

    async def fetch(self, key: str) -> Task:
        path = f"/tasks/{quote(key, safe='')}"
        body = await self._requester.request("GET", path)
        return decode_task(self._converter, body, method="GET", path=path)

    def settle(self, key: str, seen: Task | NotFoundError) -> Verdict[Task]:
        if isinstance(seen, NotFoundError) or not seen.is_terminal:
            return None
        return Done(seen)

    def status(self, seen: Task) -> str | None:
        return None if seen.status is None else str(seen.status)

    def timeout_error(self, key: str, timeout: float, last_status: str | None) -> Exception:
        return TaskTimeoutError(task_id=key, timeout=timeout, last_status=last_status)


#: What a wait does not read of a running task (a long text, a list of links).
_NOT_WAITED_ON = frozenset({"description", "links"})


def _fingerprint(item: Mapping[str, Any]) -> tuple[Any, ...]:
    """What changes when a task moves on: its status and the time of its last change.

    Interned, so that the fingerprints kept between sweeps do not hold on to pieces of
    each parsed answer (with thousands of tasks, that would pin most of its memory).
    """
    return tuple(
        sys.intern(value) if isinstance(value, str) else value
        for value in (item.get("status"), item.get("timestamp"))
    )


class TaskWatcher(PollingService[str, Task, Task]):
    """Follows any number of tasks for one client with a handful of requests.

    `wait` and `as_completed` return tasks that ended either way (completed or failed):
    raising `TaskFailedError` is the caller's choice. `watch` gives a future for code
    that must act when a task ends although nobody awaits it (releasing a permit).
    """

    def __init__(
        self, requester: Requester, converter: Converter, policy: PollPolicy | None = None
    ) -> None:
        source = _TaskSource(requester, converter)
        super().__init__(Poller(source, policy or PollPolicy(), name="TaskWatcher"))

    async def wait(self, task_id: str, *, timeout: float | None = None) -> Task:
        """The task once it is `processing-completed` or `processing-error`.

        Raises `TaskTimeoutError` after `timeout` seconds, `NotFoundError` if the id
        still answers 404 after the grace window, `ClientClosedError` on `aclose()`.
        """
        return await self._poller.wait(task_id, timeout=timeout)

    def as_completed(
        self, task_ids: Iterable[str], *, timeout: float | None = None
    ) -> AsyncIterator[Task]:
        """Yield the tasks in the order they end; `timeout` bounds the whole iteration
        (then `TaskTimeoutError` names the first task, in the given order, still running).
        Closing the iterator early (or dropping it) stops the remaining waits."""
        return self._poller.as_completed(list(task_ids), timeout=timeout)

    def watch(self, task_id: str) -> asyncio.Future[Task]:
        """A future settled with the terminal task (or the error that ended the wait).

        Nobody needs to await it; cancelling it stops this one wait only.
        """
        return self._poller.watch(task_id)

    def observe(self, task: Task) -> None:
        """Feed a task seen elsewhere (a write's 202 answer, a `GET /tasks/{id}`)."""
        self._poller.observe(task.task_id, task)

    def last_seen(self, task_id: str) -> Task | None:
        """The latest state of the task seen by this client, if any."""
        return self._poller.last_seen(task_id)
