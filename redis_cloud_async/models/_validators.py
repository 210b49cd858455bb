"""attrs validators that raise `ValidationError` naming the field.

Specs use them so that a bad value fails when the spec is built (and again, through
`check()`, right before a request is sent), never on the server.
"""

from __future__ import annotations

import ipaddress
import math
import re
from collections.abc import Callable, Collection, Iterable, Sized
from typing import Any

import attrs

from .._errors import ValidationError
from ._types import check_types

__all__ = [
    "check",
    "cidr",
    "each",
    "in_range",
    "length",
    "matches",
    "non_empty",
    "one_of",
    "optional",
]

Validator = Callable[[Any, "attrs.Attribute[Any]", Any], None]


def _fail(instance: Any, attribute: attrs.Attribute[Any], reason: str) -> None:
    raise ValidationError(f"{type(instance).__name__}.{attribute.name}", reason)


def _shown(attribute: attrs.Attribute[Any], value: Any) -> str:
    """A refused value as a message shows it: never a secret field's (`repr=False`), a
    URI with its credentials masked (a field's own repr), else its repr."""
    if attribute.repr is False:
        return "the value (not shown)"
    if callable(attribute.repr):
        return str(attribute.repr(value))
    return repr(value)


def optional(validator: Validator) -> Validator:
    """Apply `validator` only when the value is not None."""

    def check_optional(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is not None:
            validator(instance, attribute, value)

    return check_optional


def one_of(allowed: Iterable[str]) -> Validator:
    """The value must be one of `allowed` (compared as strings)."""
    choices = tuple(str(a) for a in allowed)

    def check_one_of(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if str(value) not in choices:
            _fail(
                instance,
                attribute,
                f"{_shown(attribute, value)} is not one of {', '.join(choices)}",
            )

    return check_one_of


def in_range(low: float | None = None, high: float | None = None) -> Validator:
    """A number within [low, high] (either bound may be open)."""

    def check_range(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if isinstance(value, bool) or not isinstance(value, int | float):
            _fail(instance, attribute, f"must be a number, got {type(value).__name__}")
        if isinstance(value, float) and not math.isfinite(value):
            _fail(instance, attribute, f"must be a finite number, got {_shown(attribute, value)}")
        if low is not None and value < low:
            _fail(instance, attribute, f"must be at least {low:g}, got {_show(value)}")
        if high is not None and value > high:
            _fail(instance, attribute, f"must be at most {high:g}, got {_show(value)}")

    return check_range


def _show(number: float) -> str:
    """A number for a message; an integer too large for a float is shown by its size."""
    try:
        return f"{number:g}"
    except (OverflowError, ValueError):
        return f"an integer of {int(number).bit_length()} bits"


def length(low: int = 0, high: int | None = None) -> Validator:
    """A sized value (string or collection) with between `low` and `high` items."""

    def check_length(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, Sized):
            _fail(instance, attribute, f"must be text or a list, got {type(value).__name__}")
        n = len(value)
        if n < low:
            what = "characters" if isinstance(value, str) else "items"
            _fail(instance, attribute, f"needs at least {low} {what}, got {n}")
        if high is not None and n > high:
            what = "characters" if isinstance(value, str) else "items"
            _fail(instance, attribute, f"takes at most {high} {what}, got {n}")

    return check_length


def non_empty(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A string with something other than blanks in it, or a non-empty collection."""
    if not isinstance(value, Collection):
        _fail(instance, attribute, f"must be text or a list, got {type(value).__name__}")
    if (isinstance(value, str) and not value.strip()) or (
        isinstance(value, Collection) and len(value) == 0
    ):
        _fail(instance, attribute, "must not be empty")


def matches(pattern: str, explanation: str) -> Validator:
    """A string matching `pattern` in full; `explanation` says the rule in words."""
    compiled = re.compile(pattern)

    def check_matches(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, str) or not compiled.fullmatch(value):
            _fail(instance, attribute, f"{_shown(attribute, value)}: {explanation}")

    return check_matches


def cidr(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """An IPv4 or IPv6 network in CIDR notation, host bits clear (``10.0.0.0/24``)."""
    try:
        if not isinstance(value, str) or "/" not in value:
            raise ValueError
        ipaddress.ip_network(value, strict=True)
    except ValueError:
        shown = _shown(attribute, value)
        _fail(instance, attribute, f"{shown} is not a CIDR block such as 10.0.0.0/24")


def each(validator: Validator) -> Validator:
    """Apply `validator` to every item of a collection, naming the item's index."""

    def check_each(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if isinstance(value, str) or not isinstance(value, Iterable):
            _fail(instance, attribute, f"must be a list, got {type(value).__name__}")
        for index, item in enumerate(value):
            try:
                validator(instance, attribute, item)
            except ValidationError as exc:
                raise ValidationError(
                    f"{type(instance).__name__}.{attribute.name}[{index}]", exc.reason
                ) from None

    return check_each


def check(spec: Any) -> None:
    """Re-run every validator of a spec and of the specs nested in it (before sending)."""
    if not attrs.has(type(spec)):
        return
    check_types(type(spec), {f.name: getattr(spec, f.name) for f in attrs.fields(type(spec))})
    attrs.validate(spec)
    post = getattr(spec, "__attrs_post_init__", None)
    if post is not None:
        post()
    for field in attrs.fields(type(spec)):
        value = getattr(spec, field.name)
        items = value if isinstance(value, list | tuple) else [value]
        for item in items:
            if attrs.has(type(item)):
                check(item)
