"""Values that break one field of a spec, read from the field's own validators.

The rules come from the closures of `redis_cloud_async.models._validators` and the models' few
custom validators, so that a new field or rule is covered without editing this file; a
validator this file does not know makes `test_every_validated_field_has_breakers` fail
instead of going untested.
"""

from __future__ import annotations

import functools
import inspect
import ipaddress
import re
import types
import typing
from typing import Any

import attrs
from hypothesis import strategies as st

from redis_cloud_async.models import Spec
from tests.helpers.spec_catalogue import baseline

Strategy = st.SearchStrategy[Any]


# -- rules, read from the validators -----------------------------------------------------
@attrs.frozen
class Rule:
    """One validator of a field: its kind and its parameters (bounds, choices, pattern)."""

    kind: str
    params: dict[str, Any] = attrs.field(factory=dict, eq=False)
    inner: tuple[Rule, ...] = ()  #: the item rules of an `each`


#: Validators that only forward to the one they wrap (the value keeps its meaning).
_WRAPPERS = {"check_optional", "check_for_aws"}
#: Closures of `redis_cloud_async.models._validators`, by function name.
_CLOSURES = {
    "check_one_of": "one_of",
    "check_range": "range",
    "check_length": "length",
    "check_matches": "matches",
}
#: Module-level validators: shared ones and the models' custom rules.
_FUNCTIONS = {
    "cidr",
    "non_empty",
    "cidr_blocks",
    "_acl_rule",
    "_not_default_user",
    "_aws_access_key_id",
    "_deployment_cidr",
    "_provider_of_the_class",
}


def rules_of(validator: Any) -> list[Rule]:
    """The rules a field's validator applies, flattened; an unknown one is `unknown:<name>`."""
    if validator is None:
        return []
    inner_list = getattr(validator, "_validators", None)
    if inner_list is not None:  # attrs' and_() of a list of validators
        return [rule for v in inner_list for rule in rules_of(v)]
    name = getattr(validator, "__name__", type(validator).__name__)
    closure = inspect.getclosurevars(validator).nonlocals if inspect.isfunction(validator) else {}
    if name in _WRAPPERS:
        return rules_of(closure["validator"])
    if name == "check_each":
        return [Rule("each", inner=tuple(rules_of(closure["validator"])))]
    if name in _CLOSURES:
        return [Rule(_CLOSURES[name], dict(closure))]
    if name in _FUNCTIONS:
        return [Rule(name)]
    return [Rule(f"unknown:{name}")]


@functools.cache
def field_rules(cls: type[Spec], field: str) -> list[Rule]:
    return rules_of(attrs.fields_dict(cls)[field].validator)


def validated_fields(cls: type[Spec]) -> list[str]:
    return [f.name for f in attrs.fields(cls) if f.validator is not None]


def is_required(cls: type[Spec], field: str) -> bool:
    return attrs.fields_dict(cls)[field].default is attrs.NOTHING


@functools.cache
def base_kind(cls: type[Spec], field: str) -> str:
    """What the field holds: text, number, list, mapping, flag, spec."""
    annotation = typing.get_type_hints(cls)[field]
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        annotation = str if str in args else args[0]
    origin = typing.get_origin(annotation) or annotation
    if origin is list:
        return "list"
    if origin is dict:
        return "mapping"
    if origin is bool:
        return "flag"
    if origin in (int, float):
        return "number"
    if isinstance(origin, type) and issubclass(origin, Spec):
        return "spec"
    return "text"


# -- breakers ----------------------------------------------------------------------------
#: Values of another kind than the field's; every rule below rejects them.
_NOT_TEXT: list[Any] = [12345, 2.5, True]
_NOT_NUMBER: list[Any] = ["12", "", ["1"], {"n": 1}, True]
_NOT_LIST: list[Any] = [12345, 2.5, True]

_MALFORMED_CIDRS = [
    "10.0.0.1/24",  # host bits set
    "10.0.0.0/33",
    "300.1.0.0/16",
    "10.0.0.0",
    "10.0.0.0/",
    "/24",
    "10.0.0.0/8/8",
    "10.0.0.0/-1",
    "010.0.0.0/8",
    "fe80::1/64",
    "2001:db8::/129",
    "ten.zero.zero.zero/8",
    "",
    " 10.0.0.0/8",
]
_MALFORMED_ARNS = [
    "arn:aws:iam::12345:root",  # short account id
    "arn:aws:iam::1234567890123:root",
    "arn:aws:iam::123456789012:group/devs",
    "arn:azure:iam::123456789012:root",
    "arn:aws:iam:123456789012:root",
    "arn:aws:iam::123456789012:user/",
    "arn:aws:organizations::123456789012:organization/x-123",
    "12345678901",
    "1234567890123",
    "arn:aws:iam::123456789012:root ",
    "amazonaws.com",
]
_MALFORMED_NAMES = [
    "1starts-with-digit",
    "ends-with-hyphen-",
    "under_score",
    "has space",
    "a" * 41,
    "-",
    "é",
    "",
]
#: Values that break the models' own rules (module-level validators).
_CUSTOM_BAD: dict[str, list[Any]] = {
    "_acl_rule": ["", "   ", "on", "+@read >secret-pass", "nopass", "+@read !!", "~", "&", "+"],
    "_not_default_user": ["default", "DEFAULT", "Default"],
    "_aws_access_key_id": [
        "akiaiosfodnn7example",
        "AKIA123",
        "A" * 129,
        "AKIA-OSFODNN7EXAMPLE",
        "",
    ],
    "_deployment_cidr": ["10.0.0.0/16", "10.0.0.0/25", *_MALFORMED_CIDRS],
    "_provider_of_the_class": ["Azure", "aws", "bogus", ""],
}


def _other_kind(cls: type[Spec], field: str) -> list[Any]:
    kind = base_kind(cls, field)
    values = {"number": _NOT_NUMBER, "list": _NOT_LIST}.get(kind, _NOT_TEXT)
    if kind == "list" and any(r.kind in ("each", "cidr_blocks") for r in field_rules(cls, field)):
        values = [*values, "10.0.0.0/8"]  # text where a list of items is due
    return [*values, None] if is_required(cls, field) else values


def _not_matching(pattern: re.Pattern[str]) -> Strategy:
    near = st.from_regex(pattern, fullmatch=True).flatmap(
        lambda ok: st.sampled_from([ok + " ", " " + ok, ok + "\n", ok[:-1], ok.upper() + "!"])
    )
    return st.one_of(near, st.text(max_size=20)).filter(lambda v: not pattern.fullmatch(v))


def _malformed_cidrs() -> Strategy:
    host_bits = st.tuples(st.ip_addresses(v=4), st.integers(0, 31)).filter(
        lambda t: int(t[0]) & (2 ** (32 - t[1]) - 1) != 0
    )
    return st.one_of(
        st.sampled_from(_MALFORMED_CIDRS),
        host_bits.map(lambda t: f"{t[0]}/{t[1]}"),
        st.tuples(st.ip_addresses(v=4), st.integers(33, 200)).map(lambda t: f"{t[0]}/{t[1]}"),
        st.text(max_size=18).filter(lambda v: not _is_cidr(v)),
    )


def _is_cidr(value: str) -> bool:
    try:
        ipaddress.ip_network(value, strict=True)
    except ValueError:
        return False
    return "/" in value


def _out_of_range(low: float | None, high: float | None) -> Strategy:
    parts: list[Strategy] = [st.sampled_from([float("nan"), float("inf"), float("-inf")])]
    if low is not None:
        parts += [st.just(-(10**400))]  # beyond any float: the message must still be built
        parts += [st.integers(max_value=int(low) - 1 if low == int(low) else int(low))]
        parts += [st.floats(max_value=low, exclude_max=True, allow_nan=False, allow_infinity=False)]
    if high is not None:
        parts += [st.just(10**400), st.integers(min_value=int(high) + 1)]
        parts += [
            st.floats(min_value=high, exclude_min=True, allow_nan=False, allow_infinity=False)
        ]
    return st.one_of(parts)


def _valid_items(cls: type[Spec], field: str) -> list[Any]:
    """Fresh valid items of a list field (from the baseline; none if it has no list)."""
    return list(baseline(cls.__name__).get(field) or [])


def _wrong_length(cls: type[Spec], field: str, low: int, high: int | None) -> Strategy:
    def make(n: int) -> Any:
        if base_kind(cls, field) == "text":
            return "x" * n
        items = _valid_items(cls, field) or ["x"]
        return [items[0]] * n

    parts: list[Strategy] = []
    if low > 0:
        parts.append(st.integers(0, low - 1).map(make))
    if high is not None:
        parts.append(st.integers(high + 1, high + 40).map(make))
    return st.one_of(parts) if parts else st.nothing()


def _rule_breakers(
    cls: type[Spec], field: str, rule: Rule, *, item: bool = False
) -> list[tuple[str, Strategy]]:
    """(label, bad values) for one rule of a field (of one item of it, with `item`)."""
    p = rule.params
    if rule.kind == "one_of":
        choices = list(p["choices"])
        near = st.tuples(st.sampled_from(choices), st.text(min_size=1, max_size=6)).map(
            lambda t: f"{t[0]}-{t[1]}"
        )
        bogus = st.text(max_size=12).map(lambda s: "bogus" + s)
        return [("bad enum value", st.one_of(near, bogus).filter(lambda v: v not in choices))]
    if rule.kind == "range":
        return [("out of range", _out_of_range(p["low"], p["high"]))]
    if rule.kind == "length":
        return [("wrong length", _wrong_length(cls, field, p["low"], p["high"]))]
    if rule.kind == "matches":
        pattern = p["compiled"]
        if field in ("principal",):
            return [
                ("malformed ARN", st.sampled_from(_MALFORMED_ARNS)),
                ("no match", _not_matching(pattern)),
            ]
        if field == "name":
            names = [n for n in _MALFORMED_NAMES if not pattern.fullmatch(n)]
            return [
                ("malformed name", st.sampled_from(names)),
                ("no match", _not_matching(pattern)),
            ]
        return [("no match", _not_matching(pattern))]
    if rule.kind == "cidr":
        return [("malformed CIDR", _malformed_cidrs())]
    if rule.kind == "non_empty":
        listed = base_kind(cls, field) == "list" and not item
        blank: list[Any] = [[]] if listed else ["", " ", "\t\n"]
        return [("empty", st.sampled_from(blank))]
    if rule.kind == "each":
        items = [
            bad for inner in rule.inner for _, bad in _rule_breakers(cls, field, inner, item=True)
        ]

        def insert(at: int, bad: Any) -> list[Any]:
            valid = _valid_items(cls, field)
            return [*valid[:at], bad, *valid[at:]]

        bad_list = st.builds(
            insert, st.integers(0, len(_valid_items(cls, field))), st.one_of(items)
        )
        return [("bad list item", bad_list)]
    if rule.kind == "cidr_blocks":
        overlapping = st.sampled_from(
            [["10.0.0.0/16", "10.0.1.0/24"], ["10.0.0.0/8", "10.0.0.0/8"]]
        )
        each_cidr = _rule_breakers(cls, field, Rule("each", inner=(Rule("cidr"),)))
        return [("overlapping CIDRs", overlapping), *each_cidr]
    if rule.kind in _CUSTOM_BAD:
        return [(f"breaks {rule.kind}", st.sampled_from(_CUSTOM_BAD[rule.kind]))]
    return []


@functools.cache
def breakers(cls: type[Spec], field: str) -> list[tuple[str, Strategy]]:
    """Every (label, bad values) pair for one validated field of a spec."""
    found: list[tuple[str, Strategy]] = []
    for rule in field_rules(cls, field):
        found += _rule_breakers(cls, field, rule)
    found.append(("wrong type", st.sampled_from(_other_kind(cls, field))))
    return found


@attrs.frozen
class Break:
    """One field of one spec set to one bad value."""

    spec: type[Spec]
    field: str
    label: str
    value: Any

    def kwargs(self) -> dict[str, Any]:
        return baseline(self.spec.__name__) | {self.field: self.value}

    def names_the_field(self, reported: str, *, nested: bool = False) -> bool:
        """True when an error's `field` is this field (or an item or part of it).

        A field of a nested spec may also be named by its path from the outer spec
        (``ResourceTagsSpec.resource_tags[0].value``).
        """
        own = f"{self.spec.__name__}.{self.field}"
        if reported == own or reported.startswith((own + "[", own + ".")):
            return True
        tail = reported.rsplit(".", 1)[-1]
        return nested and (tail == self.field or tail.startswith(self.field + "["))


@functools.cache
def breaks(cls: type[Spec]) -> Strategy:
    """One-field breaks of `cls`: a validated field, a way to break it, a bad value."""
    options = [
        st.builds(Break, st.just(cls), st.just(field), st.just(label), values)
        for field in validated_fields(cls)
        for label, values in breakers(cls, field)
    ]
    return st.one_of(options)
