"""`watch`: follow tasks through the client's shared watcher until they end.

Each task is read once at the start (which also checks that it exists); from then on
the shared watcher follows them all with one `GET /tasks` per tick, and each status
change it sees is printed as it comes, read from the watcher's memory (no request).
"""

from __future__ import annotations

import argparse
import asyncio
from typing import Any

from .._client import AsyncClient
from .._clock import sleep
from .._secrets import redact_text
from ..models.tasks import Task
from ._exit import ExitCode
from ._output import Output
from ._session import connect, positive

__all__ = ["describe_task", "register"]


def register(commands: Any, api: argparse.ArgumentParser) -> None:
    watching = commands.add_parser(
        "watch",
        parents=[api],
        help="follow tasks until they end, showing each status change",
        description="Follow tasks until they end. Exits 1 if any of them failed.",
    )
    watching.add_argument("task_ids", nargs="+", metavar="TASK_ID")
    watching.add_argument(
        "--timeout",
        type=positive,
        metavar="SECONDS",
        help="give up (exit 4) if a task is still running after this long (default: 3600, "
        "the client's task deadline)",
    )
    watching.set_defaults(run=_watch)


def describe_task(task: Task) -> str:
    """One line: id, status, command, and the outcome once there is one."""
    text = f"{task.task_id}  {task.status}  {task.command_type or '-'}"
    error = task.response.error if task.response else None
    if task.failed:
        kind = error.type if error and error.type else "UNKNOWN_ERROR"
        why = (error.description if error else None) or task.description
        return f"{text}  {kind}" + (f": {redact_text(why)}" if why else "")
    if task.resource_id is not None:
        return f"{text}  resource {task.resource_id}"
    return text


class _Changes:
    """Prints a task whenever its status differs from the one printed last."""

    def __init__(self, out: Output) -> None:
        self._out = out
        self.latest: dict[str, Task] = {}

    def note(self, task: Task) -> None:
        before = self.latest.get(task.task_id)
        self.latest[task.task_id] = task
        if before is None or before.status != task.status:
            style = "red" if task.failed else "green" if task.succeeded else None
            self._out.line(describe_task(task), style=style)


async def _sample(client: AsyncClient, ids: list[str], changes: _Changes, every: float) -> None:
    """Report what the shared watcher has seen of `ids`, every `every` seconds."""
    while True:
        await sleep(every)
        for task_id in ids:
            seen = client.tasks.last_seen(task_id)
            if seen is not None:
                changes.note(seen)


async def _watch(args: argparse.Namespace, out: Output) -> int:
    ids = list(dict.fromkeys(args.task_ids))
    changes = _Changes(out)
    async with connect(args) as client:
        async with asyncio.TaskGroup() as group:
            reads = [group.create_task(client.tasks.get(task_id)) for task_id in ids]
        for read in reads:
            changes.note(read.result())
        running = [task.task_id for task in changes.latest.values() if not task.is_terminal]
        sampler = asyncio.create_task(_sample(client, running, changes, args.poll_interval))
        try:
            async for task in client.tasks.as_completed(running, timeout=args.timeout):
                changes.note(task)
        finally:
            sampler.cancel()
            await asyncio.wait([sampler])
    failed = [task for task in changes.latest.values() if task.failed]
    out.line(f"{len(ids)} tasks ended: {len(ids) - len(failed)} completed, {len(failed)} failed")
    return ExitCode.FAILED if failed else ExitCode.OK
