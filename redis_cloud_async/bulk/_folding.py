"""A Pro database said as an entry of its subscription's create request, and back.

A new subscription can carry planned databases in its create request (they come up
with it instead of one at a time after); only those whose every set field has a twin
in the request's database entry can be said there exactly.
"""

from __future__ import annotations

from typing import Any

import attrs

from ..models.databases import DatabaseCreateSpec
from ..models.subscriptions import SubscriptionDatabaseSpec

__all__ = ["CARRIED", "fold", "unfold"]

#: The fields a create request's database entry carries.
CARRIED = frozenset(a.name for a in attrs.fields(SubscriptionDatabaseSpec)) - {"quantity"}


def _set_fields(spec: DatabaseCreateSpec | SubscriptionDatabaseSpec) -> dict[str, Any]:
    return {
        a.name: getattr(spec, a.name)
        for a in attrs.fields(type(spec))
        if getattr(spec, a.name) is not None
    }


def fold(spec: DatabaseCreateSpec) -> SubscriptionDatabaseSpec | None:
    """The same database as an entry of a subscription create request, if it can be
    said there exactly (every set field has its twin); else None."""
    values = _set_fields(spec)
    if not values.keys() <= CARRIED or spec.dry_run:
        return None
    return SubscriptionDatabaseSpec(**values)


def unfold(spec: SubscriptionDatabaseSpec, name: str) -> DatabaseCreateSpec:
    """A create request's database entry as a database create of its own."""
    values = _set_fields(spec)
    values.pop("quantity", None)
    values["name"] = name
    return DatabaseCreateSpec(**values)
