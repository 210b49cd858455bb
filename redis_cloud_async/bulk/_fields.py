"""The fields of an item, and the canonical forms that compare them like for like.

Each kind lists its comparable fields as `Field`s: the request that changes one in
place (its `step`), or why none can (then a change means a replace, for that
`reason`), whether the account shows it back (else it is compared through the
journal's fingerprint) and whether it is a secret (never shown, in a diff either).
Values are compared in a canonical form (`canon`): `plain` turns numbers into floats,
enums into strings, specs into dicts without their unset members; `unordered` also
sorts a list whose order does not matter; `words` evens out whitespace.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Callable, Mapping
from typing import Any

import attrs

__all__ = [
    "HIDDEN",
    "UNKNOWN",
    "Field",
    "Marker",
    "Observed",
    "fixed",
    "plain",
    "setting",
    "unordered",
    "words",
]


class Marker(str):
    """A value that stands for another: one not shown (`UNKNOWN`) or a secret (`HIDDEN`)."""

    __slots__ = ()


#: A current value the account does not show (nor the journal remembers).
UNKNOWN = Marker("<unknown>")
#: A secret: never shown, in a diff either.
HIDDEN = Marker("<hidden>")


def plain(value: Any) -> Any:
    """`value` in a form that compares like for like: numbers as floats (booleans
    stay), enums as their values, specs and models as dicts of their set members."""
    if isinstance(value, Marker) or value is None or isinstance(value, bool):
        return value
    if isinstance(value, enum.Enum):
        return plain(value.value)
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        return str(value)
    if attrs.has(type(value)):  # what defines it (`eq`), not what it carries aside (`extra`)
        value = {a.name: getattr(value, a.name) for a in attrs.fields(type(value)) if a.eq}
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items() if v is not None}
    if isinstance(value, list | tuple | set | frozenset):
        return [plain(item) for item in value]
    return value


def _key(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=str)


def unordered(value: Any) -> Any:
    """A list whose order does not matter (CIDRs, alerts, tags), sorted."""
    canonical = plain(value)
    if not isinstance(canonical, list):
        return canonical
    return sorted((unordered(item) for item in canonical), key=_key)


def words(value: Any) -> Any:
    """Text whose whitespace does not matter (a Redis ACL rule)."""
    return " ".join(value.split()) if isinstance(value, str) else plain(value)


Canon = Callable[[Any], Any]


@attrs.frozen(kw_only=True)
class Field:
    """How one field of an item compares and changes."""

    #: The spec's Python field name (the key of `Change.fields`).
    name: str
    #: The update step that changes it in place; None: nothing can (a replace).
    step: str | None
    #: Why it cannot change in place (a replace's reason), for `step=None`.
    reason: str = ""
    #: Whether the account shows it back; if not, it is compared by fingerprint.
    shown: bool = True
    #: A secret (a password, a certificate): never shown, fingerprinted with scrypt.
    secret: bool = False
    canon: Canon = plain
    #: Whether the item's create request carries it (if not, a new item is updated).
    created: bool = True
    #: A version that only goes up: a lower planned value means a replace.
    only_up: bool = False
    #: Fields the request must carry along with it (their planned values), as the
    #: request's rules tie them (an external endpoint needs the cluster API on).
    along: tuple[str, ...] = ()


def setting(name: str, step: str = "settings", **options: Any) -> Field:
    """A field that an update step changes in place."""
    return Field(name=name, step=step, **options)


def fixed(name: str, reason: str, **options: Any) -> Field:
    """A field that no update changes: a different value means a replace."""
    return Field(name=name, step=None, reason=reason, **options)


@attrs.frozen
class Observed:
    """An item as the account holds it, in the spec's terms.

    `values` by field name (`UNKNOWN` where the account does not show one; a field
    missing is not compared); `reasons`: replacements the kind's own rules found
    (e.g. an Essentials plan in another region).
    """

    values: Mapping[str, Any] = attrs.field(repr=False)  # a password among them
    reasons: tuple[str, ...] = ()
