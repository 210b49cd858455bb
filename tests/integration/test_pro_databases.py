"""`client.databases` against the simulator: dry-run estimates, deletion waits, backup,
import, flush, tags, certificate, slow log, traffic and version upgrades."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import datetime

import pytest

from redis_cloud_async import (
    AsyncClient,
    ConfirmationRequiredError,
    ConflictError,
    NotFoundError,
    TaskFailedError,
    ValidationError,
)
from redis_cloud_async.models.common import Tag
from redis_cloud_async.models.database_operations import (
    DatabaseBackupSpec,
    DatabaseImportSpec,
    ImportSource,
    UpgradeState,
)
from redis_cloud_async.models.databases import (
    DatabaseBackupConfigSpec,
    DatabaseCreateSpec,
    DatabaseUpdateSpec,
)
from redis_cloud_async.models.subscriptions import (
    CloudProviderSpec,
    RegionSpec,
    SubscriptionCreateSpec,
    SubscriptionDatabaseSpec,
)
from redis_cloud_async.testing import FakeRedisCloud

DB = "/subscriptions/{subscriptionId}/databases/{databaseId}"


async def _database(client: AsyncClient) -> tuple[int, int]:
    """An active Pro subscription with one active 1 GB database: (subscription, database)."""
    spec = SubscriptionCreateSpec(
        name="sub",
        cloud_providers=[CloudProviderSpec(regions=[RegionSpec(region="us-east-1")])],
        databases=[SubscriptionDatabaseSpec(name="db", dataset_size_in_gb=1)],
    )
    task = await (await client.subscriptions.create(spec)).wait()
    assert task.resource_id is not None
    await client.subscriptions.wait_until_active(task.resource_id)
    (db,) = await client.databases.list(task.resource_id)
    return task.resource_id, db.database_id


def _sent(fake: FakeRedisCloud, method: str, route: str) -> int:
    return fake.stats.count(method=method, route=route)


async def _eventually(check: Callable[[], Awaitable[bool]], *, tries: int = 100) -> None:
    """Poll `check` a few ms apart (the simulator runs 18000x faster than the service)."""
    for _ in range(tries):
        if await check():
            return
        await asyncio.sleep(0.005)
    raise AssertionError("the condition never held")


# -- estimates, create, update, delete -------------------------------------------------------


async def test_estimate_create_prices_a_database_and_creates_nothing(
    client: AsyncClient, fake: FakeRedisCloud
) -> None:
    sid, _ = await _database(client)
    estimate = await client.databases.estimate_create(
        sid, DatabaseCreateSpec(name="big", dataset_size_in_gb=50)
    )
    assert estimate.pricing
    assert estimate.total() > 0
    assert [db.name for db in await client.databases.list(sid)] == ["db"]
    assert ("database", f"{sid}/big") not in fake.stats.created


async def test_estimate_update_prices_a_change_without_making_it(client: AsyncClient) -> None:
    sid, dbid = await _database(client)
    current = await client.subscriptions.pricing(sid)
    bigger = await client.databases.estimate_update(
        sid, dbid, DatabaseUpdateSpec(dataset_size_in_gb=100)
    )
    assert bigger.total() > current.total()
    assert (await client.databases.get(sid, dbid)).dataset_size_in_gb == 1


async def test_create_and_update_refuse_dry_run_specs(
    client: AsyncClient, fake: FakeRedisCloud
) -> None:
    with pytest.raises(ValidationError) as info:
        await client.databases.create(1, DatabaseCreateSpec(name="d", dry_run=True))
    assert info.value.field == "DatabaseCreateSpec.dry_run"
    assert "estimate_create" in info.value.reason
    with pytest.raises(ValidationError) as info:
        await client.databases.update(1, 2, DatabaseUpdateSpec(replication=False, dry_run=True))
    assert info.value.field == "DatabaseUpdateSpec.dry_run"
    assert "estimate_update" in info.value.reason
    assert fake.stats.count() == 0


async def test_delete_then_wait_until_gone(client: AsyncClient, fake: FakeRedisCloud) -> None:
    sid, dbid = await _database(client)
    with pytest.raises(ConfirmationRequiredError):
        await client.databases.delete(sid, dbid)
    assert _sent(fake, "DELETE", DB) == 0
    await (await client.databases.delete(sid, dbid, confirm=True)).wait()
    await client.databases.wait_until_gone(sid, dbid)
    with pytest.raises(NotFoundError):
        await client.databases.get(sid, dbid)


# -- backup and import -----------------------------------------------------------------------


async def test_backup_to_an_adhoc_path_and_read_its_status(client: AsyncClient) -> None:
    sid, dbid = await _database(client)
    assert (await client.databases.backup_status(sid, dbid)).status == "none"
    with pytest.raises(TaskFailedError) as failed:
        await (await client.databases.backup(sid, dbid)).wait()  # no backup location set
    assert failed.value.error_type == "DATABASE_BACKUP_NOT_CONFIGURED"
    spec = DatabaseBackupSpec(adhoc_backup_path="s3://backups/db")
    await (await client.databases.backup(sid, dbid, spec)).wait()

    async def done() -> bool:
        status = await client.databases.backup_status(sid, dbid)
        return status.status == "success" and status.last_backup_time is not None

    await _eventually(done)


async def test_backup_to_the_configured_location(client: AsyncClient) -> None:
    sid, _ = await _database(client)
    remote = DatabaseBackupConfigSpec(
        active=True, interval="every-12-hours", storage_type="aws-s3", storage_path="s3://b/p"
    )
    task = await (
        await client.databases.create(sid, DatabaseCreateSpec(name="kept", remote_backup=remote))
    ).wait()
    assert task.resource_id is not None
    await client.databases.wait_until_active(sid, task.resource_id)
    await (await client.databases.backup(sid, task.resource_id)).wait()
    assert (await client.databases.backup_status(sid, task.resource_id)).status in (
        "in-progress",
        "success",
    )


async def test_backup_status_sends_the_region_name(client: AsyncClient) -> None:
    sid, dbid = await _database(client)
    with pytest.raises(TaskFailedError) as failed:
        await client.databases.backup_status(sid, dbid, region_name="us-east-1")
    assert failed.value.error_type == (
        "BACKUP_STATUS_REGION_NAME_IS_NOT_ALLOWED_WITH_SINGLE_REGION_SUBSCRIPTION"
    )


async def test_import_replaces_data_and_reports_its_status(
    client: AsyncClient, fake: FakeRedisCloud
) -> None:
    sid, dbid = await _database(client)
    spec = DatabaseImportSpec(source_type="gcs", import_from_uri=["gs://bucket/dump.rdb"])
    assert spec.source_type == ImportSource.GOOGLE_BLOB_STORAGE  # the published name
    with pytest.raises(ConfirmationRequiredError):
        await client.databases.import_data(sid, dbid, spec)
    assert _sent(fake, "POST", DB + "/import") == 0
    assert (await client.databases.import_status(sid, dbid)).status == "none"
    await (await client.databases.import_data(sid, dbid, spec, confirm=True)).wait()
    await client.databases.wait_until_active(sid, dbid)
    status = await client.databases.import_status(sid, dbid)
    assert status.status == "success"
    assert status.last_import_time is not None


async def test_an_import_uri_that_does_not_suit_its_source_is_refused(
    client: AsyncClient, fake: FakeRedisCloud
) -> None:
    with pytest.raises(ValidationError) as info:
        DatabaseImportSpec(source_type="aws-s3", import_from_uri=["https://x/dump.rdb"])
    assert info.value.field == "DatabaseImportSpec.import_from_uri[0]"
    spec = DatabaseImportSpec(source_type="http", import_from_uri=["https://x/dump.rdb"])
    object.__setattr__(spec, "import_from_uri", [])  # broken after construction
    with pytest.raises(ValidationError) as info:
        await client.databases.import_data(1, 2, spec, confirm=True)
    assert info.value.field == "DatabaseImportSpec.import_from_uri"
    assert fake.stats.count() == 0


# -- flush -----------------------------------------------------------------------------------


async def test_flush_needs_confirmation_in_both_forms(
    client: AsyncClient, fake: FakeRedisCloud
) -> None:
    sid, dbid = await _database(client)
    with pytest.raises(ConfirmationRequiredError):
        await client.databases.flush(sid, dbid)
    with pytest.raises(ConfirmationRequiredError):
        await client.databases.flush_post(sid, dbid)
    assert _sent(fake, "PUT", DB + "/flush") + _sent(fake, "POST", DB + "/flush") == 0
    # Flush is for Active-Active databases (see test_active_active for a real flush).
    with pytest.raises(TaskFailedError) as failed:
        await (await client.databases.flush_post(sid, dbid, confirm=True)).wait()
    assert (
        failed.value.error_type == "CRDB_FLUSH_ACTION_NOT_ALLOWED_WITH_SINGLE_REGION_SUBSCRIPTION"
    )
    assert _sent(fake, "PUT", DB + "/flush") == 1  # sent as the published PUT


# -- tags ------------------------------------------------------------------------------------


async def test_tags_add_update_replace_delete(client: AsyncClient, fake: FakeRedisCloud) -> None:
    sid, dbid = await _database(client)
    assert await client.databases.tags(sid, dbid) == []
    added = await client.databases.add_tag(sid, dbid, Tag(key="cost center", value="payments"))
    assert (added.key, added.value) == ("cost center", "payments")
    assert isinstance(added.created_at, datetime)
    with pytest.raises(ConflictError):
        await client.databases.add_tag(sid, dbid, Tag(key="cost center", value="other"))
    changed = await client.databases.update_tag(sid, dbid, "cost center", "billing")
    assert changed.value == "billing"
    with pytest.raises(NotFoundError):
        await client.databases.update_tag(sid, dbid, "missing", "x")
    replaced = await client.databases.replace_tags(
        sid, dbid, [Tag(key="env", value="prod"), Tag(key="cost center", value="core")]
    )
    assert {(t.key, t.value) for t in replaced} == {("env", "prod"), ("cost center", "core")}
    with pytest.raises(ConfirmationRequiredError):
        await client.databases.delete_tag(sid, dbid, "env")
    await client.databases.delete_tag(sid, dbid, "env", confirm=True)
    assert [t.key for t in await client.databases.tags(sid, dbid)] == ["cost center"]
    with pytest.raises(ValidationError) as info:
        await client.databases.replace_tags(sid, dbid, [])
    assert info.value.field == "DatabaseTagsSpec.tags"


async def test_tag_rules_are_checked_before_sending(
    client: AsyncClient, fake: FakeRedisCloud
) -> None:
    with pytest.raises(ValidationError) as info:
        await client.databases.add_tag(1, 2, Tag(key="env", value=""))
    assert info.value.field == "Tag.value"
    with pytest.raises(ValidationError) as info:
        await client.databases.replace_tags(
            1, 2, [Tag(key="env", value="a"), Tag(key="env", value="b")]
        )
    assert info.value.field == "DatabaseTagsSpec.tags"
    with pytest.raises(ValidationError) as info:
        await client.databases.update_tag(1, 2, "env", "")
    assert info.value.field == "TagValueSpec.value"
    assert fake.stats.count() == 0


# -- certificate, slow log, traffic ------------------------------------------------------------


async def test_certificate_and_slow_log(client: AsyncClient) -> None:
    sid, dbid = await _database(client)
    pem = (await client.databases.certificate(sid, dbid)).public_certificate_pem_string
    assert pem.startswith("-----BEGIN CERTIFICATE-----")
    assert pem.rstrip().endswith("-----END CERTIFICATE-----")
    entries = await client.databases.slow_log(sid, dbid)
    assert entries
    assert all(isinstance(e.start_time, datetime) and e.arguments for e in entries)


async def test_traffic_of_a_redirect_source_and_resume(
    client: AsyncClient, fake: FakeRedisCloud
) -> None:
    sid, dbid = await _database(client)
    with pytest.raises(NotFoundError):
        await client.databases.traffic(sid, dbid)
    fake.stop_traffic(sid, dbid, "redirected")
    stopped = await client.databases.traffic(sid, dbid)
    assert (stopped.bdb_id, stopped.can_resume, stopped.stop_reason) == (dbid, True, "redirected")
    await client.databases.resume_traffic(sid, dbid)
    resumed = await client.databases.traffic(sid, dbid)
    assert (resumed.traffic_status, resumed.can_resume) == ("active", False)


# -- versions ----------------------------------------------------------------------------------


async def test_upgrade_to_an_available_version(client: AsyncClient, fake: FakeRedisCloud) -> None:
    sid, dbid = await _database(client)
    assert (await client.databases.get(sid, dbid)).redis_version == "7.4"
    targets = await client.databases.available_target_versions(sid, dbid)
    assert targets == ["8.0"]
    with pytest.raises(NotFoundError):
        await client.databases.upgrade_status(sid, dbid)
    with pytest.raises(ValidationError) as info:
        await client.databases.upgrade(sid, dbid, "latest")
    assert info.value.field == "DatabaseUpgradeSpec.target_redis_version"
    assert _sent(fake, "POST", DB + "/upgrade") == 0
    await (await client.databases.upgrade(sid, dbid, targets[0])).wait()
    assert (await client.databases.upgrade_status(sid, dbid)).target_redis_version == "8.0"
    await client.databases.wait_until_active(sid, dbid)
    status = await client.databases.upgrade_status(sid, dbid)
    assert (status.upgrade_status, status.progress) == (UpgradeState.DONE, 100.0)
    assert (await client.databases.get(sid, dbid)).redis_version == "8.0"
    assert await client.databases.available_target_versions(sid, dbid) == []
