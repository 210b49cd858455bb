"""Bad input: every create and update spec refuses a broken field, names it, sends nothing.

Breaks are generated one field at a time from each field's own rules (see `spec_breakers`):
wrong types, out-of-range and non-finite numbers, bad enum values, malformed CIDRs,
ARNs, names and patterns, empty or overlong lists and texts, bad list items.
"""

from __future__ import annotations

import os
import typing
from collections.abc import AsyncIterator, Iterator
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from redis_cloud_async import AsyncClient, RetryPolicy, ValidationError
from redis_cloud_async._http import httpx
from redis_cloud_async.models import Spec
from redis_cloud_async.models._validators import check
from tests.helpers.spec_breakers import (
    Break,
    base_kind,
    breakers,
    breaks,
    field_rules,
    validated_fields,
)
from tests.helpers.spec_catalogue import (
    SpecMethod,
    baseline,
    build,
    covered_specs,
    spec_methods,
    target_specs,
)

COVERED = covered_specs()
METHODS = spec_methods()
FIELDS = [(cls, field) for cls in COVERED for field in validated_fields(cls)]
#: Examples per field and per method; raise it for a deeper run (the CI keeps it small).
EXAMPLES = int(os.environ.get("REDIS_CLOUD_ASYNC_EXAMPLES", "12"))
SEEDED = settings(derandomize=True, database=None, deadline=None, max_examples=EXAMPLES)


def test_the_catalogue_covers_every_create_and_update_spec() -> None:
    targets = target_specs()
    names = {cls.__name__ for cls in targets}
    assert {
        "DatabaseCreateSpec",
        "SubscriptionUpdateSpec",
        "Tag",
        "ActiveActiveRegionSpec",
    } <= names
    taken = {cls for method in METHODS for cls in method.specs}
    assert set(targets) <= taken, "a create/update spec no client method takes"
    for cls in COVERED:
        check(cls(**baseline(cls.__name__)))  # every baseline is valid


def test_every_validated_field_has_breakers() -> None:
    for cls, field in FIELDS:
        unknown = [r.kind for r in field_rules(cls, field) if r.kind.startswith("unknown:")]
        assert not unknown, f"teach spec_breakers how to break {cls.__name__}.{field}: {unknown}"
        labels = [label for label, _ in breakers(cls, field)]
        assert len(labels) >= 2, (cls, field, labels)  # the rule's own breaks, a wrong type


@pytest.mark.parametrize(("cls", "field"), FIELDS, ids=[f"{c.__name__}.{f}" for c, f in FIELDS])
@SEEDED
@given(data=st.data())
def test_breaking_one_field_raises_a_validation_error_naming_it(
    cls: type[Spec], field: str, data: st.DataObject
) -> None:
    label, values = data.draw(st.sampled_from(breakers(cls, field)), label="how")
    broken = Break(cls, field, label, data.draw(values, label="value"))
    event(label)
    with pytest.raises(ValidationError) as info:
        cls(**broken.kwargs())
    assert broken.names_the_field(info.value.field), info.value


# -- after construction: the client checks again and sends nothing -----------------------
def _holders(spec: Any) -> Iterator[Any]:
    """`spec` and every spec nested in it, at any depth."""
    yield spec
    for field in attrs.fields(type(spec)):
        value = getattr(spec, field.name)
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, Spec):
                yield from _holders(item)


@st.composite
def broken_after_construction(draw: st.DrawFn, method: SpecMethod) -> tuple[Spec, Break]:
    """A valid spec for `method`, then one field of it (or of a spec nested in it) set to
    a bad value behind the frozen class's back."""
    cls = draw(st.sampled_from(method.specs))
    spec = build(cls.__name__)
    holder = draw(st.sampled_from([h for h in _holders(spec) if validated_fields(type(h))]))
    broken = draw(breaks(type(holder)))
    object.__setattr__(holder, broken.field, broken.value)
    return spec, broken


@pytest.fixture
async def counting_client() -> AsyncIterator[tuple[AsyncClient, list[httpx.Request]]]:
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(500, json={"message": "nothing should reach the server"})

    transport = httpx.MockTransport(handler)
    async with AsyncClient(
        "key-0123456789", "secret-0123456789", transport=transport, retry=RetryPolicy(attempts=1)
    ) as client:
        yield client, sent


@pytest.mark.parametrize("method", METHODS, ids=[m.path for m in METHODS])
@settings(SEEDED, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
async def test_a_spec_broken_after_construction_sends_nothing(
    method: SpecMethod,
    counting_client: tuple[AsyncClient, list[httpx.Request]],
    data: st.DataObject,
) -> None:
    client, sent = counting_client
    spec, broken = data.draw(broken_after_construction(method))
    event(broken.label)
    before = len(sent)
    with pytest.raises(ValidationError) as info:
        await method.call(client, spec)
    assert len(sent) == before, "a request went out with a broken spec"
    nested = method.sequence or broken.spec not in method.specs
    assert broken.names_the_field(info.value.field, nested=nested), info.value


# -- what the validators do not check yet: the declared type of every field --------------
_OF_ANOTHER_KIND: dict[str, list[Any]] = {
    "text": [12345, ["x"]],
    "number": ["12", 2.5],
    "list": ["x", 12345],
    "mapping": ["x", [1]],
    "flag": ["yes", 1],
    "spec": ["x", {"a": 1}],
}


def _accepts_another_kind() -> list[str]:
    accepted = []
    for cls in COVERED:
        for field in attrs.fields(cls):
            for value in _OF_ANOTHER_KIND[base_kind(cls, field.name)]:
                if value == 2.5 and float in _number_types(cls, field.name):
                    continue
                try:
                    check(cls(**(baseline(cls.__name__) | {field.name: value})))
                except ValidationError:
                    continue
                except Exception as exc:  # any other error is a finding too
                    accepted.append(f"{cls.__name__}.{field.name}={value!r} ({type(exc).__name__})")
                    continue
                accepted.append(f"{cls.__name__}.{field.name}={value!r}")
    return accepted


def _number_types(cls: type[Spec], field: str) -> set[type]:
    annotation = typing.get_type_hints(cls)[field]
    return {a for a in (typing.get_args(annotation) or (annotation,)) if isinstance(a, type)}


def test_every_field_refuses_a_value_of_another_type() -> None:
    accepted = _accepts_another_kind()
    assert not accepted, f"{len(accepted)} values of the wrong type accepted: {accepted[:20]}"
