"""The catalogue of API operations the library serves: method, path, and the method
that serves it.

Resource methods declare their operation with `@operation("GET", "/subscriptions")`
(`resources/_operation.py`); the catalogue is built by walking the client's namespace
classes for those declarations, so it cannot drift from the code. A method that several
namespaces inherit declares its path relative to a class attribute: each namespace
that inherits it catalogues the operation once, at its own path. Tests check the
catalogue against the published list of 165 operations, and the API reference page is
generated from it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import attrs

from . import _client  # noqa: F401  (importing the client imports every namespace)
from .resources._base import Resource
from .resources._operation import declared

__all__ = ["Operation", "catalogue"]

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


def catalogue() -> list[Operation]:
    """Every operation the namespace classes declare, sorted by path then method."""
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
            tag = declared(method)
            if tag is not None:
                doc = (method.__doc__ or "").strip().splitlines()
                yield Operation(
                    tag.method,
                    _resolve(tag.path, cls),
                    f"{cls.__qualname__}.{name}",
                    doc[0] if doc else "",
                    tag.returns,
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
