"""`client.tasks`: the account's tasks, and waiting for them."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from typing import Any

from .._handle import raise_for_task
from ..models.tasks import Task
from ._base import Resource
from ._operation import operation, text_id

__all__ = ["Tasks"]


class Tasks(Resource):
    """Read tasks, and wait for one or many through the shared watcher."""

    @operation("GET", "/tasks")
    async def list(self) -> list[Task]:
        """Recent tasks of the account (`GET /tasks`; may be empty)."""
        route = self._route(self.list)
        data: Any = await self._get_json(route)
        raw = data.get("tasks") if isinstance(data, dict) else None
        return [self._decode(t, Task, route.method, route.path) for t in (raw or [])]

    @operation("GET", "/tasks/{taskId}")
    async def get(self, task_id: str) -> Task:
        """One task (`GET /tasks/{id}`)."""
        task = await self._get(self._route(self.get, task_id), Task)
        self._ctx.watcher.observe(task)
        return task

    def last_seen(self, task_id: str) -> Task | None:
        """The task's latest state seen by this client (a write's answer, a `get`, the
        watcher's polling), without a request; None if never seen."""
        return self._ctx.watcher.last_seen(task_id)

    async def wait(self, task_id: str, *, timeout: float | None = None) -> Task:
        """Wait until the task ends; raise `TaskFailedError` if it failed.

        Past `timeout` seconds (None: the client's `task_timeout`) raise `TaskTimeoutError`.
        """
        task_id = _checked(task_id)
        return raise_for_task(await self._ctx.watcher.wait(task_id, timeout=timeout))

    async def as_completed(
        self, task_ids: Iterable[str], *, timeout: float | None = None
    ) -> AsyncIterator[Task]:
        """Yield each task as it ends (failed ones too: check `task.failed`).

        Past `timeout` seconds for them all (None: the client's `task_timeout`) raise
        `TaskTimeoutError`.
        """
        wanted = [_checked(task_id, f"task_ids[{i}]") for i, task_id in enumerate(task_ids)]
        async for task in self._ctx.watcher.as_completed(wanted, timeout=timeout):
            yield task


def _checked(task_id: str, name: str = "task_id") -> str:
    """A task id to wait for: refused, like any id, unless it is one path segment."""
    text_id(name, task_id)
    return task_id
