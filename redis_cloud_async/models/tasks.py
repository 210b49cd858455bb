"""Tasks: what every write answers with, and what the task watcher follows."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

import attrs

from .._errors import MissingResourceIdError
from .._secrets import redact_text
from ._base import Model, StrEnum

__all__ = ["Task", "TaskError", "TaskResponse", "TaskStatus"]


class TaskStatus(StrEnum):
    """The lifecycle of a task; the last two are terminal."""

    INITIALIZED = "initialized"
    RECEIVED = "received"
    PROCESSING_IN_PROGRESS = "processing-in-progress"
    PROCESSING_COMPLETED = "processing-completed"
    PROCESSING_ERROR = "processing-error"


TERMINAL_STATUSES = frozenset({TaskStatus.PROCESSING_COMPLETED, TaskStatus.PROCESSING_ERROR})


def _redacted(value: Any) -> str:
    """A service-written text as a repr shows it: the service may echo a secret it was
    sent (in a description, in an error's additional info)."""
    return repr(redact_text(value) if isinstance(value, str) else value)


def _service_text() -> Any:
    return attrs.field(default=None, repr=_redacted)


@attrs.frozen(kw_only=True)
class TaskError(Model):
    """Why a task failed: `type` is a code such as ``SUBSCRIPTION_NOT_ACTIVE``."""

    type: str | None = None
    status: str | None = None
    description: str | None = _service_text()

    @classmethod
    def _prepare_json(cls, data: Any) -> Any:
        """The published document types the error as a bare code string: accept both."""
        return {"type": data} if isinstance(data, str) else data


@attrs.frozen(kw_only=True)
class TaskResponse(Model):
    """The outcome carried by a task: ids of what it touched, data, or an error."""

    resource_id: int | None = None
    additional_resource_id: int | None = None
    resource: Mapping[str, Any] | None = None
    error: TaskError | None = None
    additional_info: str | None = _service_text()


@attrs.frozen(kw_only=True)
class Task(Model):
    """A task as the server reports it (`TaskStateUpdate`)."""

    task_id: str
    command_type: str | None = None
    status: TaskStatus | str | None = None
    description: str | None = _service_text()
    timestamp: datetime | None = None
    response: TaskResponse | None = None
    links: list[dict[str, str]] = attrs.field(factory=list, repr=False)

    @property
    def is_terminal(self) -> bool:
        """True once the task has completed or failed."""
        return self.status in TERMINAL_STATUSES

    @property
    def succeeded(self) -> bool:
        return self.status == TaskStatus.PROCESSING_COMPLETED

    @property
    def failed(self) -> bool:
        return self.status == TaskStatus.PROCESSING_ERROR

    @property
    def resource_id(self) -> int | None:
        """The id of what the task created or changed (`response.resourceId`)."""
        return self.response.resource_id if self.response else None

    def require_resource_id(self) -> int:
        """The id of what the task created or changed, typed `int`: for the tasks that
        always name one (a create). Raises `MissingResourceIdError` if it names none."""
        found = self.resource_id
        if found is None:
            raise MissingResourceIdError(
                task_id=self.task_id,
                command_type=self.command_type,
                status=None if self.status is None else str(self.status),
            )
        return found

    @property
    def resource(self) -> Mapping[str, Any] | None:
        """The data the task carries (`response.resource`): async GET results, dry runs."""
        return self.response.resource if self.response else None
