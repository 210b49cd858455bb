"""`client.active_active` (and the Active-Active sides of `client.databases`) against the
simulator: regions listed, priced, added and removed; regional database settings;
flush, backup and slow log per region."""

from __future__ import annotations

from typing import Any

import pytest

from redis_cloud_async import (
    AsyncClient,
    ConfirmationRequiredError,
    TaskFailedError,
    ValidationError,
)
from redis_cloud_async.models.database_operations import (
    ActiveActiveDatabaseUpdateSpec,
    DatabaseBackupSpec,
    LocalRegionPropertiesSpec,
)
from redis_cloud_async.models.subscription_settings import (
    ActiveActiveRegionSpec,
    CidrAllowlistSpec,
)
from redis_cloud_async.models.subscriptions import (
    CloudProviderSpec,
    LocalThroughputSpec,
    RegionNetworkingSpec,
    RegionSpec,
    SubscriptionCreateSpec,
    SubscriptionDatabaseSpec,
)
from redis_cloud_async.testing import FakeRedisCloud

REGIONS = "/subscriptions/{subscriptionId}/regions"


async def _active_active(client: AsyncClient) -> tuple[int, int]:
    """An active Active-Active subscription in us-east-1 and eu-west-1, with one database."""
    spec = SubscriptionCreateSpec(
        name="aa",
        deployment_type="active-active",
        cloud_providers=[
            CloudProviderSpec(
                regions=[
                    RegionSpec(
                        region=name,
                        networking=RegionNetworkingSpec(deployment_cidr=f"10.0.{i}.0/24"),
                    )
                    for i, name in enumerate(("us-east-1", "eu-west-1"))
                ]
            )
        ],
        databases=[SubscriptionDatabaseSpec(name="geo", dataset_size_in_gb=1)],
    )
    task = await (await client.subscriptions.create(spec)).wait()
    assert task.resource_id is not None
    await client.subscriptions.wait_until_active(task.resource_id)
    (db,) = await client.databases.list(task.resource_id)
    return task.resource_id, db.database_id


def _new_region(**changes: Any) -> ActiveActiveRegionSpec:
    args: dict[str, Any] = {"region": "us-west-2", "deployment_cidr": "10.0.2.0/24"}
    return ActiveActiveRegionSpec(**(args | changes))


async def _region_names(client: AsyncClient, sid: int) -> list[str]:
    return [r.region for r in await client.active_active.list_regions(sid)]


async def test_list_regions_shows_each_region_and_its_databases(client: AsyncClient) -> None:
    sid, dbid = await _active_active(client)
    regions = await client.active_active.list_regions(sid)
    assert [(r.region, r.deployment_cidr) for r in regions] == [
        ("us-east-1", "10.0.0.0/24"),
        ("eu-west-1", "10.0.1.0/24"),
    ]
    assert all(r.region_id and r.vpc_id for r in regions)
    assert all([d.database_id for d in r.databases] == [dbid] for r in regions)


async def test_estimate_add_region_prices_it_and_adds_nothing(client: AsyncClient) -> None:
    sid, _ = await _active_active(client)
    estimate = await client.active_active.estimate_add_region(sid, _new_region())
    assert {item.region for item in estimate.pricing} == {"us-east-1", "eu-west-1", "us-west-2"}
    assert await _region_names(client, sid) == ["us-east-1", "eu-west-1"]


async def test_add_region_extends_the_subscription_and_its_databases(
    client: AsyncClient, fake: FakeRedisCloud
) -> None:
    sid, dbid = await _active_active(client)
    with pytest.raises(ValidationError) as info:
        await client.active_active.add_region(sid, _new_region(dry_run=True))
    assert info.value.field == "ActiveActiveRegionSpec.dry_run"
    assert "estimate_add_region" in info.value.reason
    assert fake.stats.count(method="POST", route=REGIONS) == 0
    await (await client.active_active.add_region(sid, _new_region())).wait()
    await client.subscriptions.wait_until_active(sid)
    assert await _region_names(client, sid) == ["us-east-1", "eu-west-1", "us-west-2"]
    db = await client.databases.get(sid, dbid)
    assert [c.region for c in db.crdb_databases] == ["us-east-1", "eu-west-1", "us-west-2"]


async def test_a_region_cidr_must_be_a_slash_24() -> None:
    with pytest.raises(ValidationError) as info:
        _new_region(deployment_cidr="10.2.0.0/16")
    assert info.value.field == "ActiveActiveRegionSpec.deployment_cidr"
    with pytest.raises(ValidationError) as info:
        _new_region(deployment_cidr="10.2.0.1/24")
    assert info.value.field == "ActiveActiveRegionSpec.deployment_cidr"


async def test_delete_regions_by_name_or_by_id(client: AsyncClient, fake: FakeRedisCloud) -> None:
    sid, _ = await _active_active(client)
    await (await client.active_active.add_region(sid, _new_region())).wait()
    await client.subscriptions.wait_until_active(sid)
    with pytest.raises(ConfirmationRequiredError):
        await client.active_active.delete_regions(sid, ["us-west-2"])
    with pytest.raises(ValidationError) as info:
        await client.active_active.delete_regions(sid, region_ids=[999], confirm=True)
    assert info.value.field == "region_ids[0]"
    assert fake.stats.count(method="DELETE", route=REGIONS) == 0

    estimate = await client.active_active.estimate_delete_regions(sid, ["us-west-2"])
    assert {item.region for item in estimate.pricing} == {"us-east-1", "eu-west-1"}
    assert len(await _region_names(client, sid)) == 3

    await (await client.active_active.delete_regions(sid, ["us-west-2"], confirm=True)).wait()
    await client.subscriptions.wait_until_active(sid)
    assert await _region_names(client, sid) == ["us-east-1", "eu-west-1"]

    await (await client.active_active.add_region(sid, _new_region())).wait()
    await client.subscriptions.wait_until_active(sid)
    (added,) = [r for r in await client.active_active.list_regions(sid) if r.region == "us-west-2"]
    assert added.region_id is not None
    handle = await client.active_active.delete_regions(
        sid, region_ids=[added.region_id], confirm=True
    )
    await handle.wait()
    await client.subscriptions.wait_until_active(sid)
    assert await _region_names(client, sid) == ["us-east-1", "eu-west-1"]


async def test_update_database_regions_changes_local_throughput(client: AsyncClient) -> None:
    sid, dbid = await _active_active(client)
    spec = ActiveActiveDatabaseUpdateSpec(
        global_data_persistence="aof-every-1-second",
        regions=[
            LocalRegionPropertiesSpec(
                region="eu-west-1",
                local_throughput_measurement=LocalThroughputSpec(
                    region="eu-west-1",
                    read_operations_per_second=5000,
                    write_operations_per_second=3000,
                ),
            )
        ],
    )
    estimate = await client.active_active.estimate_update_database_regions(sid, dbid, spec)
    assert estimate.pricing
    with pytest.raises(ValidationError) as info:
        await client.active_active.update_database_regions(
            sid, dbid, ActiveActiveDatabaseUpdateSpec(global_enable_default_user=True, dry_run=True)
        )
    assert info.value.field == "ActiveActiveDatabaseUpdateSpec.dry_run"
    await (await client.active_active.update_database_regions(sid, dbid, spec)).wait()
    await client.databases.wait_until_active(sid, dbid)
    db = await client.databases.get(sid, dbid)
    local = {
        c.region: (c.read_operations_per_second, c.write_operations_per_second)
        for c in db.crdb_databases
    }
    assert local == {"us-east-1": (1000, 1000), "eu-west-1": (5000, 3000)}
    assert db.data_persistence == "aof-every-1-second"
    regions = {r.region: r for r in await client.active_active.list_regions(sid)}
    assert regions["eu-west-1"].databases[0].database_id == dbid


async def test_flush_an_active_active_database_in_both_forms(
    client: AsyncClient, fake: FakeRedisCloud
) -> None:
    sid, dbid = await _active_active(client)
    task = await (await client.databases.flush(sid, dbid, confirm=True)).wait()
    assert task.succeeded
    task = await (await client.databases.flush_post(sid, dbid, confirm=True)).wait()
    assert task.succeeded
    route = "/subscriptions/{subscriptionId}/databases/{databaseId}/flush"
    assert fake.stats.count(method="PUT", route=route) == 2


async def test_backup_and_slow_log_name_the_region(client: AsyncClient) -> None:
    sid, dbid = await _active_active(client)
    path = DatabaseBackupSpec(adhoc_backup_path="s3://backups/geo")
    with pytest.raises(TaskFailedError) as failed:
        await (await client.databases.backup(sid, dbid, path)).wait()
    assert failed.value.error_type == "ACTIVE_ACTIVE_BACKUP_MISSING_REGION_NAME"
    spec = DatabaseBackupSpec(region_name="eu-west-1", adhoc_backup_path="s3://backups/geo")
    await (await client.databases.backup(sid, dbid, spec)).wait()
    with pytest.raises(TaskFailedError) as failed:
        await client.databases.backup_status(sid, dbid)
    assert failed.value.error_type == "ACTIVE_ACTIVE_BACKUP_STATUS_MISSING_REGION_NAME"
    status = await client.databases.backup_status(sid, dbid, region_name="eu-west-1")
    assert status.status in ("in-progress", "success")
    assert await client.databases.slow_log(sid, dbid, region_name="eu-west-1")


async def test_an_active_active_subscription_has_no_cidr_allowlist(client: AsyncClient) -> None:
    sid, _ = await _active_active(client)
    with pytest.raises(TaskFailedError) as failed:
        await client.subscriptions.cidr_allowlist(sid)
    assert failed.value.error_type.startswith("GETTING_SINGLE_REGION_CIDR_WHITE_LIST")
    handle = await client.subscriptions.update_cidr_allowlist(
        sid, CidrAllowlistSpec(cidr_ips=["10.9.0.0/16"])
    )
    with pytest.raises(TaskFailedError) as failed:
        await handle.wait()
    assert failed.value.error_type.startswith("UPDATING_SINGLE_REGION_CIDR_WHITE_LIST")
