"""Exit codes scripts can rely on, and which error ends a command with which code."""

from __future__ import annotations

from enum import IntEnum

from .._errors import (
    AuthenticationError,
    ConfigurationError,
    PermissionDeniedError,
    RedisCloudError,
    ResourceFailedError,
    TaskFailedError,
    ValidationError,
)

__all__ = ["ExitCode", "UsageError", "exit_code_for", "leaves"]


class ExitCode(IntEnum):
    OK = 0
    FAILED = 1  #: some item or task failed
    USAGE = 2  #: bad arguments, a missing or invalid plan file
    CONFIG = 3  #: missing or rejected credentials, a refused base URL
    API = 4  #: the service (or the way to it) failed: error status, no answer, timeout
    INTERRUPTED = 130  #: Ctrl-C (128 + SIGINT)
    OUTPUT_CLOSED = 141  #: stdout's reader went away (128 + SIGPIPE)


class UsageError(Exception):
    """The command was asked something it cannot do as given (exit code 2)."""


#: When errors of several kinds end a command together, the code of the first kind here.
_PRIORITY = (ExitCode.CONFIG, ExitCode.USAGE, ExitCode.API, ExitCode.FAILED)


def exit_code_for(error: BaseException) -> ExitCode | None:
    """The exit code an error ends a command with; None for a bug (let it raise)."""
    if isinstance(error, BaseExceptionGroup):
        codes = {exit_code_for(leaf) for leaf in error.exceptions}
        if None in codes:
            return None
        return next(code for code in _PRIORITY if code in codes)
    if isinstance(error, ConfigurationError | AuthenticationError | PermissionDeniedError):
        return ExitCode.CONFIG
    if isinstance(error, UsageError | ValidationError):
        return ExitCode.USAGE
    if isinstance(error, TaskFailedError | ResourceFailedError):
        return ExitCode.FAILED
    if isinstance(error, RedisCloudError):
        return ExitCode.API
    return None


def leaves(error: BaseException) -> list[BaseException]:
    """The errors inside (nested) exception groups, or the error itself."""
    if isinstance(error, BaseExceptionGroup):
        return [leaf for inner in error.exceptions for leaf in leaves(inner)]
    return [error]
