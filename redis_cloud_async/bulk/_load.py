"""Plans from files (TOML, JSON, or YAML when PyYAML is installed) or plain data.

Field names are the specs' Python names (``dataset_size_in_gb``). Decoding goes
through the project's one converter in its strict and exact flavour, so an unknown field or a
value of the wrong type is an error (nothing is coerced), and every spec validates as
it is built: a bad value raises `ValidationError` naming the field by its path in the
file (``subscriptions[2].spec.databases[0]``). A file that does not parse raises
`ValidationError` naming ``file:line:column``, never quoting the line (it may hold a
password); YAML aliases may not expand the document past `MAX_YAML_NODES` nodes.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Callable, Mapping
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


#: The most nodes a YAML plan may hold once its aliases are expanded (an alias bomb of a
#: few hundred bytes expands to millions); a plan of a thousand items holds far fewer.
MAX_YAML_NODES = 100_000


def load_plan(path: str | PathLike[str]) -> Plan:
    """Read a plan file; its format comes from its suffix (.toml, .json, .yaml/.yml).

    Raises `OSError` if it cannot be read, else `ValidationError` for anything wrong
    in it.
    """
    file = Path(path)
    parse = _PARSERS.get(file.suffix.lower())
    if parse is None:
        raise ValidationError(str(file), "a plan file ends in .toml, .json, .yaml or .yml")
    raw = file.read_bytes()
    # Each failure is raised outside the handler that caught the parser's error, so that
    # it is not its context: a parser's message may quote the line (and a password).
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line, column = _position(raw[: error.start].decode("utf-8", "replace"))
        failure = ValidationError(f"{file}:{line}:{column}", "not UTF-8 text")
    else:
        try:
            return plan_from_data(parse(file, text))
        except RecursionError:
            failure = ValidationError(str(file), "nested too deeply")
    raise failure


def _position(before: str) -> tuple[int, int]:
    """The 1-based line and column just after `before`."""
    return before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1


_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")


def _syntax_error(file: Path, line: int, column: int, kind: str, problem: str) -> ValidationError:
    """A parser's complaint about `file` at `line`:`column`."""
    return ValidationError(f"{file}:{line}:{column}", f"invalid {kind}: {problem}")


def _unquoted(problem: str) -> str:
    """A complaint without its quoted fragments: bits of the line, which may hold a
    password (TOML and YAML quote the character they stopped at)."""
    return " ".join(_QUOTED.sub("", problem).split()) or "syntax error"


_TOML_PLACE = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")


def _toml(file: Path, text: str) -> Any:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        place = _TOML_PLACE.search(message)
        if place is None:  # "at end of document"
            line, column = _position(text)
            problem = message.split(" (at ", 1)[0]
        else:
            line, column = int(place[1]), int(place[2])
            problem = message[: place.start()]
        failure = _syntax_error(file, line, column, "TOML", _unquoted(problem))
    raise failure


def _json(file: Path, text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:  # its messages are fixed texts: nothing quoted
        failure = _syntax_error(file, error.lineno, error.colno, "JSON", error.msg)
    raise failure


def _yaml(file: Path, text: str) -> Any:
    try:
        import yaml  # type: ignore[import-untyped,unused-ignore]
    except ImportError:
        raise ValidationError(str(file), "reading YAML needs PyYAML (pip install pyyaml)") from None
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _bound_expansion(file, node, yaml)
        return loader.construct_document(node)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else _position(text)
        problem = error.problem or error.context or "syntax error"
        failure = _syntax_error(file, line, column, "YAML", _unquoted(problem))
    except yaml.YAMLError:
        failure = ValidationError(str(file), "invalid YAML")
    finally:
        loader.dispose()
    raise failure


def _bound_expansion(file: Path, root: Any, yaml: Any) -> None:
    """Refuse a YAML document whose aliases expand it past `MAX_YAML_NODES` nodes, or
    refer to themselves. Each node is sized once, so the check is linear in the file."""
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()

    def size(node: Any) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in open_nodes:
            raise ValidationError(str(file), "a YAML alias refers to the node that holds it")
        open_nodes.add(key)
        if isinstance(node, yaml.MappingNode):
            children = [child for pair in node.value for child in pair]
        elif isinstance(node, yaml.SequenceNode):
            children = list(node.value)
        else:
            children = []
        total = 1
        for child in children:
            total += size(child)
            if total > MAX_YAML_NODES:
                raise ValidationError(
                    str(file),
                    f"YAML aliases expand the plan past {MAX_YAML_NODES} nodes (an alias bomb?)",
                )
        open_nodes.discard(key)
        sizes[key] = total
        return total

    size(root)


_PARSERS: dict[str, Callable[[Path, str], Any]] = {
    ".toml": _toml,
    ".json": _json,
    ".yaml": _yaml,
    ".yml": _yaml,
}


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
        return make_converter(strict=True, exact=True).structure(data, cls)
    except cattrs.BaseValidationError as error:
        problems = cattrs.transform_error(error, path=where, format_exception=_describe)
        field = _field_of(problems[0], where)
        if len(problems) == 1 and problems[0].endswith(f" @ {field}"):
            problems = [problems[0][: -len(f" @ {field}")]]
        raise ValidationError(field, "; ".join(problems)) from None
    except ValidationError as error:
        raise ValidationError(f"{where}.{error.field}", error.reason) from None


def _describe(error: BaseException, _: Any) -> str:
    if isinstance(error, ValidationError):
        return f"{error.reason} ({error.field})"
    if isinstance(error, KeyError):
        return "required field missing"
    if isinstance(error, TypeError) and str(error).startswith("must be "):
        return str(error)  # the strict converter's words: the types, never the value
    return cattrs.v.format_exception(error, _)


def _field_of(problem: str, default: str) -> str:
    """The path part of a cattrs problem line (``... @ where.field``)."""
    return problem.rsplit(" @ ", 1)[-1] if " @ " in problem else default
