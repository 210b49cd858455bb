"""The catalogue of API operations the library serves: method, path, and the method
that serves it.

Resource methods declare their operation with `@operation("GET", "/subscriptions")`; the
catalogue is built from those declarations, so it cannot drift from the code. Tests
check it against the published list of 165 operations, and the API reference page is
generated from it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import attrs

__all__ = ["Operation", "catalogue", "operation"]

F = TypeVar("F", bound=Callable[..., Any])

_OPERATIONS: list[Operation] = []


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
    """Declare that the decorated method serves `method path` (path as published)."""

    def register(func: F) -> F:
        doc = (func.__doc__ or "").strip().splitlines()
        _OPERATIONS.append(
            Operation(method.upper(), path, func.__qualname__, doc[0] if doc else "", returns)
        )
        return func

    return register


def catalogue() -> list[Operation]:
    """Every operation declared by the resource modules, sorted by path then method."""
    from . import resources  # noqa: F401  (importing the namespaces registers them)
    from ._client import AsyncClient  # noqa: F401

    return sorted(_OPERATIONS, key=lambda op: (op.path, op.method, op.qualname))
