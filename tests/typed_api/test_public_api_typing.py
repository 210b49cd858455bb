"""Every public method of every `AsyncClient` namespace, called with typed arguments.

This module (the client itself, Pro subscriptions, tasks, databases, Active-Active) and its
siblings `test_public_api_typing_*.py` (Essentials, connectivity, the account) are checked
by mypy --strict (pyproject `[tool.mypy] files`): each result is bound to an explicitly
annotated variable and `assert_type` pins a representative set, so a method whose
parameters or return type drift fails the type check. pytest runs the same coroutines
against the simulator on fake time, so every call is also one that works.
`test_typing_coverage.py` fails when a namespace grows a method none of them calls.

Calls are spelled in full (`client.connectivity.private_link.get(...)`, no aliases): that
is how the coverage test finds them.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import assert_type

import pytest

from redis_cloud_async import (
    AccountInfo,
    AclRedisRuleSpec,
    ActiveActiveDatabaseUpdateSpec,
    ActiveActiveRegion,
    ActiveActiveRegionSpec,
    AsyncClient,
    BackupStatus,
    CidrAllowlist,
    CidrAllowlistSpec,
    CostEstimate,
    Database,
    DatabaseBackupSpec,
    DatabaseCertificate,
    DatabaseCreateSpec,
    DatabaseImportSpec,
    DatabaseList,
    DatabaseTag,
    DatabaseUpdateSpec,
    ImportStatus,
    MaintenanceMode,
    MaintenanceWindows,
    MaintenanceWindowSpec,
    MaintenanceWindowsSpec,
    PollPolicy,
    RedisVersion,
    RetryEvent,
    SlowLogEntry,
    Subscription,
    SubscriptionUpdateSpec,
    Tag,
    Task,
    TaskHandle,
    TrafficState,
    UpgradeStatus,
)
from redis_cloud_async.testing import FakeRedisCloud
from tests.helpers.typed_api import (
    active_pro,
    cloud_account_spec,
    pro_plan,
    settle,
    wait_created,
    wait_done,
)

pytestmark = pytest.mark.looptime(end=3600)


# -- the client itself --------------------------------------------------------------------
async def test_the_client_itself(fake: FakeRedisCloud, fast_poll: PollPolicy) -> None:
    events: list[RetryEvent] = []
    own: AsyncClient = fake.client(strict=True, poll=fast_poll)
    async with own as client:
        assert_type(client, AsyncClient)
        client.on_retry(events.append)
        account: AccountInfo = await client.account.get()
        sent: int = client.stats.requests
        still_open: bool = client.closed
        assert (account.id > 0, sent, still_open) == (True, 1, False)
    await own.aclose()  # idempotent
    assert own.closed
    assert events == []


# -- Pro subscriptions and tasks ------------------------------------------------------------
async def test_subscriptions(client: AsyncClient, fake: FakeRedisCloud) -> None:
    cloud_account = await wait_created(
        await client.cloud_accounts.create(cloud_account_spec("byoa"))
    )
    await settle(fake)  # a CIDR allowlist needs a subscription in your own cloud account
    spec = pro_plan("typed", "us-east-1", cloud_account=cloud_account)

    estimate: CostEstimate = await client.subscriptions.estimate(spec)
    assert_type(estimate.total(), float)
    handle: TaskHandle = await client.subscriptions.create(spec)
    assert_type(handle.task_id, str)
    task: Task = await handle.wait()
    assert task.resource_id is not None
    sid: int = task.resource_id
    active: Subscription = await client.subscriptions.wait_until_active(sid)
    listed: list[Subscription] = await client.subscriptions.list()
    one: Subscription = await client.subscriptions.get(sid)
    found: Subscription | None = await client.subscriptions.find("typed")
    assert_type(await client.subscriptions.find("typed"), Subscription | None)
    assert found is not None
    assert estimate.total() > 0
    assert [s.id for s in listed] == [sid]
    assert active.id == one.id == found.id == sid

    renamed: Task = await wait_done(
        await client.subscriptions.update(sid, SubscriptionUpdateSpec(name="typed-2"))
    )
    versions: list[RedisVersion] = await client.subscriptions.redis_versions()
    here: list[RedisVersion] = await client.subscriptions.redis_versions(sid)
    pricing: CostEstimate = await client.subscriptions.pricing(sid)
    assert (renamed.succeeded, versions == here, pricing.total() > 0) == (True, True, True)

    allowlist: CidrAllowlist = await client.subscriptions.cidr_allowlist(sid)
    cidrs = CidrAllowlistSpec(cidr_ips=["10.1.0.0/16"], security_group_ids=["sg-0125be68a4"])
    await wait_done(await client.subscriptions.update_cidr_allowlist(sid, cidrs))
    changed: CidrAllowlist = await client.subscriptions.cidr_allowlist(sid)
    assert (allowlist.cidr_ips, changed.cidr_ips) == ([], ["10.1.0.0/16"])

    windows: MaintenanceWindows = await client.subscriptions.maintenance_windows(sid)
    manual = MaintenanceWindowsSpec(
        mode=MaintenanceMode.MANUAL,
        windows=[MaintenanceWindowSpec(days=["Saturday"], start_hour=2, duration_in_hours=4)],
    )
    await wait_done(await client.subscriptions.update_maintenance_windows(sid, manual))
    tags = [Tag(key="team", value="typing")]
    await wait_done(await client.subscriptions.update_resource_tags(sid, tags))
    assert windows.mode == MaintenanceMode.AUTOMATIC

    [db] = await client.databases.list(sid)
    await wait_done(await client.databases.delete(sid, db.database_id, confirm=True))
    await client.databases.wait_until_gone(sid, db.database_id)
    await wait_done(await client.subscriptions.delete(sid, confirm=True))
    await client.subscriptions.wait_until_gone(sid)
    assert await client.subscriptions.list() == []


async def test_tasks(client: AsyncClient) -> None:
    handles: list[TaskHandle] = [
        await client.acl.redis_rules.create(AclRedisRuleSpec(name=f"r{i}", redis_rule="+@read ~*"))
        for i in range(3)
    ]
    ids: list[str] = [h.task_id for h in handles]
    seen: Task = await client.tasks.get(ids[0])
    remembered: Task | None = client.tasks.last_seen(ids[0])
    assert_type(client.tasks.last_seen(ids[0]), Task | None)
    done: Task = await client.tasks.wait(ids[0])
    assert_type(await client.tasks.wait(ids[0]), Task)
    stream: AsyncIterator[Task] = client.tasks.as_completed(ids[1:])
    finished: list[Task] = [task async for task in stream]
    recent: list[Task] = await client.tasks.list()
    assert remembered is not None
    assert seen.task_id == done.task_id == remembered.task_id == ids[0]
    assert sorted(t.task_id for t in finished) == sorted(ids[1:])
    assert {t.task_id for t in recent} >= set(ids)


# -- Pro databases ----------------------------------------------------------------------------
async def test_databases(client: AsyncClient, fake: FakeRedisCloud) -> None:
    sid = await active_pro(client, pro_plan("dbs", "us-east-1"))
    spec = DatabaseCreateSpec(name="typed", dataset_size_in_gb=1)
    priced: CostEstimate = await client.databases.estimate_create(sid, spec)
    did = await wait_created(await client.databases.create(sid, spec))
    active: Database = await client.databases.wait_until_active(sid, did)
    assert_type(active, Database)
    one: Database = await client.databases.get(sid, did)
    every: list[Database] = await client.databases.list(sid)
    walked: list[Database] = [db async for db in client.databases.iterate(sid, page_size=1)]
    page: DatabaseList = await client.databases.list_page(sid, offset=0, limit=10)
    found: Database | None = await client.databases.find(sid, "typed")
    assert priced.total() > 0
    assert found is not None
    assert (active.database_id, one.database_id, found.database_id) == (did, did, did)
    assert [db.database_id for db in every] == [db.database_id for db in walked]
    assert [s.subscription_id for s in page.subscription] == [sid]

    bigger = DatabaseUpdateSpec(dataset_size_in_gb=2)
    repriced: CostEstimate = await client.databases.estimate_update(sid, did, bigger)
    await wait_done(await client.databases.update(sid, did, bigger))
    await client.databases.wait_until_active(sid, did)
    assert repriced.total() > priced.total()

    backup = DatabaseBackupSpec(adhoc_backup_path="s3://backups/typed")
    await wait_done(await client.databases.backup(sid, did, backup))
    backed: BackupStatus = await client.databases.backup_status(sid, did)
    dump = DatabaseImportSpec(source_type="http", import_from_uri=["https://example.com/a.rdb"])
    await wait_done(await client.databases.import_data(sid, did, dump, confirm=True))
    await client.databases.wait_until_active(sid, did)
    imported: ImportStatus = await client.databases.import_status(sid, did)
    assert (backed.status in ("in-progress", "success"), imported.status) == (True, "success")

    none: list[DatabaseTag] = await client.databases.tags(sid, did)
    added: DatabaseTag = await client.databases.add_tag(sid, did, Tag(key="env", value="dev"))
    changed: DatabaseTag = await client.databases.update_tag(sid, did, "env", "prod")
    replaced: list[DatabaseTag] = await client.databases.replace_tags(
        sid, did, [Tag(key="env", value="prod"), Tag(key="team", value="core")]
    )
    assert_type(await client.databases.delete_tag(sid, did, "team", confirm=True), None)
    assert (none, added.value, changed.value, len(replaced)) == ([], "dev", "prod", 2)

    certificate: DatabaseCertificate = await client.databases.certificate(sid, did)
    slow: list[SlowLogEntry] = await client.databases.slow_log(sid, did)
    assert certificate.public_certificate_pem_string
    assert slow
    fake.stop_traffic(sid, did, "redirected")
    stopped: TrafficState = await client.databases.traffic(sid, did)
    await client.databases.resume_traffic(sid, did)
    assert stopped.can_resume is True

    targets: list[str] = await client.databases.available_target_versions(sid, did)
    await wait_done(await client.databases.upgrade(sid, did, targets[0]))
    upgrading: UpgradeStatus = await client.databases.upgrade_status(sid, did)
    assert upgrading.target_redis_version == targets[0]
    await client.databases.wait_until_active(sid, did)

    await wait_done(await client.databases.delete(sid, did, confirm=True))
    await client.databases.wait_until_gone(sid, did)


# -- Active-Active --------------------------------------------------------------------------
async def test_active_active(client: AsyncClient) -> None:
    sid = await active_pro(client, pro_plan("aa", "us-east-1", "eu-west-1"))
    [db] = await client.databases.list(sid)
    regions: list[ActiveActiveRegion] = await client.active_active.list_regions(sid)
    assert [r.region for r in regions] == ["us-east-1", "eu-west-1"]

    region = ActiveActiveRegionSpec(region="us-west-2", deployment_cidr="10.0.2.0/24")
    added: CostEstimate = await client.active_active.estimate_add_region(sid, region)
    await wait_done(await client.active_active.add_region(sid, region))
    await client.subscriptions.wait_until_active(sid)
    removed: CostEstimate = await client.active_active.estimate_delete_regions(sid, ["us-west-2"])
    await wait_done(await client.active_active.delete_regions(sid, ["us-west-2"], confirm=True))
    await client.subscriptions.wait_until_active(sid)
    assert added.total() > removed.total()

    change = ActiveActiveDatabaseUpdateSpec(global_data_persistence="aof-every-1-second")
    priced: CostEstimate = await client.active_active.estimate_update_database_regions(
        sid, db.database_id, change
    )
    await wait_done(await client.active_active.update_database_regions(sid, db.database_id, change))
    await client.databases.wait_until_active(sid, db.database_id)
    assert priced.pricing

    # Flushing, and the per-region forms of backup and slow log, are for Active-Active.
    await wait_done(await client.databases.flush(sid, db.database_id, confirm=True))
    await wait_done(await client.databases.flush_post(sid, db.database_id, confirm=True))
    backup = DatabaseBackupSpec(region_name="eu-west-1", adhoc_backup_path="s3://backups/geo")
    await wait_done(await client.databases.backup(sid, db.database_id, backup))
    status: BackupStatus = await client.databases.backup_status(
        sid, db.database_id, region_name="eu-west-1"
    )
    slow: list[SlowLogEntry] = await client.databases.slow_log(
        sid, db.database_id, region_name="eu-west-1"
    )
    assert status.status in ("in-progress", "success")
    assert slow
