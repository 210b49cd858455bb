"""The two ways the simulated service says no: a synchronous error and a failed task.

A synchronous error refuses the request before anything is done (the front end answers it
with the Spring Boot body the real service sends); a task error ends a task
``processing-error`` with ``response.error = {type, status, description}`` (and, for
some errors, ``response.additionalInfo``).
"""

from __future__ import annotations

from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

TOO_MANY_CHANGES = (
    "Too many resources are concurrently created / updated / deleted in the account. "
    "Please re-submit API requests after resource changes are completed"
)


class ApiError(Exception):
    """Answer the request with ``status`` and a Spring error body; nothing was done."""

    def __init__(self, status: int, message: str, headers: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = dict(headers or {})


def bad_request(message: str) -> ApiError:
    return ApiError(400, message)


def not_found(message: str) -> ApiError:
    return ApiError(404, message)


def conflict(message: str) -> ApiError:
    return ApiError(409, message)


def unprocessable(message: str) -> ApiError:
    return ApiError(422, message)


def status_text(status: int) -> str:
    """``400`` -> ``"400 BAD_REQUEST"``, as in ``response.error.status`` of a task."""
    return f"{status} {HTTPStatus(status).name}"


class TaskError(Exception):
    """Ends the running task ``processing-error`` with this error object.

    `additional_info` goes beside the error, as ``response.additionalInfo`` (the published
    document's `ProcessorResponse`; the service's recorded answers carry it for some errors,
    e.g. ``cluster-user-password-wrong-pattern`` beside ``ACL_USER_PASSWORD_NOT_VALID``).
    """

    def __init__(
        self,
        error_type: str,
        description: str,
        status: int = 400,
        *,
        additional_info: str | None = None,
    ) -> None:
        super().__init__(f"{error_type}: {description}")
        self.error_type = error_type
        self.description = description
        self.status = status
        self.additional_info = additional_info

    def as_json(self) -> dict[str, Any]:
        return {
            "type": self.error_type,
            "status": status_text(self.status),
            "description": self.description,
        }
