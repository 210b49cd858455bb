"""Task handles: what every write returns at once, and how to wait for its outcome."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._errors import TaskFailedError
from .models.tasks import Task

if TYPE_CHECKING:
    from ._watcher import TaskWatcher

__all__ = ["TaskHandle", "raise_for_task"]


def raise_for_task(task: Task) -> Task:
    """Return a successful task; raise `TaskFailedError` (with its id) for a failed one."""
    if task.failed:
        response = task.response
        error = response.error if response else None
        raise TaskFailedError(
            task_id=task.task_id,
            command_type=task.command_type,
            error_type=error.type if error else None,
            description=(error.description if error else None) or task.description,
            error_status=error.status if error else None,
            additional_info=response.additional_info if response else None,
            task=task,
        )
    return task


class TaskHandle:
    """A submitted write. `await handle.wait()` returns the finished task.

    Waiting goes through the client's shared watcher: a thousand handles waiting at once
    cost one `GET /tasks` per tick, not a thousand polls.
    """

    __slots__ = ("_watcher", "submitted")

    def __init__(self, submitted: Task, watcher: TaskWatcher) -> None:
        self.submitted = submitted
        self._watcher = watcher

    @property
    def task_id(self) -> str:
        return self.submitted.task_id

    @property
    def command_type(self) -> str | None:
        return self.submitted.command_type

    async def wait(self, *, timeout: float | None = None) -> Task:
        """Wait until the task ends; raise `TaskFailedError` if it failed.

        Past `timeout` seconds (None: the client's `task_timeout`, an hour) raise
        `TaskTimeoutError`; the task itself goes on.
        """
        return raise_for_task(await self._watcher.wait(self.task_id, timeout=timeout))

    async def wait_for_resource_id(self, *, timeout: float | None = None) -> int:
        """Wait as `wait()` does, then return the id the task names, typed `int` (for a
        create): ``sub_id = await handle.wait_for_resource_id()``.

        Raises `MissingResourceIdError` if the finished task names no resource.
        """
        return (await self.wait(timeout=timeout)).require_resource_id()

    def __repr__(self) -> str:
        return f"TaskHandle(task_id={self.task_id!r}, command_type={self.command_type!r})"
