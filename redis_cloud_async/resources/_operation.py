"""`@operation`: the API operation a namespace method serves, and the request it sends.

A method declares its operation once, `@operation("GET", "/subscriptions/{subscriptionId}")`,
and builds the request it sends from that declaration with `route_of` (through
`Resource._route`): the method, the path with each id checked and put in its segment,
and the query parameters the declaration names. So what a call sends cannot differ from
what the catalogue (`redis_cloud_async._catalogue`) says it serves.

Ids: a numeric id must be an `int` (a bool, a float, a numeric string are refused, so
`3.99` never becomes subscription 3); a text id (a tag key, a task id) must be exactly one
path segment as written: an empty id, ``.``, ``..``, or one holding ``/``, ``\\``, ``?``,
``#`` or a control character is refused, any other character is percent-encoded. Both
raise `ValidationError` naming the parameter, before anything is sent.

A method that several namespaces inherit (the database operations Pro and Essentials
share) declares its path relative to a class attribute,
`@operation("GET", "{_databases_path}/{databaseId}")`.

An operation only the guide describes may be served by sending the published request
that does the same (api-facts.md: "send what the published API accepts"); its
declaration says so with `sends`, the requests the method sends in order, and the method
delegates to the methods that send them (it builds no request of its own).
"""

from __future__ import annotations

import functools
import inspect
import operator
import re
import typing
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar
from urllib.parse import quote

import attrs

from .._errors import ValidationError

__all__ = [
    "Declared",
    "Route",
    "declared",
    "int_id",
    "operation",
    "resolve",
    "route_of",
    "template_of",
    "text_id",
]

F = TypeVar("F", bound=Callable[..., Any])

#: The attribute `@operation` leaves on the methods it declares.
_DECLARED = "__redis_cloud_operation__"
_PLACEHOLDER = re.compile(r"\{(\w+)\}")
#: Characters that would end or leave a path segment.
_NOT_IN_A_SEGMENT = frozenset("/\\?#")


@attrs.frozen
class Declared:
    """What a method declares: the operation's method and (maybe relative) path, whether
    it answers with data ("sync") or through a task ("task"), the query parameters it may
    send (API names), and, for a guide-only operation served by published requests, the
    requests it sends instead (`sends`, in order)."""

    method: str
    path: str
    returns: str
    query: tuple[str, ...] = ()
    sends: tuple[tuple[str, str], ...] = ()


def operation(
    method: str,
    path: str,
    *,
    returns: str = "sync",
    query: Sequence[str] = (),
    sends: Sequence[tuple[str, str]] = (),
) -> Callable[[F], F]:
    """Declare that the decorated method serves `method path` (path as published, or
    relative to a class attribute: ``"{_databases_path}/{databaseId}"``)."""
    tag = Declared(
        method.upper(),
        path,
        returns,
        tuple(query),
        tuple((verb.upper(), where) for verb, where in sends),
    )

    def register(func: F) -> F:
        setattr(func, _DECLARED, tag)
        return func

    return register


def declared(method: object) -> Declared | None:
    """The operation a method declares, if any."""
    tag = getattr(method, _DECLARED, None)
    return tag if isinstance(tag, Declared) else None


def resolve(path: str, cls: type) -> str:
    """The published path of a declaration, made absolute against `cls`."""
    relative = _PLACEHOLDER.match(path)
    if relative is None:
        return path
    base = getattr(cls, relative[1], None)
    if not isinstance(base, str):
        raise TypeError(f"{cls.__qualname__} declares no path {relative[1]!r} for {path!r}")
    return base + path[relative.end() :]


# -- ids ---------------------------------------------------------------------------------
def int_id(name: str, value: object) -> int:
    """`value` as a numeric id (or page offset), or `ValidationError` naming `name`: an
    int >= 0, never a bool, a float or a string."""
    if not isinstance(value, bool | float | str | bytes):
        try:
            number = operator.index(value)  # type: ignore[arg-type]
        except TypeError:
            pass
        else:
            if number < 0:
                raise ValidationError(name, f"must not be negative, got {number}")
            return number
    raise ValidationError(name, f"must be an int, got {type(value).__name__}")


def text_id(name: str, value: object) -> str:
    """`value` as one path segment (percent-encoded), or `ValidationError` naming `name`
    when it is not a string that is exactly one segment as written."""
    if not isinstance(value, str):
        raise ValidationError(name, f"must be a str, got {type(value).__name__}")
    if value in ("", ".", ".."):
        raise ValidationError(name, f"{value!r} is not a path segment")
    if any(c in _NOT_IN_A_SEGMENT or not c.isprintable() for c in value):
        raise ValidationError(
            name, "must be one path segment: no '/', '\\', '?', '#' or control character"
        )
    return quote(value, safe="")


# -- the request a declaration sends --------------------------------------------------------
@attrs.frozen
class Route:
    """The request a declared method sends: method, path (ids filled in), query."""

    method: str
    path: str
    params: Mapping[str, Any] | None = None


@attrs.frozen
class Template:
    """A declaration resolved for one namespace class: what `route_of` fills in."""

    method: str
    path: str
    #: The placeholders of `path`, in order, each with the parameter that fills it
    #: (None: an operation sent as other requests may have no such parameter).
    ids: tuple[tuple[str, str | None], ...]
    #: Parameter name -> API name of each query parameter the declaration names.
    query: Mapping[str, str]
    #: The parameters (path and query) that carry an id, with the id's kind.
    id_kinds: Mapping[str, type]
    #: The requests sent, in order (resolved): the declared one, or `Declared.sends`.
    sends: tuple[tuple[str, str], ...]


def _snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower()


def _parameter_for(placeholder: str, parameters: Sequence[str]) -> str | None:
    """The parameter a placeholder takes its value from: the same name in snake case, or
    the longest that ends it (``aclRedisRuleId`` <- ``rule_id``, ``tagKey`` <- ``key``)."""
    wanted = _snake(placeholder)
    matches = [p for p in parameters if wanted == p or wanted.endswith("_" + p)]
    return max(matches, key=len, default=None)


@functools.cache
def template_of(cls: type, func: Callable[..., Any]) -> Template:
    """The checked template of `func`'s declaration in namespace `cls`; `TypeError` when
    the declaration and the method's parameters do not match."""
    tag = declared(func)
    if tag is None:
        raise TypeError(f"{func.__qualname__} declares no operation")
    path = resolve(tag.path, cls)
    parameters = [name for name in inspect.signature(func).parameters if name != "self"]
    hints = typing.get_type_hints(func)
    ids = tuple((p, _parameter_for(p, parameters)) for p in _PLACEHOLDER.findall(path))
    sends = tuple((verb, resolve(where, cls)) for verb, where in tag.sends) or ((tag.method, path),)
    missing = [p for p, name in ids if name is None]
    if missing and not tag.sends:
        raise TypeError(f"{func.__qualname__}: no parameter for {missing} of {path}")
    query = {_snake(api): api for api in tag.query}
    kinds: dict[str, type] = {}
    for name in [n for _, n in ids if n is not None] + [
        n for n, api in query.items() if api.endswith("Id")
    ]:
        hint = hints.get(name)
        kind = next((k for k in (int, str) if hint is k or k in typing.get_args(hint)), None)
        if kind is None:
            raise TypeError(f"{func.__qualname__}: id parameter {name!r} is neither int nor str")
        kinds[name] = kind
    return Template(tag.method, path, ids, query, kinds, sends)


def route_of(
    cls: type, func: Callable[..., Any], ids: Sequence[object], query: Mapping[str, object]
) -> Route:
    """The request `func` (declared on namespace `cls`) sends: `ids` fill the path's
    placeholders in order, each checked; `query` (by parameter name) becomes the query,
    None values left out, ids among them checked. `ValidationError` names the parameter."""
    function = getattr(func, "__func__", func)
    template = template_of(cls, function)
    if declared(function).sends:  # type: ignore[union-attr]
        raise TypeError(f"{function.__qualname__} is sent as {template.sends}: call those")
    if len(ids) != len(template.ids):
        raise TypeError(f"{function.__qualname__}: {len(template.ids)} ids, got {len(ids)}")
    segments: dict[str, str] = {}
    for (placeholder, name), value in zip(template.ids, ids, strict=True):
        assert name is not None  # only operations sent as other requests lack one
        segments[placeholder] = (
            str(int_id(name, value)) if template.id_kinds[name] is int else text_id(name, value)
        )
    path = template.path.format_map(segments)
    params: dict[str, Any] = {}
    for name, value in query.items():
        api = template.query.get(name)
        if api is None:
            raise TypeError(f"{function.__qualname__} declares no query parameter {name!r}")
        if value is None:
            continue
        params[api] = int_id(name, value) if name in template.id_kinds else value
    return Route(template.method, path, params or None)
