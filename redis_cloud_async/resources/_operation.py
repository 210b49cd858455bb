"""`@operation`: the tag a namespace method carries to say which API operation it serves.

A pure tag: the method is returned as it is, with a `Declared` record on it, so a call
costs nothing more. The catalogue (`redis_cloud_async._catalogue`) reads the tags.
A method that several namespaces inherit (the database operations Pro and Essentials
share) declares its path relative to a class attribute,
`@operation("GET", "{_databases_path}/{databaseId}")`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import attrs

__all__ = ["Declared", "declared", "operation"]

F = TypeVar("F", bound=Callable[..., Any])

#: The attribute `@operation` leaves on the methods it declares.
_DECLARED = "__redis_cloud_operation__"


@attrs.frozen
class Declared:
    """What a method declares: the operation's method and (maybe relative) path, and
    whether it answers with data ("sync") or through a task ("task")."""

    method: str
    path: str
    returns: str


def operation(method: str, path: str, *, returns: str = "sync") -> Callable[[F], F]:
    """Declare that the decorated method serves `method path` (path as published, or
    relative to a class attribute: ``"{_databases_path}/{databaseId}"``)."""
    tag = Declared(method.upper(), path, returns)

    def register(func: F) -> F:
        setattr(func, _DECLARED, tag)
        return func

    return register


def declared(method: object) -> Declared | None:
    """The operation a method declares, if any."""
    tag = getattr(method, _DECLARED, None)
    return tag if isinstance(tag, Declared) else None
