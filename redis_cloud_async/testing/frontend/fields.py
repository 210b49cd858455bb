"""Request-body checks that answer 400 synchronously, as the service's JSON binding does.

Only shape is checked here (presence and JSON types). Whether a value makes sense (a
known region, a valid module) is decided later by the task, which then fails with the
service's error code: that is where the real service reports it.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping
from typing import Any

from ..engine.errors import ApiError, bad_request

Body = Mapping[str, Any]


def _invalid(name: str, where: str, problem: str) -> ApiError:
    """The 400 for a field: ``Field 'where.name' <problem>``."""
    label = f"{where}.{name}" if where else name
    return bad_request(f"Field '{label}' {problem}")


def _present(body: Body, name: str, where: str) -> Any:
    value = body.get(name)
    if value is None:
        raise _invalid(name, where, "is required")
    return value


def string(body: Body, name: str, *, where: str = "") -> str | None:
    """An optional string field."""
    value = body.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise _invalid(name, where, "must be a string")
    return value


def required_string(body: Body, name: str, *, where: str = "") -> str:
    value = string(body, name, where=where)
    if not value:
        raise _invalid(name, where, "is required")
    return value


def boolean(body: Body, name: str, *, where: str = "") -> bool | None:
    value = body.get(name)
    if value is not None and not isinstance(value, bool):
        raise _invalid(name, where, "must be a boolean")
    return value


def number(body: Body, name: str, *, where: str = "") -> float | None:
    value = body.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _invalid(name, where, "must be a number")
    if not math.isfinite(value):  # Python's JSON reads Infinity, NaN and 1e999
        raise _invalid(name, where, "must be a finite number")
    return float(value)


def integer(
    body: Body, name: str, *, where: str = "", low: int | None = None, high: int | None = None
) -> int | None:
    """An optional integer field, within [`low`, `high`] when they are given."""
    value = body.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise _invalid(name, where, "must be an integer")
    if low is not None and value < low:
        raise _invalid(name, where, f"must be at least {low}")
    if high is not None and value > high:
        raise _invalid(name, where, f"must be at most {high}")
    return value


def required_integer(body: Body, name: str, *, where: str = "") -> int:
    _present(body, name, where)
    value = integer(body, name, where=where)
    assert value is not None
    return value


def one_of(body: Body, name: str, allowed: Collection[str], *, where: str = "") -> str | None:
    value = string(body, name, where=where)
    if value is not None and value not in allowed:
        choices = ", ".join(sorted(allowed))
        raise _invalid(name, where, f"must be one of: {choices}")
    return value


def strings(body: Body, name: str, *, required: bool = False, where: str = "") -> list[str]:
    """A list of strings; an absent optional list is ``[]``."""
    value = _present(body, name, where) if required else body.get(name)
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise _invalid(name, where, "must be a list of strings")
    return list(value)


def obj(body: Body, name: str, *, required: bool = False, where: str = "") -> dict[str, Any]:
    """An object field; an absent optional object is ``{}``."""
    value = _present(body, name, where) if required else body.get(name)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise _invalid(name, where, "must be an object")
    return value


def objects(
    body: Body, name: str, *, required: bool = False, where: str = "", most: int | None = None
) -> list[dict[str, Any]]:
    """A list of objects (at most `most`); required means present and not empty, absent
    optional is ``[]``."""
    value = _present(body, name, where) if required else body.get(name)
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise _invalid(name, where, "must be a list of objects")
    if required and not value:
        raise _invalid(name, where, "must not be empty")
    if most is not None and len(value) > most:
        raise _invalid(name, where, f"holds at most {most} items")
    return list(value)
