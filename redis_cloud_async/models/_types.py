"""Checking a spec's values against its annotations, before any rule of its own runs.

A spec built with a value of the wrong type (a flag given a string, a nested spec given
a number, an int given a float) is refused with a `ValidationError` naming the field,
instead of failing later inside a rule or on the server.
"""

from __future__ import annotations

import enum
import functools
import types
import typing
from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from .._errors import ValidationError

__all__ = ["check_types", "field_types"]


@functools.cache
def field_types(cls: type) -> Mapping[str, Any]:
    """The resolved annotations of a spec class (empty if they cannot be resolved)."""
    try:
        return typing.get_type_hints(cls)
    except (NameError, TypeError):  # pragma: no cover - an annotation we cannot resolve
        return {}


def _matches(value: Any, tp: Any) -> bool:
    if tp is Any or isinstance(tp, typing.TypeVar):
        return True
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        return any(_matches(value, arm) for arm in typing.get_args(tp))
    if origin is typing.Literal:
        return value in typing.get_args(tp)
    if tp is type(None):
        return value is None
    if tp is bool:
        return isinstance(value, bool)
    if tp is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if tp is float:
        return isinstance(value, int | float) and not isinstance(value, bool)
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        # The enum's own rule (`one_of`) says which strings are allowed.
        return isinstance(value, tp | str)
    if origin is not None:
        container = origin if isinstance(origin, type) else None
        if container is None:
            return True
        if issubclass(container, Mapping):
            return isinstance(value, Mapping)
        if issubclass(container, Sequence) and not issubclass(container, str):
            (item_type, *_) = typing.get_args(tp) or (Any,)
            return isinstance(value, list | tuple) and all(_matches(v, item_type) for v in value)
        return isinstance(value, container)
    if isinstance(tp, type):
        return isinstance(value, tp)
    return True


def _describe(tp: Any) -> str:
    text = str(tp) if typing.get_origin(tp) else getattr(tp, "__name__", str(tp))
    return text.replace("typing.", "").replace("redis_cloud_async.models.", "")


@functools.cache
def _converted(cls: type) -> frozenset[str]:
    """Fields with a converter: their annotation is the type after conversion."""
    return frozenset(f.name for f in attrs.fields(cls) if f.converter is not None)


def check_types(cls: type, values: Mapping[str, Any], *, converted: bool = True) -> None:
    """Raise `ValidationError` for the first value that does not fit its field's type.

    `converted` False: the values are constructor arguments, not yet converted, so the
    fields with a converter are left to it (and to their validators).
    """
    hints = field_types(cls)
    skip = frozenset() if converted else _converted(cls)
    for name, value in values.items():
        if name in skip:
            continue
        tp = hints.get(name)
        if tp is not None and not _matches(value, tp):
            raise ValidationError(
                f"{cls.__name__}.{name}",
                f"must be {_describe(tp)}, got {type(value).__name__}",
            )
