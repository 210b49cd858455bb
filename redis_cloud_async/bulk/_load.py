"""Plans from files (TOML, JSON, or YAML when PyYAML is installed) or plain data.

Field names are the specs' Python names (``dataset_size_in_gb``). Decoding goes
through the project's one converter in its strict flavour, so an unknown field is an
error, and every spec validates as it is built: a bad value raises `ValidationError`
naming the field by its path in the file (``subscriptions[2].spec.databases[0]``).
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Mapping
from os import PathLike
from pathlib import Path
from typing import Any, TypeVar

import attrs
import cattrs

from .._converter import make_converter
from .._errors import ValidationError
from ..models.vpc_peering import (
    AwsActiveActiveVpcPeeringCreateSpec,
    AwsVpcPeeringCreateSpec,
    GcpActiveActiveVpcPeeringCreateSpec,
    GcpVpcPeeringCreateSpec,
)
from ._plan import AclPlan, EssentialsSubscriptionPlan, PeeringSpec, Plan, ProSubscriptionPlan

__all__ = ["load_plan", "plan_from_data"]

T = TypeVar("T")


def load_plan(path: str | PathLike[str]) -> Plan:
    """Read a plan file; its format comes from its suffix (.toml, .json, .yaml/.yml)."""
    file = Path(path)
    suffix = file.suffix.lower()
    if suffix == ".toml":
        data: Any = tomllib.loads(file.read_text(encoding="utf-8"))
    elif suffix == ".json":
        data = json.loads(file.read_text(encoding="utf-8"))
    elif suffix in (".yaml", ".yml"):
        try:
            import yaml  # type: ignore[import-untyped,unused-ignore]
        except ImportError:
            raise ValidationError(
                str(file), "reading YAML needs PyYAML (pip install pyyaml)"
            ) from None
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
    else:
        raise ValidationError(str(file), "a plan file ends in .toml, .json, .yaml or .yml")
    return plan_from_data(data)


def plan_from_data(data: Any) -> Plan:
    """A plan from plain data (dicts and lists, as a file decodes)."""
    if not isinstance(data, Mapping):
        raise ValidationError("plan", "a plan is a table (mapping) at its top level")
    unknown = set(data) - {"subscriptions", "essentials", "acl"}
    if unknown:
        raise ValidationError("plan", f"unknown sections: {', '.join(sorted(unknown))}")
    subscriptions = [
        _subscription(entry, f"subscriptions[{i}]")
        for i, entry in enumerate(_list(data, "subscriptions"))
    ]
    essentials = _structure(
        _list(data, "essentials"), list[EssentialsSubscriptionPlan], "essentials"
    )
    acl = _structure(data.get("acl") or {}, AclPlan, "acl")
    try:
        return Plan(subscriptions=subscriptions, essentials=essentials, acl=acl)
    except ValidationError as error:
        raise ValidationError(f"plan.{error.field}", error.reason) from None


def _list(data: Mapping[str, Any], key: str) -> list[Any]:
    value = data.get(key) or []
    if not isinstance(value, list):
        raise ValidationError(key, "must be a list (an array of tables)")
    return value


def _subscription(entry: Any, where: str) -> ProSubscriptionPlan:
    if not isinstance(entry, Mapping):
        raise ValidationError(where, "a subscription is a table")
    rest = {k: v for k, v in entry.items() if k != "peerings"}
    plan = _structure(rest, ProSubscriptionPlan, where)
    peerings = entry.get("peerings") or []
    if not isinstance(peerings, list):
        raise ValidationError(f"{where}.peerings", "must be a list")
    specs = [_peering(p, f"{where}.peerings[{j}]") for j, p in enumerate(peerings)]
    subscription: ProSubscriptionPlan = attrs.evolve(plan, peerings=specs)
    return subscription


def _peering(data: Any, where: str) -> PeeringSpec:
    """Which peering spec a table is, from the fields only that one has."""
    if not isinstance(data, Mapping):
        raise ValidationError(where, "a peering is a table")
    gcp = "vpc_project_uid" in data or data.get("provider") == "GCP"
    aa = "source_region" in data
    cls: type[PeeringSpec]
    if gcp:
        cls = GcpActiveActiveVpcPeeringCreateSpec if aa else GcpVpcPeeringCreateSpec
    else:
        cls = AwsActiveActiveVpcPeeringCreateSpec if aa else AwsVpcPeeringCreateSpec
    spec: PeeringSpec = _structure(data, cls, where)
    return spec


def _structure(data: Any, cls: Any, where: str) -> Any:
    try:
        return make_converter(strict=True).structure(data, cls)
    except cattrs.BaseValidationError as error:
        problems = cattrs.transform_error(error, path=where, format_exception=_describe)
        raise ValidationError(_field_of(problems[0], where), "; ".join(problems)) from None
    except ValidationError as error:
        raise ValidationError(f"{where}.{error.field}", error.reason) from None


def _describe(error: BaseException, _: Any) -> str:
    if isinstance(error, ValidationError):
        return f"{error.reason} ({error.field})"
    if isinstance(error, KeyError):
        return "required field missing"
    return cattrs.v.format_exception(error, _)


def _field_of(problem: str, default: str) -> str:
    """The path part of a cattrs problem line (``... @ where.field``)."""
    return problem.rsplit(" @ ", 1)[-1] if " @ " in problem else default
