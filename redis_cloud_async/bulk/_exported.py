"""What the kinds share to say what they found as a plan would (`export`).

An exported item sets every field its kind compares that the account shows, in the
spec's terms, and no secret: what the account never shows back (a password, a
certificate, backup settings) or keeps to itself is left unset, which the plan then
does not manage (a field the plan leaves unset is not drift).
"""

from __future__ import annotations

import enum
from collections.abc import Collection, Mapping, Sequence
from typing import Any, TypeVar

import attrs

from .._converter import make_converter
from ._fields import Field, Marker

__all__ = ["Exported", "as_data", "exportable", "spec_of"]

T = TypeVar("T")


@attrs.frozen
class Exported:
    """An item of a subscription as exported: its spec, its id in the account, and
    the region its name starts with (a connectivity item's place)."""

    spec: Any
    resource_id: int
    region: str


def as_data(value: Any) -> Any:
    """`value` as plain data: models and specs as dicts of their set members, enums as
    their values, numbers as they are."""
    if isinstance(value, enum.Enum):
        return as_data(value.value)
    if attrs.has(type(value)):
        value = {a.name: getattr(value, a.name) for a in attrs.fields(type(value)) if a.eq}
    if isinstance(value, Mapping):
        return {str(k): as_data(v) for k, v in value.items() if v is not None}
    if isinstance(value, list | tuple):
        return [as_data(item) for item in value]
    return value


def exportable(
    fields: Sequence[Field], values: Mapping[str, Any], *, leave: Collection[str] = ()
) -> dict[str, Any]:
    """The values of the fields an exported item sets: compared, shown by the account,
    not secret, not among `leave`, as plain data."""
    return {
        field.name: as_data(values[field.name])
        for field in fields
        if field.shown
        and not field.secret
        and field.name not in leave
        and values.get(field.name) is not None
        and not isinstance(values[field.name], Marker)
    }


def spec_of(cls: type[T], data: Mapping[str, Any]) -> T:
    """A spec (or a plan's part) from plain data in the specs' Python names, checked as
    a plan file's would be."""
    return make_converter(strict=True).structure(dict(data), cls)
