"""Every error the library raises, in one tree.

    RedisCloudError
    ├── ConfigurationError          the client cannot be built as asked (credentials, URL)
    ├── ValidationError             a spec breaks a rule; nothing was sent (names the field)
    │   └── ConfirmationRequiredError   a destructive call without its explicit confirmation
    ├── ClientClosedError           the client was closed while the call or wait was pending
    ├── TransportError              no answer from the server (connect, read, protocol)
    ├── AmbiguousWriteError         a write whose outcome is unknown: it may have been applied
    ├── DecodeError                 the server answered something that cannot be decoded
    ├── APIError                    the server answered with an error status
    │   ├── BadRequestError             400
    │   ├── AuthenticationError         401
    │   ├── PermissionDeniedError       403 (also a source-IP allowlist refusal)
    │   ├── NotFoundError               404
    │   ├── RequestTimeoutError         408
    │   ├── ConflictError               409 (the name exists)
    │   ├── PreconditionFailedError     412 (feature flag off)
    │   ├── UnprocessableEntityError    422
    │   ├── RateLimitError              429
    │   └── ServerError                 5xx
    │       ├── InternalServerError         500
    │       └── ServiceUnavailableError     503
    ├── TaskFailedError             a task ended in `processing-error`
    ├── TaskTimeoutError            a task did not end before its deadline
    ├── MissingResourceIdError      a finished task names no resource where one was required
    ├── RateBudgetUnavailableError  the shared rate budget's store (Redis) cannot be reached
    ├── ResourceFailedError         a resource went to `error` instead of `active`
    └── ReadinessTimeoutError       a resource did not become ready before its deadline

No error carries a credential or a password: messages are built from the method, the
path, the status and the server's message only, and the raw response body is redacted.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ._secrets import redact_text

__all__ = [
    "APIError",
    "AmbiguousWriteError",
    "AuthenticationError",
    "BadRequestError",
    "ClientClosedError",
    "ConfigurationError",
    "ConfirmationRequiredError",
    "ConflictError",
    "DecodeError",
    "InternalServerError",
    "MissingResourceIdError",
    "NotFoundError",
    "PermissionDeniedError",
    "PreconditionFailedError",
    "RateBudgetUnavailableError",
    "RateLimitError",
    "ReadinessTimeoutError",
    "RedisCloudError",
    "RequestTimeoutError",
    "ResourceFailedError",
    "ServerError",
    "ServiceUnavailableError",
    "TaskFailedError",
    "TaskTimeoutError",
    "TransportError",
    "UnprocessableEntityError",
    "ValidationError",
]


class RedisCloudError(Exception):
    """Base of every error raised by redis-cloud-async."""


class ConfigurationError(RedisCloudError, ValueError):
    """The client cannot be built as asked: missing credentials, an insecure URL..."""


class ValidationError(RedisCloudError, ValueError):
    """A request spec breaks a rule of the API; raised before anything is sent.

    `field` is the dotted path of the offending field in the spec
    (e.g. ``windows[2].start_hour``), `reason` says what is wrong with it.
    """

    def __init__(self, field: str, reason: str) -> None:
        self.field = field
        self.reason = redact_text(reason)  # a refused value may carry a credential (URIs)
        super().__init__(f"{field}: {self.reason}")


class ConfirmationRequiredError(ValidationError):
    """A destructive call (delete, flush) made without its explicit confirmation."""


class ClientClosedError(RedisCloudError):
    """The client was closed while this call or wait was pending, or before it began."""


class _RequestError(RedisCloudError):
    """An error tied to one request: carries its method and path (never its headers)."""

    def __init__(self, message: str, *, method: str, path: str) -> None:
        self.method = method
        self.path = path
        self.message = message
        super().__init__(f"{method} {path}: {message}")


class TransportError(_RequestError):
    """No usable answer came back: the connection failed, timed out or broke."""


class AmbiguousWriteError(_RequestError):
    """A POST, PUT or DELETE whose outcome is unknown: the server may have applied it.

    It is never re-sent blindly. Look the resource up (by name) to learn what happened;
    the bulk layer does this for you. `cause` is what made the outcome unknown.
    """

    def __init__(
        self, message: str, *, method: str, path: str, cause: BaseException | None = None
    ) -> None:
        super().__init__(message, method=method, path=path)
        self.cause = cause


class DecodeError(_RequestError):
    """The server's answer could not be decoded into what the operation returns."""

    def __init__(self, message: str, *, method: str, path: str, status: int | None = None) -> None:
        super().__init__(message, method=method, path=path)
        self.status = status


class APIError(_RequestError):
    """The server answered with an error status.

    Carries the status, the server's message and the fields of its Spring-style body
    (`error`, `timestamp`, `path`...) in `body`, plus the request's method and path.
    """

    status: int = 0

    def __init__(
        self,
        message: str,
        *,
        method: str,
        path: str,
        status: int,
        body: Mapping[str, Any] | None = None,
        retry_after: float | None = None,
    ) -> None:
        self.status = status
        self.body: Mapping[str, Any] = dict(body or {})
        self.retry_after = retry_after
        super().__init__(f"{status} {message}", method=method, path=path)
        self.message = message

    @property
    def error(self) -> str | None:
        """The Spring body's `error` field (e.g. ``"Not Found"``)."""
        value = self.body.get("error")
        return value if isinstance(value, str) else None


class BadRequestError(APIError):
    """400: the server could not process the request as sent."""


class AuthenticationError(APIError):
    """401: the API key or secret key is wrong."""


class PermissionDeniedError(APIError):
    """403: not allowed (permissions, or the key's source-IP allowlist)."""


class NotFoundError(APIError):
    """404: the resource does not exist (or does not exist yet)."""


class RequestTimeoutError(APIError):
    """408: the server gave up waiting for the request."""


class ConflictError(APIError):
    """409: conflict, usually a name that already exists."""


class PreconditionFailedError(APIError):
    """412: the feature flag for this flow is off for the account."""


class UnprocessableEntityError(APIError):
    """422: understood, but impossible (e.g. deleting the last Active-Active region)."""


class RateLimitError(APIError):
    """429: too many requests, or too many resources changing at once."""


class ServerError(APIError):
    """5xx: the server failed."""


class InternalServerError(ServerError):
    """500: internal system error."""


class ServiceUnavailableError(ServerError):
    """503: the service is temporarily unavailable."""


_BY_STATUS: dict[int, type[APIError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    408: RequestTimeoutError,
    409: ConflictError,
    412: PreconditionFailedError,
    422: UnprocessableEntityError,
    429: RateLimitError,
    500: InternalServerError,
    503: ServiceUnavailableError,
}


def error_for_status(status: int) -> type[APIError]:
    """The error class for an HTTP status: one per documented status, then by range."""
    if status in _BY_STATUS:
        return _BY_STATUS[status]
    return ServerError if status >= 500 else APIError


class TaskFailedError(RedisCloudError):
    """A task ended in `processing-error`.

    Carries the task id, its command type, and the error's type (e.g.
    ``SUBSCRIPTION_NOT_ACTIVE``), status and description as the server reported them,
    with the task's `additional_info` where the service gives one (e.g.
    ``cluster-user-password-wrong-pattern``); the description and the additional info are
    redacted: the service may echo a secret it was sent.
    """

    def __init__(
        self,
        *,
        task_id: str,
        command_type: str | None,
        error_type: str | None,
        description: str | None,
        error_status: str | None = None,
        additional_info: str | None = None,
        task: Any = None,
    ) -> None:
        self.task_id = task_id
        self.command_type = command_type
        self.error_type = error_type
        description = redact_text(description) if description else description
        self.description = description
        self.error_status = error_status
        self.additional_info = redact_text(additional_info) if additional_info else None
        self.task = task
        kind = error_type or "UNKNOWN_ERROR"
        what = f" ({command_type})" if command_type else ""
        detail = f": {description}" if description else ""
        extra = f" [{self.additional_info}]" if self.additional_info else ""
        super().__init__(f"task {task_id}{what} failed with {kind}{detail}{extra}")


class TaskTimeoutError(RedisCloudError, TimeoutError):
    """A task did not reach a terminal status before the deadline; it may still finish."""

    def __init__(self, *, task_id: str, timeout: float, last_status: str | None) -> None:
        self.task_id = task_id
        self.timeout = timeout
        self.last_status = last_status
        super().__init__(
            f"task {task_id} not finished after {timeout:g}s (last status: {last_status})"
        )


class MissingResourceIdError(RedisCloudError):
    """A task finished without the resource id its caller required (`require_resource_id`)."""

    def __init__(self, *, task_id: str, command_type: str | None, status: str | None) -> None:
        self.task_id = task_id
        self.command_type = command_type
        self.status = status
        what = f" ({command_type})" if command_type else ""
        super().__init__(f"task {task_id}{what} names no resource id (status: {status})")


class RateBudgetUnavailableError(RedisCloudError):
    """A rate budget shared across processes could not be reached (its Redis is down or
    refused the call): the request was not sent. `RedisRateBudget(fallback=...)` keeps
    going on a local budget instead."""


class ResourceFailedError(RedisCloudError):
    """A subscription or database reached the `error` status while we waited for it."""

    def __init__(self, *, kind: str, resource_id: str, status: str) -> None:
        self.kind = kind
        self.resource_id = resource_id
        self.status = status
        super().__init__(f"{kind} {resource_id} is in status {status!r}")


class ReadinessTimeoutError(RedisCloudError, TimeoutError):
    """A subscription or database did not become ready before the deadline."""

    def __init__(
        self, *, kind: str, resource_id: str, timeout: float, last_status: str | None
    ) -> None:
        self.kind = kind
        self.resource_id = resource_id
        self.timeout = timeout
        self.last_status = last_status
        super().__init__(
            f"{kind} {resource_id} not ready after {timeout:g}s (last status: {last_status})"
        )
