"""Plans to files: TOML, JSON or YAML (with PyYAML: the ``yaml`` extra), which
`load_plan` reads back to the same plan.

A plan is written as plain data in the specs' Python names, as a plan file is
written by hand: every field that differs from its default (an unset field, an empty
list of a plan's part, a default the loader fills in again are left out). A plan
written this way loads back equal. It writes what the plan holds, a password
included (an exported plan holds none).
"""

from __future__ import annotations

import enum
import json
from collections.abc import Mapping
from os import PathLike
from pathlib import Path
from typing import Any

import attrs
import tomli_w

from .._errors import ValidationError
from ._plan import Plan

__all__ = ["dump_plan", "dumps_plan", "plan_data"]

#: The formats, by file suffix.
FORMATS = {".toml": "toml", ".json": "json", ".yaml": "yaml", ".yml": "yaml"}


def plan_data(plan: Plan) -> dict[str, Any]:
    """The plan as plain data (what `plan_from_data` takes)."""
    data: dict[str, Any] = _data(plan)
    return data


def _data(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return _data(value.value)
    if attrs.has(type(value)):
        return {
            field.name: _data(getattr(value, field.name))
            for field in attrs.fields(type(value))
            if field.init and not _is_default(field, getattr(value, field.name))
        }
    if isinstance(value, Mapping):
        return {str(k): _data(v) for k, v in value.items() if v is not None}
    if isinstance(value, list | tuple):
        return [_data(item) for item in value]
    return value


def _is_default(field: attrs.Attribute[Any], value: Any) -> bool:
    """Whether the loader would give this field this value anyway."""
    if value is None:
        return True
    default: Any = field.default
    if default is attrs.NOTHING:
        return False
    if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
        return not default.takes_self and bool(value == default.factory())
    return bool(value == default)


def dumps_plan(plan: Plan, format: str) -> str:
    """The plan as the text of a ``toml``, ``json`` or ``yaml`` file."""
    data = plan_data(plan)
    if format == "toml":
        return tomli_w.dumps(data)
    if format == "json":
        return json.dumps(data, indent=2) + "\n"
    if format == "yaml":
        try:
            import yaml  # type: ignore[import-untyped,unused-ignore]
        except ImportError:
            raise ValidationError(
                "format", "writing YAML needs PyYAML: pip install 'redis-cloud-async[yaml]'"
            ) from None
        text: str = yaml.safe_dump(data, sort_keys=False)
        return text
    raise ValidationError("format", f"{format!r} is not a plan format: toml, json or yaml")


def dump_plan(plan: Plan, path: str | PathLike[str]) -> None:
    """Write the plan to a file whose suffix says its format (.toml, .json, .yaml/.yml);
    `load_plan` reads it back."""
    file = Path(path)
    format = FORMATS.get(file.suffix.lower())
    if format is None:
        raise ValidationError(str(file), "a plan file ends in .toml, .json, .yaml or .yml")
    file.write_text(dumps_plan(plan, format), encoding="utf-8")
