"""Essentials specs check the guide's and the published document's rules locally, naming
the field, and encode to the API's JSON names."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from redis_cloud_async import ValidationError
from redis_cloud_async._converter import make_converter
from redis_cloud_async.models.databases import DatabaseAlertSpec
from redis_cloud_async.models.essentials import (
    EssentialsDatabaseCreateSpec,
    EssentialsDatabaseUpdateSpec,
    EssentialsSubscriptionCreateSpec,
    EssentialsSubscriptionUpdateSpec,
)
from redis_cloud_async.models.subscriptions import DatabaseModuleSpec

SubCreate = EssentialsSubscriptionCreateSpec
SubUpdate = EssentialsSubscriptionUpdateSpec
DbCreate = EssentialsDatabaseCreateSpec
DbUpdate = EssentialsDatabaseUpdateSpec

INVALID: list[tuple[str, Callable[[], object]]] = [
    # subscriptions
    ("EssentialsSubscriptionCreateSpec.name", lambda: SubCreate(name=" ", plan_id=1)),
    ("EssentialsSubscriptionCreateSpec.name", lambda: SubCreate(name="n" * 81, plan_id=1)),
    ("EssentialsSubscriptionCreateSpec.plan_id", lambda: SubCreate(name="s", plan_id=0)),
    (
        "EssentialsSubscriptionCreateSpec.payment_method",
        lambda: SubCreate(name="s", plan_id=1, payment_method="paypal"),
    ),
    (
        "EssentialsSubscriptionCreateSpec.payment_method_id",
        lambda: SubCreate(name="s", plan_id=1, payment_method="credit-card"),
    ),
    ("EssentialsSubscriptionUpdateSpec", lambda: SubUpdate()),
    ("EssentialsSubscriptionUpdateSpec.name", lambda: SubUpdate(name="")),
    ("EssentialsSubscriptionUpdateSpec.plan_id", lambda: SubUpdate(plan_id=-3)),
    (
        "EssentialsSubscriptionUpdateSpec.payment_method_id",
        lambda: SubUpdate(payment_method="credit-card"),
    ),
    # database creates
    ("EssentialsDatabaseCreateSpec.name", lambda: DbCreate(name="9lives")),
    ("EssentialsDatabaseCreateSpec.name", lambda: DbCreate(name="trailing-")),
    ("EssentialsDatabaseCreateSpec.name", lambda: DbCreate(name="d" * 41)),
    ("EssentialsDatabaseCreateSpec.protocol", lambda: DbCreate(name="d", protocol="http")),
    (
        "EssentialsDatabaseCreateSpec.redis_version",
        lambda: DbCreate(name="d", redis_version="latest"),
    ),
    (
        "EssentialsDatabaseCreateSpec.resp_version",
        lambda: DbCreate(name="d", resp_version="resp4"),
    ),
    (
        "EssentialsDatabaseCreateSpec.data_persistence",
        lambda: DbCreate(name="d", data_persistence="aof-every-minute"),
    ),
    (
        "EssentialsDatabaseCreateSpec.data_eviction_policy",
        lambda: DbCreate(name="d", data_eviction_policy="lru"),
    ),
    ("EssentialsDatabaseCreateSpec.source_ips", lambda: DbCreate(name="d", source_ips=[])),
    (
        "EssentialsDatabaseCreateSpec.source_ips[1]",
        lambda: DbCreate(name="d", source_ips=["10.0.0.0/8", "192.168.1.7/24"]),
    ),
    ("EssentialsDatabaseCreateSpec.password", lambda: DbCreate(name="d", password="")),
    (
        "EssentialsDatabaseCreateSpec.periodic_backup_path",
        lambda: DbCreate(name="d", periodic_backup_path=""),
    ),
    (
        "EssentialsDatabaseCreateSpec.dataset_size_in_gb",
        lambda: DbCreate(name="d", dataset_size_in_gb=1, memory_limit_in_gb=2),
    ),
    (
        "EssentialsDatabaseCreateSpec.memory_limit_in_gb",
        lambda: DbCreate(name="d", memory_limit_in_gb=0.05),
    ),
    (
        "EssentialsDatabaseCreateSpec.use_external_endpoint_for_oss_cluster_api",
        lambda: DbCreate(name="d", use_external_endpoint_for_oss_cluster_api=True),
    ),
    (
        "EssentialsDatabaseCreateSpec.number_of_shards",
        lambda: DbCreate(name="d", number_of_shards=0),
    ),
    (
        "EssentialsDatabaseCreateSpec.regex_rules",
        lambda: DbCreate(name="d", regex_rules=["(?<tag>.*)"]),
    ),
    (
        "EssentialsDatabaseCreateSpec.modules",
        lambda: DbCreate(
            name="d", protocol="memcached", modules=[DatabaseModuleSpec(name="RedisJSON")]
        ),
    ),
    (
        "EssentialsDatabaseCreateSpec.modules",
        lambda: DbCreate(
            name="d", protocol="stack", modules=[DatabaseModuleSpec(name="RedisJSON")]
        ),
    ),
    (
        "DatabaseAlertSpec.name",
        lambda: DbCreate(name="d", alerts=[DatabaseAlertSpec(name="cpu", value=1)]),
    ),
    # database updates
    ("EssentialsDatabaseUpdateSpec", lambda: DbUpdate()),
    ("EssentialsDatabaseUpdateSpec.name", lambda: DbUpdate(name="has space")),
    (
        "EssentialsDatabaseUpdateSpec.data_eviction_policy",
        lambda: DbUpdate(data_eviction_policy="random"),
    ),
    (
        "EssentialsDatabaseUpdateSpec.source_ips[0]",
        lambda: DbUpdate(source_ips=["not-a-cidr"]),
    ),
    (
        "EssentialsDatabaseUpdateSpec.regex_rules",
        lambda: DbUpdate(regex_rules=[".*"], enable_database_clustering=False),
    ),
]


@pytest.mark.parametrize(("field", "build"), INVALID, ids=[f for f, _ in INVALID])
def test_an_invalid_spec_names_its_field(field: str, build: Callable[[], object]) -> None:
    with pytest.raises(ValidationError) as info:
        build()
    assert info.value.field == field


def test_the_plan_is_required() -> None:
    with pytest.raises(TypeError, match="plan_id"):
        SubCreate(name="s")  # type: ignore[call-arg]


@given(st.text(max_size=60))
def test_only_valid_database_names_pass(name: str) -> None:
    if re.fullmatch(r"[A-Za-z](?:[A-Za-z0-9-]{0,38}[A-Za-z0-9])?", name):
        assert DbCreate(name=name).name == name
        return
    with pytest.raises(ValidationError) as info:
        DbCreate(name=name)
    assert info.value.field == "EssentialsDatabaseCreateSpec.name"


@given(st.integers(max_value=0))
def test_plan_ids_are_positive(plan_id: int) -> None:
    with pytest.raises(ValidationError) as info:
        SubCreate(name="s", plan_id=plan_id)
    assert info.value.field == "EssentialsSubscriptionCreateSpec.plan_id"


def test_specs_encode_to_the_published_names() -> None:
    conv = make_converter()
    assert conv.unstructure(SubCreate(name="dev", plan_id=98004)) == {
        "name": "dev",
        "planId": 98004,
    }
    assert conv.unstructure(SubUpdate(payment_method="credit-card", payment_method_id=8241)) == {
        "paymentMethod": "credit-card",
        "paymentMethodId": 8241,
    }
    # The guide's example payload.
    create = DbCreate(
        name="my-essentials-db",
        data_persistence="aof-every-1-second",
        data_eviction_policy="allkeys-lru",
        replication=True,
        enable_default_user=True,
        alerts=[DatabaseAlertSpec(name="datasets-size", value=80)],
        source_ips=["192.168.10.0/32"],
        periodic_backup_path="s3://bucket/path",
        support_oss_cluster_api=True,
    )
    assert conv.unstructure(create) == {
        "name": "my-essentials-db",
        "dataPersistence": "aof-every-1-second",
        "dataEvictionPolicy": "allkeys-lru",
        "replication": True,
        "enableDefaultUser": True,
        "alerts": [{"name": "datasets-size", "value": 80}],
        "sourceIps": ["192.168.10.0/32"],
        "periodicBackupPath": "s3://bucket/path",
        "supportOSSClusterApi": True,
    }
    # An empty backup path on update removes the backup location: it is sent as is.
    assert conv.unstructure(DbUpdate(periodic_backup_path="")) == {"periodicBackupPath": ""}


def test_secrets_stay_out_of_reprs() -> None:
    create = DbCreate(name="d", password="hunter2-hunter2", client_ssl_certificate="-----PEM")
    update = DbUpdate(password="hunter2-hunter2")
    for spec in (create, update):
        assert "hunter2" not in repr(spec)
    assert "PEM" not in repr(create)
