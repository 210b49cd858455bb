"""The catalogue of API operations the library serves: method, path, and the method
that serves it.

Resource methods declare their operation with `@operation("GET", "/subscriptions")`; the
catalogue is built by walking the namespace classes for those declarations, so it
cannot drift from the code. A method that several namespaces inherit (the database
operations Pro and Essentials share) declares its path relative to a class attribute,
`@operation("GET", "{_databases_path}/{databaseId}")`: each namespace that inherits it
catalogues the operation once, at its own path. Tests check the catalogue against the
published list of 165 operations, and the API reference page is generated from it.
"""

from __future__ import annotations

import functools
import inspect
import re
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from typing import Any, TypeVar, cast

import attrs

__all__ = ["Operation", "catalogue", "completed_calls", "operation"]

F = TypeVar("F", bound=Callable[..., Any])

_COMPLETED: Counter[str] = Counter()
#: The attribute `@operation` leaves on the methods it declares.
_DECLARED = "__redis_cloud_operation__"
#: A path that starts with `{attribute}` is relative to that attribute of the class.
_RELATIVE = re.compile(r"\{(\w+)\}")
_RESOURCES = __name__.rpartition(".")[0] + ".resources."


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


@attrs.frozen
class _Declared:
    method: str
    path: str
    returns: str


def operation(method: str, path: str, *, returns: str = "sync") -> Callable[[F], F]:
    """Declare that the decorated method serves `method path` (path as published, or
    relative to a class attribute: ``"{_databases_path}/{databaseId}"``).

    The method is wrapped only to count its successful calls per namespace class
    (`completed_calls`), which the test suite reads to show that every operation was
    exercised.
    """
    declared = _Declared(method.upper(), path, returns)

    def register(func: F) -> F:
        name = func.__name__
        if inspect.iscoroutinefunction(func):

            @functools.wraps(func)
            async def counted(self: Any, *args: Any, **kwargs: Any) -> Any:
                result = await func(self, *args, **kwargs)
                _COMPLETED[f"{type(self).__qualname__}.{name}"] += 1
                return result

        else:

            @functools.wraps(func)
            def counted(self: Any, *args: Any, **kwargs: Any) -> Any:
                result = func(self, *args, **kwargs)
                _COMPLETED[f"{type(self).__qualname__}.{name}"] += 1
                return result

        setattr(counted, _DECLARED, declared)
        return cast(F, counted)

    return register


def completed_calls() -> Mapping[str, int]:
    """How many calls of each catalogued method (``Class.method``) returned without an
    error, so far."""
    return _COMPLETED


def catalogue() -> list[Operation]:
    """Every operation the namespace classes declare, sorted by path then method."""
    from . import _client  # noqa: F401  (importing the client imports every namespace)
    from .resources._base import Resource

    operations = [op for cls in _namespaces(Resource) for op in _operations_of(cls)]
    return sorted(operations, key=lambda op: (op.path, op.method, op.qualname))


def _namespaces(base: type) -> Iterator[type]:
    """The library's namespace classes: its resource classes, but for the generic ones
    that namespaces fill in (`DatabaseOperations[Database, ...]`)."""
    seen: set[type] = set()
    pending: list[type] = list(base.__subclasses__())
    while pending:
        cls = pending.pop()
        if cls in seen:
            continue
        seen.add(cls)
        pending.extend(cls.__subclasses__())
        if cls.__module__.startswith(_RESOURCES) and not getattr(cls, "__parameters__", ()):
            yield cls


def _operations_of(cls: type) -> Iterator[Operation]:
    """The operations `cls` serves, its own and those it inherits (an override wins)."""
    seen: set[str] = set()
    for klass in cls.__mro__:
        for name, method in vars(klass).items():
            if name in seen:
                continue
            seen.add(name)
            declared = getattr(method, _DECLARED, None)
            if isinstance(declared, _Declared):
                doc = (method.__doc__ or "").strip().splitlines()
                yield Operation(
                    declared.method,
                    _resolve(declared.path, cls),
                    f"{cls.__qualname__}.{name}",
                    doc[0] if doc else "",
                    declared.returns,
                )


def _resolve(path: str, cls: type) -> str:
    """The published path of a declaration, made absolute against `cls`."""
    relative = _RELATIVE.match(path)
    if relative is None:
        return path
    base = getattr(cls, relative[1], None)
    if not isinstance(base, str):
        raise TypeError(f"{cls.__qualname__} declares no path {relative[1]!r} for {path!r}")
    return base + path[relative.end() :]
