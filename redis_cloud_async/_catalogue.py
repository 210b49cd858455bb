"""The catalogue of API operations the library serves: method, path, and the method
that serves it.

Resource methods declare their operation with `@operation("GET", "/subscriptions")`
(`resources/_operation.py`) and build the request they send from that declaration; the
catalogue is built by walking the client's namespace classes for those declarations, so
it cannot drift from the code, nor from what is sent (`Operation.sends`). A method that several
namespaces inherit declares its path relative to a class attribute: each namespace
that inherits it catalogues the operation once, at its own path. Tests check the
catalogue against the published list of 165 operations, and the API reference page is
generated from it.
"""

from __future__ import annotations

from collections.abc import Iterator

import attrs

from . import _client  # noqa: F401  (importing the client imports every namespace)
from .resources._base import Resource
from .resources._operation import declared, template_of

__all__ = ["Operation", "catalogue"]

_RESOURCES = __name__.rpartition(".")[0] + ".resources."


@attrs.frozen
class Operation:
    """One API operation and the library method that serves it."""

    method: str
    path: str
    qualname: str
    summary: str
    returns: str  # "sync" (data), "task" (a handle or data through a task)
    #: The requests the method sends, in order: the operation itself, or for an operation
    #: only the guide describes, the published requests that serve it.
    sends: tuple[tuple[str, str], ...]
    #: The method's parameters that carry an id (in the path or the query).
    ids: tuple[str, ...]
    #: The query parameters the method may send (API names).
    query: tuple[str, ...]

    @property
    def key(self) -> tuple[str, str]:
        return (self.method, self.path)

    @property
    def sent_as_declared(self) -> bool:
        """Whether the method sends the operation itself (not published stand-ins)."""
        return self.sends == (self.key,)


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
                template = template_of(cls, method)
                doc = (method.__doc__ or "").strip().splitlines()
                yield Operation(
                    template.method,
                    template.path,
                    f"{cls.__qualname__}.{name}",
                    doc[0] if doc else "",
                    tag.returns,
                    template.sends,
                    tuple(template.id_kinds),
                    tuple(template.query.values()),
                )
