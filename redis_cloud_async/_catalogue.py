"""The catalogue of API operations the library serves: method, path, and the method
that serves it.

Resource methods declare their operation with `@operation("GET", "/subscriptions")`; the
catalogue is built from those declarations, so it cannot drift from the code. Tests
check it against the published list of 165 operations, and the API reference page is
generated from it.
"""

from __future__ import annotations

import functools
import inspect
from collections import Counter
from collections.abc import Callable, Mapping
from typing import Any, TypeVar, cast

import attrs

__all__ = ["Operation", "catalogue", "completed_calls", "operation"]

F = TypeVar("F", bound=Callable[..., Any])

_OPERATIONS: list[Operation] = []
_COMPLETED: Counter[str] = Counter()


@attrs.frozen
class Operation:
    """One API operation and the library method that serves it."""

    method: str
    path: str
    qualname: str
    summary: str
    returns: str  # "sync" (data), "task" (a handle or data through a task)

    @property
    def key(self) -> tuple[str, str]:
        return (self.method, self.path)


def operation(method: str, path: str, *, returns: str = "sync") -> Callable[[F], F]:
    """Declare that the decorated method serves `method path` (path as published).

    The method is wrapped only to count its successful calls (`completed_calls`), which
    the test suite reads to show that every operation was exercised.
    """

    def register(func: F) -> F:
        doc = (func.__doc__ or "").strip().splitlines()
        qualname = func.__qualname__
        _OPERATIONS.append(
            Operation(method.upper(), path, qualname, doc[0] if doc else "", returns)
        )
        if inspect.iscoroutinefunction(func):

            @functools.wraps(func)
            async def counted(*args: Any, **kwargs: Any) -> Any:
                result = await func(*args, **kwargs)
                _COMPLETED[qualname] += 1
                return result

        else:

            @functools.wraps(func)
            def counted(*args: Any, **kwargs: Any) -> Any:
                result = func(*args, **kwargs)
                _COMPLETED[qualname] += 1
                return result

        return cast(F, counted)

    return register


def completed_calls() -> Mapping[str, int]:
    """How many calls of each catalogued method returned without an error, so far."""
    return _COMPLETED


def catalogue() -> list[Operation]:
    """Every operation declared by the resource modules, sorted by path then method."""
    from . import resources  # noqa: F401  (importing the namespaces registers them)
    from ._client import AsyncClient  # noqa: F401

    return sorted(_OPERATIONS, key=lambda op: (op.path, op.method, op.qualname))
