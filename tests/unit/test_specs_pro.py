"""Specs of Pro subscription settings, database operations and Active-Active regions:
each rule of the guide is checked locally, naming the field, and nothing is sent."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from redis_cloud_async import AsyncClient, ConfirmationRequiredError, ValidationError
from redis_cloud_async._converter import make_converter
from redis_cloud_async.models.common import Tag
from redis_cloud_async.models.database_operations import (
    ActiveActiveDatabaseUpdateSpec,
    DatabaseBackupSpec,
    DatabaseImportSpec,
    DatabaseTagsSpec,
    DatabaseUpgradeSpec,
    LocalRegionPropertiesSpec,
    TagValueSpec,
)
from redis_cloud_async.models.databases import DatabaseUpdateSpec
from redis_cloud_async.models.subscription_settings import (
    WEEKDAYS,
    ActiveActiveRegionDeleteSpec,
    ActiveActiveRegionSpec,
    CidrAllowlistSpec,
    MaintenanceWindowSpec,
    MaintenanceWindowsSpec,
    RegionToDeleteSpec,
    ResourceTagsSpec,
)
from redis_cloud_async.models.subscriptions import LocalThroughputSpec
from redis_cloud_async.testing import FakeRedisCloud


def _window(**changes: Any) -> MaintenanceWindowSpec:
    args: dict[str, Any] = {"days": ["Monday"], "start_hour": 2, "duration_in_hours": 4}
    return MaintenanceWindowSpec(**(args | changes))


def _import(source: str, *uris: str) -> DatabaseImportSpec:
    return DatabaseImportSpec(source_type=source, import_from_uri=list(uris))


def _throughput(region: str) -> LocalThroughputSpec:
    return LocalThroughputSpec(
        region=region, read_operations_per_second=4000, write_operations_per_second=2000
    )


INVALID: list[tuple[str, Callable[[], object]]] = [
    # maintenance windows
    ("MaintenanceWindowsSpec.mode", lambda: MaintenanceWindowsSpec(mode="sometimes")),
    ("MaintenanceWindowsSpec.windows", lambda: MaintenanceWindowsSpec(mode="manual")),
    ("MaintenanceWindowsSpec.windows", lambda: MaintenanceWindowsSpec(mode="manual", windows=[])),
    (
        "MaintenanceWindowsSpec.windows",
        lambda: MaintenanceWindowsSpec(mode="automatic", windows=[_window()]),
    ),
    (
        "MaintenanceWindowsSpec.windows",
        lambda: MaintenanceWindowsSpec(mode="manual", windows=[_window()] * 8),
    ),
    ("MaintenanceWindowSpec.days", lambda: _window(days=[])),
    ("MaintenanceWindowSpec.days[1]", lambda: _window(days=["Monday", "monday"])),
    ("MaintenanceWindowSpec.days[0]", lambda: _window(days=["Mon"])),
    ("MaintenanceWindowSpec.days", lambda: _window(days=["Monday", "Monday"])),
    ("MaintenanceWindowSpec.start_hour", lambda: _window(start_hour=24)),
    ("MaintenanceWindowSpec.start_hour", lambda: _window(start_hour=-1)),
    ("MaintenanceWindowSpec.duration_in_hours", lambda: _window(duration_in_hours=3)),
    ("MaintenanceWindowSpec.duration_in_hours", lambda: _window(duration_in_hours=25)),
    # CIDR allowlist
    ("CidrAllowlistSpec", lambda: CidrAllowlistSpec()),
    ("CidrAllowlistSpec.cidr_ips[0]", lambda: CidrAllowlistSpec(cidr_ips=["10.0.0.0"])),
    ("CidrAllowlistSpec.cidr_ips[1]", lambda: CidrAllowlistSpec(cidr_ips=["10.0.0.0/8", "x"])),
    (
        "CidrAllowlistSpec.cidr_ips",
        lambda: CidrAllowlistSpec(cidr_ips=["10.0.0.0/8", "10.0.0.0/8"]),
    ),
    (
        "CidrAllowlistSpec.security_group_ids[0]",
        lambda: CidrAllowlistSpec(security_group_ids=["group-1"]),
    ),
    (
        "CidrAllowlistSpec.security_group_ids",
        lambda: CidrAllowlistSpec(security_group_ids=["sg-1a2b", "sg-1a2b"]),
    ),
    # resource tags
    (
        "ResourceTagsSpec.resource_tags",
        lambda: ResourceTagsSpec(resource_tags=[Tag(key=f"k{i}", value="v") for i in range(31)]),
    ),
    (
        "ResourceTagsSpec.resource_tags",
        lambda: ResourceTagsSpec(resource_tags=[Tag(key="a", value="1"), Tag(key="a", value="2")]),
    ),
    (
        "ResourceTagsSpec.resource_tags[1].value",
        lambda: ResourceTagsSpec(resource_tags=[Tag(key="a", value="1"), Tag(key="b", value="")]),
    ),
    ("Tag.key", lambda: Tag(key=" ", value="v")),
    ("Tag.value", lambda: Tag(key="k", value="v" * 257)),
    # Active-Active regions
    (
        "ActiveActiveRegionSpec.region",
        lambda: ActiveActiveRegionSpec(region="", deployment_cidr="10.0.0.0/24"),
    ),
    (
        "ActiveActiveRegionSpec.deployment_cidr",
        lambda: ActiveActiveRegionSpec(region="us-west-2", deployment_cidr="10.0.0.0/23"),
    ),
    (
        "ActiveActiveRegionSpec.deployment_cidr",
        lambda: ActiveActiveRegionSpec(region="us-west-2", deployment_cidr="10.0.0/24"),
    ),
    (
        "ActiveActiveRegionSpec.security_group_id",
        lambda: ActiveActiveRegionSpec(
            region="us-west-2", deployment_cidr="10.0.0.0/24", security_group_id="default"
        ),
    ),
    (
        "ActiveActiveRegionSpec.resp_version",
        lambda: ActiveActiveRegionSpec(
            region="us-west-2", deployment_cidr="10.0.0.0/24", resp_version="resp4"
        ),
    ),
    ("ActiveActiveRegionDeleteSpec.regions", lambda: ActiveActiveRegionDeleteSpec(regions=[])),
    (
        "ActiveActiveRegionDeleteSpec.regions",
        lambda: ActiveActiveRegionDeleteSpec(
            regions=[RegionToDeleteSpec(region="a"), RegionToDeleteSpec(region="a")]
        ),
    ),
    # Active-Active database regions
    ("ActiveActiveDatabaseUpdateSpec", lambda: ActiveActiveDatabaseUpdateSpec()),
    ("ActiveActiveDatabaseUpdateSpec", lambda: ActiveActiveDatabaseUpdateSpec(dry_run=True)),
    (
        "ActiveActiveDatabaseUpdateSpec.name",
        lambda: ActiveActiveDatabaseUpdateSpec(name="no_underscores"),
    ),
    (
        "ActiveActiveDatabaseUpdateSpec.dataset_size_in_gb",
        lambda: ActiveActiveDatabaseUpdateSpec(dataset_size_in_gb=1, memory_limit_in_gb=2),
    ),
    (
        "ActiveActiveDatabaseUpdateSpec.global_data_persistence",
        lambda: ActiveActiveDatabaseUpdateSpec(global_data_persistence="sometimes"),
    ),
    (
        "ActiveActiveDatabaseUpdateSpec.global_source_ip[0]",
        lambda: ActiveActiveDatabaseUpdateSpec(global_source_ip=["10.0.0.1/8"]),
    ),
    (
        "ActiveActiveDatabaseUpdateSpec.regions",
        lambda: ActiveActiveDatabaseUpdateSpec(
            regions=[LocalRegionPropertiesSpec(region="a"), LocalRegionPropertiesSpec(region="a")]
        ),
    ),
    (
        "LocalRegionPropertiesSpec.local_throughput_measurement.region",
        lambda: LocalRegionPropertiesSpec(
            region="us-east-1", local_throughput_measurement=_throughput("eu-west-1")
        ),
    ),
    (
        "LocalRegionPropertiesSpec.data_persistence",
        lambda: LocalRegionPropertiesSpec(region="a", data_persistence="aof"),
    ),
    # database operations
    (
        "DatabaseBackupSpec.adhoc_backup_path",
        lambda: DatabaseBackupSpec(adhoc_backup_path="backups/db"),
    ),
    ("DatabaseBackupSpec.region_name", lambda: DatabaseBackupSpec(region_name="  ")),
    ("DatabaseImportSpec.source_type", lambda: _import("dropbox", "https://x/y.rdb")),
    ("DatabaseImportSpec.import_from_uri", lambda: _import("http")),
    ("DatabaseImportSpec.import_from_uri[0]", lambda: _import("http", "ftp://x/y.rdb")),
    ("DatabaseImportSpec.import_from_uri[0]", lambda: _import("aws-s3", "s3://")),
    ("DatabaseImportSpec.import_from_uri[1]", lambda: _import("gcs", "gs://a/b", "s3://a/b")),
    ("DatabaseImportSpec.import_from_uri[0]", lambda: _import("azure-blob-storage", "az://a")),
    ("DatabaseImportSpec.import_from_uri", lambda: _import("redis", "redis://a:1", "redis://b:1")),
    ("DatabaseImportSpec.import_from_uri", lambda: _import("ftp", "ftp://a/b", "ftp://a/b")),
    ("DatabaseTagsSpec.tags", lambda: DatabaseTagsSpec(tags=[])),
    (
        "DatabaseTagsSpec.tags",
        lambda: DatabaseTagsSpec(tags=[Tag(key="a", value="1"), Tag(key="a", value="2")]),
    ),
    ("DatabaseTagsSpec.tags[0].value", lambda: DatabaseTagsSpec(tags=[Tag(key="a", value="")])),
    ("TagValueSpec.value", lambda: TagValueSpec(value="")),
    (
        "DatabaseUpgradeSpec.target_redis_version",
        lambda: DatabaseUpgradeSpec(target_redis_version="v8"),
    ),
    ("DatabaseUpdateSpec", lambda: DatabaseUpdateSpec(dry_run=True)),
]


@pytest.mark.parametrize(("field", "build"), INVALID, ids=[f for f, _ in INVALID])
def test_invalid_specs_name_the_field(field: str, build: Callable[[], object]) -> None:
    with pytest.raises(ValidationError) as info:
        build()
    assert info.value.field == field
    assert field in str(info.value)


# -- properties ----------------------------------------------------------------------------


@given(st.integers().filter(lambda h: not 0 <= h <= 23))
def test_a_start_hour_outside_0_23_is_refused(hour: int) -> None:
    with pytest.raises(ValidationError) as info:
        _window(start_hour=hour)
    assert info.value.field == "MaintenanceWindowSpec.start_hour"


@given(st.integers(0, 23), st.integers(4, 24), st.sets(st.sampled_from(WEEKDAYS), min_size=1))
def test_every_window_within_the_rules_is_accepted(hour: int, hours: int, days: set[str]) -> None:
    window = _window(start_hour=hour, duration_in_hours=hours, days=sorted(days))
    assert MaintenanceWindowsSpec(mode="manual", windows=[window]).windows == [window]


@given(st.integers(max_value=3))
def test_a_window_shorter_than_4_hours_is_refused(hours: int) -> None:
    with pytest.raises(ValidationError) as info:
        _window(duration_in_hours=hours)
    assert info.value.field == "MaintenanceWindowSpec.duration_in_hours"


@given(st.text().filter(lambda day: day not in WEEKDAYS))
def test_a_day_that_is_not_a_weekday_name_is_refused(day: str) -> None:
    with pytest.raises(ValidationError) as info:
        _window(days=["Monday", day])
    assert info.value.field == "MaintenanceWindowSpec.days[1]"


@given(st.integers(8, 20))
def test_more_than_7_windows_are_refused(count: int) -> None:
    with pytest.raises(ValidationError) as info:
        MaintenanceWindowsSpec(mode="manual", windows=[_window()] * count)
    assert info.value.field == "MaintenanceWindowsSpec.windows"


@given(st.text(max_size=30).filter(lambda text: "/" not in text))
def test_text_without_a_prefix_is_not_a_cidr_block(text: str) -> None:
    with pytest.raises(ValidationError) as info:
        CidrAllowlistSpec(cidr_ips=[text])
    assert info.value.field == "CidrAllowlistSpec.cidr_ips[0]"


@given(
    st.sampled_from(["http", "redis", "ftp", "aws-s3", "azure-blob-storage", "gcs"]),
    st.sampled_from(["s4", "file", "gopher", "sftp"]),
)
def test_an_import_uri_with_a_foreign_scheme_is_refused(source: str, scheme: str) -> None:
    with pytest.raises(ValidationError) as info:
        _import(source, f"{scheme}://host/dump.rdb")
    assert info.value.field == "DatabaseImportSpec.import_from_uri[0]"


# -- wire format and secrets -----------------------------------------------------------------


def test_specs_are_sent_with_the_published_names() -> None:
    unstructure = make_converter(strict=True).unstructure
    assert unstructure(
        ActiveActiveRegionSpec(region="us-west-2", deployment_cidr="10.0.2.0/24")
    ) == {"region": "us-west-2", "deploymentCIDR": "10.0.2.0/24"}
    assert unstructure(_import("gcs", "gs://b/dump.rdb")) == {
        "sourceType": "google-blob-storage",
        "importFromUri": ["gs://b/dump.rdb"],
    }
    assert unstructure(CidrAllowlistSpec(cidr_ips=["10.0.0.0/16"])) == {"cidrIps": ["10.0.0.0/16"]}
    assert unstructure(MaintenanceWindowsSpec(mode="manual", windows=[_window()])) == {
        "mode": "manual",
        "windows": [{"days": ["Monday"], "startHour": 2, "durationInHours": 4}],
    }
    update = ActiveActiveDatabaseUpdateSpec(
        global_data_persistence="none",
        regions=[
            LocalRegionPropertiesSpec(
                region="eu-west-1", local_throughput_measurement=_throughput("eu-west-1")
            )
        ],
    )
    assert unstructure(update) == {
        "globalDataPersistence": "none",
        "regions": [
            {
                "region": "eu-west-1",
                "localThroughputMeasurement": {
                    "region": "eu-west-1",
                    "writeOperationsPerSecond": 2000,
                    "readOperationsPerSecond": 4000,
                },
            }
        ],
    }


def test_secrets_stay_out_of_reprs() -> None:
    spec = _import("redis", "redis://:hunter2-secret@host:6379")
    update = ActiveActiveDatabaseUpdateSpec(
        global_password="global-secret",
        regions=[LocalRegionPropertiesSpec(region="a", password="local-secret")],
    )
    for text in (repr(spec), repr(update)):
        assert "secret" not in text


# -- destructive calls -----------------------------------------------------------------------


async def test_destructive_calls_need_confirmation_and_send_nothing(
    client: AsyncClient, fake: FakeRedisCloud
) -> None:
    spec = _import("http", "https://x/dump.rdb")
    for call in (
        client.databases.flush(1, 2),
        client.databases.flush_post(1, 2),
        client.databases.import_data(1, 2, spec),
        client.databases.delete_tag(1, 2, "env"),
        client.active_active.delete_regions(1, ["us-east-1"]),
    ):
        with pytest.raises(ConfirmationRequiredError):
            await call
    assert fake.stats.count() == 0
