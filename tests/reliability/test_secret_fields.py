"""Secrets in models and specs: hidden from every repr, and from every validation error.

Checked class by class, so that a new secret field is covered the day it is added.
"""

from __future__ import annotations

import re
import traceback
import typing
from typing import Any

import attrs
import pytest

import redis_cloud_async.models as models
from redis_cloud_async import ValidationError
from redis_cloud_async.models import Model, Spec
from tests.helpers.spec_catalogue import baseline, covered_specs

SENTINEL = "SENTINEL-7f3a9c"
#: Field names that hold a secret (passwords, keys, certificates, URIs with credentials).
SECRET_NAME = re.compile(
    r"password|secret|access_key|(?<!public_)cert|token|credential|import_from_uri"
)

CLASSES: list[type[Any]] = sorted(
    (
        cls
        for cls in vars(models).values()
        if isinstance(cls, type) and issubclass(cls, Model | Spec) and cls not in (Model, Spec)
    ),
    key=lambda c: c.__name__,
)


def _secret_fields(cls: type[Any]) -> list[attrs.Attribute[Any]]:
    return [f for f in attrs.fields(cls) if SECRET_NAME.search(f.name)]


@pytest.mark.parametrize("cls", CLASSES, ids=[c.__name__ for c in CLASSES])
def test_secret_fields_stay_out_of_reprs(cls: type[Any]) -> None:
    fields = _secret_fields(cls)
    for field in fields:
        assert not field.repr, f"{cls.__name__}.{field.name} is shown in reprs"
    if not fields:
        return
    args = baseline(cls.__name__) if issubclass(cls, Spec) else _required_placeholders(cls)
    instance = cls(**args)
    for field in fields:  # a sentinel in every secret field, behind the frozen class's back
        listed = "list[" in str(typing.get_type_hints(cls)[field.name])
        object.__setattr__(instance, field.name, [SENTINEL] if listed else SENTINEL)
    for text in (repr(instance), str(instance), repr([instance]), repr({"x": instance})):
        assert SENTINEL not in text


def _required_placeholders(cls: type[Any]) -> dict[str, Any]:
    return {f.name: 1 for f in attrs.fields(cls) if f.default is attrs.NOTHING}


#: Broken specs whose error could echo a secret: each must refuse, and not show it.
LEAKY: list[tuple[str, dict[str, Any]]] = [
    ("AclUserCreateSpec", {"password": SENTINEL * 10}),
    ("AclUserUpdateSpec", {"password": SENTINEL * 10}),
    ("AclUserCreateSpec", {"password": SENTINEL[:7]}),
    ("CloudAccountCreateSpec", {"access_key_id": SENTINEL}),
    ("CloudAccountUpdateSpec", {"access_key_id": SENTINEL.lower()}),
    ("CloudAccountCreateSpec", {"access_secret_key": " ", "console_password": SENTINEL}),
    ("CloudAccountCreateSpec", {"console_password": "", "access_secret_key": SENTINEL}),
    ("CloudAccountUpdateSpec", {"access_secret_key": "", "console_password": SENTINEL}),
    ("CloudAccountUpdateSpec", {"console_password": "\t", "access_secret_key": SENTINEL}),
    ("EssentialsDatabaseCreateSpec", {"password": SENTINEL, "data_persistence": "bogus"}),
    ("EssentialsDatabaseUpdateSpec", {"password": SENTINEL, "dataset_size_in_gb": 0}),
    ("DatabaseImportSpec", {"import_from_uri": [f"ftp://user:{SENTINEL}@host/dump.rdb"]}),
    ("DatabaseImportSpec", {"import_from_uri": [f"s3://KEY:{SENTINEL}@bucket/dump.rdb"] * 2}),
    (
        "DatabaseImportSpec",
        {"source_type": "redis", "import_from_uri": [f"redis://:{SENTINEL}@h:1", "redis://h:2"]},
    ),
    ("SyncSourceSpec", {"endpoint": f"redis://user:{SENTINEL}@host:12000 and more"}),
    ("SyncSourceSpec", {"endpoint": f"https://user:{SENTINEL}@host:12000"}),
    ("DatabaseBackupSpec", {"adhoc_backup_path": f"ftp://user:{SENTINEL}@host/ backups"}),
    ("AclRedisRuleSpec", {"redis_rule": f"+@read >{SENTINEL}"}),
    ("AclRedisRuleSpec", {"redis_rule": f"+@read #{SENTINEL}"}),
    ("AclRedisRuleSpec", {"redis_rule": f"+@read <{SENTINEL}"}),
]
_SPECS = {cls.__name__: cls for cls in CLASSES}


@pytest.mark.parametrize(
    ("name", "broken"), LEAKY, ids=[f"{n}-{i}" for i, (n, _) in enumerate(LEAKY)]
)
def test_a_validation_error_never_shows_the_secret_it_refuses(
    name: str, broken: dict[str, Any]
) -> None:
    with pytest.raises(ValidationError) as info:
        _SPECS[name](**(baseline(name) | broken))
    error = info.value
    texts = [str(error), repr(error), error.reason, "".join(traceback.format_exception(error))]
    for text in texts:
        assert SENTINEL not in text, text


def test_every_validated_secret_field_has_a_leak_case() -> None:
    cased = {(name, field) for name, broken in LEAKY for field in broken}
    for cls in covered_specs():
        for field in attrs.fields(cls):
            if not field.repr and field.validator is not None:
                assert (cls.__name__, field.name) in cased, f"add {cls.__name__}.{field.name}"
