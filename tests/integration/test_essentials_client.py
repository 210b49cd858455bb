"""Essentials plans, subscriptions, databases and every database operation, end to end
against the simulator (strict decoding: a field the models do not declare fails)."""

from __future__ import annotations

import asyncio

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
from redis_cloud_async.models.database_operations import DatabaseBackupSpec, DatabaseImportSpec
from redis_cloud_async.models.essentials import (
    EssentialsDatabaseCreateSpec,
    EssentialsDatabaseUpdateSpec,
    EssentialsSubscriptionCreateSpec,
    EssentialsSubscriptionUpdateSpec,
)
from redis_cloud_async.models.subscriptions import DatabaseModuleSpec
from redis_cloud_async.testing import FakeRedisCloud

#: Simulator plans in AWS us-east-1: a free 30MB plan (one database), 5GB (four).
FREE_30MB = 98000
STANDARD_1GB = 98002
STANDARD_5GB = 98004
MULTI_AZ_12GB = 98005
SUB = "/fixed/subscriptions/{subscriptionId}"
DB = SUB + "/databases/{databaseId}"


async def _subscription(client: AsyncClient, name: str = "ess", plan_id: int = STANDARD_5GB) -> int:
    spec = EssentialsSubscriptionCreateSpec(name=name, plan_id=plan_id)
    task = await (await client.essentials.subscriptions.create(spec)).wait()
    assert task.resource_id is not None
    await client.essentials.subscriptions.wait_until_active(task.resource_id)
    return task.resource_id


async def _database(client: AsyncClient, sid: int, name: str = "db", **settings: object) -> int:
    spec = EssentialsDatabaseCreateSpec(name=name, **settings)  # type: ignore[arg-type]
    task = await (await client.essentials.databases.create(sid, spec)).wait()
    assert task.resource_id is not None
    await client.essentials.databases.wait_until_active(sid, task.resource_id)
    return task.resource_id


# -- plans ------------------------------------------------------------------------------
async def test_plans_are_listed_filtered_and_read_one_by_one(client: AsyncClient) -> None:
    plans = await client.essentials.plans.list()
    assert {plan.provider for plan in plans} == {"AWS", "GCP", "AZURE"}
    gcp = await client.essentials.plans.list(provider="GCP")
    assert gcp
    assert all(plan.provider == "GCP" for plan in gcp)
    azure = await client.essentials.plans.list(provider="Azure")  # spelled AZURE on the wire
    assert azure
    assert all(plan.provider == "AZURE" for plan in azure)
    assert len(await client.essentials.plans.list(redis_flex=False)) == len(plans)
    assert await client.essentials.plans.list(redis_flex=True) == []

    plan = await client.essentials.plans.get(STANDARD_5GB)
    assert (plan.name, plan.size, plan.size_measurement_unit) == ("Standard 5GB", 5, "GB")
    assert plan.maximum_databases == 4
    assert plan.support_data_persistence is True
    found = await client.essentials.plans.find("Standard 5GB", provider="AWS", region="us-east-1")
    assert found == plan
    assert await client.essentials.plans.find("Platinum 1TB") is None
    with pytest.raises(NotFoundError):
        await client.essentials.plans.get(1)


async def test_plans_for_a_subscription_share_its_cloud_and_region(client: AsyncClient) -> None:
    sid = await _subscription(client, plan_id=STANDARD_1GB)
    plans = await client.essentials.plans.list_for_subscription(sid)
    assert STANDARD_5GB in {plan.id for plan in plans}
    assert {(plan.provider, plan.region) for plan in plans} == {("AWS", "us-east-1")}


async def test_an_unknown_plan_provider_is_refused_before_sending(
    client: AsyncClient, fake: FakeRedisCloud
) -> None:
    with pytest.raises(ValidationError) as info:
        await client.essentials.plans.list(provider="IBM")
    assert info.value.field == "provider"
    assert fake.stats.count(route="/fixed/plans") == 0


# -- subscriptions --------------------------------------------------------------------
async def test_subscription_lifecycle(client: AsyncClient) -> None:
    subs = client.essentials.subscriptions
    sid = await _subscription(client, name="team-cache", plan_id=STANDARD_1GB)

    sub = await subs.get(sid)
    assert (sub.name, sub.status, sub.plan_id) == ("team-cache", "active", STANDARD_1GB)
    assert (sub.provider, sub.region, sub.size) == ("AWS", "us-east-1", 1)
    assert sid in [s.id for s in await subs.list()]
    assert (await subs.find("team-cache")) == sub
    assert await subs.find("nobody") is None

    await (await subs.update(sid, EssentialsSubscriptionUpdateSpec(name="renamed"))).wait()
    await (await subs.update(sid, EssentialsSubscriptionUpdateSpec(plan_id=STANDARD_5GB))).wait()
    sub = await subs.wait_until_active(sid)
    assert (sub.name, sub.plan_id, sub.size, sub.maximum_databases) == (
        "renamed",
        STANDARD_5GB,
        5,
        4,
    )

    versions = await subs.redis_versions(sid)
    assert [v.version for v in versions if v.is_default] == ["7.4"]

    await (await subs.delete(sid, confirm=True)).wait()
    await subs.wait_until_gone(sid)
    assert sid not in [s.id for s in await subs.list()]
    with pytest.raises(NotFoundError):
        await subs.get(sid)


async def test_subscription_names_are_unique(client: AsyncClient) -> None:
    await _subscription(client, name="unique")
    with pytest.raises(ConflictError):
        await client.essentials.subscriptions.create(
            EssentialsSubscriptionCreateSpec(name="unique", plan_id=STANDARD_1GB)
        )


async def test_a_plan_of_another_region_is_refused_by_the_task(client: AsyncClient) -> None:
    sid = await _subscription(client, plan_id=STANDARD_1GB)
    eu_plan = await client.essentials.plans.find("Standard 5GB", region="eu-west-1")
    assert eu_plan is not None
    handle = await client.essentials.subscriptions.update(
        sid, EssentialsSubscriptionUpdateSpec(plan_id=eu_plan.id)
    )
    with pytest.raises(TaskFailedError) as info:
        await handle.wait()
    assert info.value.error_type == (
        "FIXED_MISMATCH_BETWEEN_REQUEST_PLAN_REGION_AND_SUBSCRIPTION_REGION"
    )
    assert info.value.task_id == handle.task_id


async def test_a_subscription_with_databases_cannot_be_deleted(client: AsyncClient) -> None:
    sid = await _subscription(client)
    await _database(client, sid)
    handle = await client.essentials.subscriptions.delete(sid, confirm=True)
    with pytest.raises(TaskFailedError) as info:
        await handle.wait()
    assert info.value.error_type == "SUBSCRIPTION_IN_USE"


# -- databases --------------------------------------------------------------------------
async def test_database_lifecycle(client: AsyncClient) -> None:
    dbs = client.essentials.databases
    sid = await _subscription(client)
    spec = EssentialsDatabaseCreateSpec(
        name="sessions",
        data_persistence="aof-every-1-second",
        data_eviction_policy="allkeys-lru",
        replication=True,
        source_ips=["10.0.0.0/16"],
        password="s3cret-Passw0rd",
    )
    handle = await dbs.create(sid, spec)
    task = await handle.wait()
    assert task.resource_id is not None
    did = task.resource_id
    db = await dbs.wait_until_active(sid, did)
    assert (db.name, db.status, db.data_persistence) == ("sessions", "active", "aof-every-1-second")
    assert db.data_eviction_policy == "allkeys-lru"
    assert db.security is not None
    assert db.security.source_ips == ["10.0.0.0/16"]
    assert db.public_endpoint

    # The plan sizes the database: 5GB here.
    assert (db.plan_memory_limit, db.memory_limit_measurement_unit) == (5, "GB")
    assert db.dataset_size_in_gb == 5

    assert [d.database_id for d in await dbs.list(sid)] == [did]
    assert (await dbs.find(sid, "sessions")) is not None
    assert await dbs.find(sid, "nope") is None
    page = await dbs.list_page(sid)
    assert page.subscription is not None
    assert page.subscription.subscription_id == sid
    assert [d.database_id for d in page.databases] == [did]

    got = await dbs.get(sid, did)
    assert got.password == "s3cret-Passw0rd"
    assert "s3cret-Passw0rd" not in repr(got)
    assert (await dbs.list(sid))[0].password is None  # lists never carry it

    update = EssentialsDatabaseUpdateSpec(
        name="sessions-v2", data_eviction_policy="noeviction", enable_default_user=False
    )
    await (await dbs.update(sid, did, update)).wait()
    db = await dbs.wait_until_active(sid, did)
    assert (db.name, db.data_eviction_policy) == ("sessions-v2", "noeviction")
    assert db.security is not None
    assert db.security.default_user_enabled is False

    await (await dbs.delete(sid, did, confirm=True)).wait()
    await dbs.wait_until_gone(sid, did)
    assert await dbs.list(sid) == []
    with pytest.raises(NotFoundError):
        await dbs.get(sid, did)
    with pytest.raises(NotFoundError):
        await dbs.list_page(sid)  # a page past the end


async def test_database_pages_are_walked_on_demand(client: AsyncClient) -> None:
    sid = await _subscription(client, plan_id=MULTI_AZ_12GB)
    ids = [await _database(client, sid, f"db-{i}") for i in range(3)]
    walked = [db.database_id async for db in client.essentials.databases.iterate(sid, page_size=2)]
    assert walked == ids
    second = await client.essentials.databases.list_page(sid, offset=2, limit=2)
    assert [db.database_id for db in second.databases] == ids[2:]
    assert second.subscription is not None
    assert second.subscription.number_of_databases == 3


async def test_writes_to_one_subscription_take_turns(client: AsyncClient) -> None:
    """Two creates at once: the lane sends the second after the first settled, instead of
    letting the service refuse it with SUBSCRIPTION_NOT_ACTIVE."""
    sid = await _subscription(client)
    handles = await asyncio.gather(
        client.essentials.databases.create(sid, EssentialsDatabaseCreateSpec(name="one")),
        client.essentials.databases.create(sid, EssentialsDatabaseCreateSpec(name="two")),
    )
    tasks = await asyncio.gather(*(h.wait() for h in handles))
    assert all(task.succeeded for task in tasks)
    names = sorted(db.name or "" for db in await client.essentials.databases.list(sid))
    assert names == ["one", "two"]


async def test_the_plan_limits_the_number_of_databases(client: AsyncClient) -> None:
    sid = await _subscription(client, plan_id=STANDARD_1GB)
    await _database(client, sid, "only")
    handle = await client.essentials.databases.create(
        sid, EssentialsDatabaseCreateSpec(name="second")
    )
    with pytest.raises(TaskFailedError) as info:
        await handle.wait()
    assert info.value.error_type == "FIXED_DATABASE_FIXED_SUBSCRIPTION_REACHED_MAX_DATABASES_COUNT"


async def test_database_names_are_unique_in_a_subscription(client: AsyncClient) -> None:
    sid = await _subscription(client)
    await _database(client, sid, "cache")
    with pytest.raises(ConflictError):
        await client.essentials.databases.create(sid, EssentialsDatabaseCreateSpec(name="cache"))


async def test_modules_and_alerts_show_on_the_database(client: AsyncClient) -> None:
    from redis_cloud_async.models.databases import DatabaseAlertSpec

    sid = await _subscription(client)
    did = await _database(
        client,
        sid,
        "json",
        protocol="redis",
        modules=[DatabaseModuleSpec(name="RedisJSON")],
        alerts=[DatabaseAlertSpec(name="datasets-size", value=75)],
    )
    db = await client.essentials.databases.get(sid, did)
    assert [m.name for m in db.modules] == ["RedisJSON"]
    assert [(a.name, a.value, a.default_value) for a in db.alerts] == [("datasets-size", 75, 80)]


# -- confirmation and local validation: nothing is sent ----------------------------------
async def test_destructive_calls_need_confirmation_and_send_nothing(
    client: AsyncClient, fake: FakeRedisCloud
) -> None:
    with pytest.raises(ConfirmationRequiredError) as info:
        await client.essentials.subscriptions.delete(1)
    assert info.value.field == "confirm"
    with pytest.raises(ConfirmationRequiredError):
        await client.essentials.databases.delete(1, 2)
    with pytest.raises(ConfirmationRequiredError):
        await client.essentials.databases.delete_tag(1, 2, "env")
    spec = DatabaseImportSpec(source_type="http", import_from_uri=["https://example.com/a.rdb"])
    with pytest.raises(ConfirmationRequiredError):
        await client.essentials.databases.import_data(1, 2, spec)
    assert fake.stats.count() == 0


async def test_invalid_requests_name_the_field_and_send_nothing(
    client: AsyncClient, fake: FakeRedisCloud
) -> None:
    dbs = client.essentials.databases
    with pytest.raises(ValidationError) as info:
        await dbs.upgrade(1, 2, "latest")
    assert info.value.field == "DatabaseUpgradeSpec.target_redis_version"
    with pytest.raises(ValidationError) as info:
        await dbs.backup(1, 2, DatabaseBackupSpec(region_name="us-east-1"))
    assert info.value.field == "DatabaseBackupSpec.region_name"
    with pytest.raises(ValidationError) as info:
        await dbs.add_tag(1, 2, Tag(key="env", value=""))
    assert info.value.field == "Tag.value"
    with pytest.raises(ValidationError) as info:
        await dbs.update_tag(1, 2, "env", "x" * 300)
    assert info.value.field == "TagValueSpec.value"
    with pytest.raises(ValidationError) as info:
        await dbs.replace_tags(1, 2, [Tag(key="a", value="1"), Tag(key="a", value="2")])
    assert info.value.field.startswith("DatabaseTagsSpec.tags")

    # A spec changed after it was built is checked again right before sending.
    spec = EssentialsDatabaseCreateSpec(name="fine")
    object.__setattr__(spec, "name", "not_fine")
    with pytest.raises(ValidationError) as info:
        await dbs.create(1, spec)
    assert info.value.field == "EssentialsDatabaseCreateSpec.name"
    assert fake.stats.count() == 0


# -- backup and import ----------------------------------------------------------------
async def test_backup_to_the_periodic_path_then_read_its_status(client: AsyncClient) -> None:
    dbs = client.essentials.databases
    sid = await _subscription(client)
    did = await _database(client, sid, periodic_backup_path="s3://backups/ess")
    db = await dbs.get(sid, did)
    assert db.backup is not None
    assert db.backup.remote_backup_enabled is True
    assert (await dbs.backup_status(sid, did)).status == "none"

    await (await dbs.backup(sid, did)).wait()
    await dbs.wait_until_active(sid, did)
    status = await dbs.backup_status(sid, did)
    assert status.status == "success"
    assert status.last_backup_time


async def test_backup_needs_a_path(client: AsyncClient) -> None:
    dbs = client.essentials.databases
    sid = await _subscription(client)
    did = await _database(client, sid)
    with pytest.raises(TaskFailedError) as info:
        await (await dbs.backup(sid, did)).wait()
    assert info.value.error_type == "DATABASE_BACKUP_NOT_CONFIGURED"
    spec = DatabaseBackupSpec(adhoc_backup_path="s3://adhoc/once")
    await (await dbs.backup(sid, did, spec)).wait()
    assert (await dbs.backup_status(sid, did)).status in ("in-progress", "success")


async def test_import_then_read_its_status(client: AsyncClient) -> None:
    dbs = client.essentials.databases
    sid = await _subscription(client)
    did = await _database(client, sid)
    assert (await dbs.import_status(sid, did)).status == "none"
    spec = DatabaseImportSpec(source_type="http", import_from_uri=["https://example.com/dump.rdb"])
    await (await dbs.import_data(sid, did, spec, confirm=True)).wait()
    await dbs.wait_until_active(sid, did)
    status = await dbs.import_status(sid, did)
    assert status.status == "success"
    assert status.last_import_time


# -- tags -------------------------------------------------------------------------------
async def test_tags_are_added_changed_replaced_and_removed(client: AsyncClient) -> None:
    dbs = client.essentials.databases
    sid = await _subscription(client)
    did = await _database(client, sid)
    assert await dbs.tags(sid, did) == []

    added = await dbs.add_tag(sid, did, Tag(key="env", value="dev"))
    assert (added.key, added.value) == ("env", "dev")
    with pytest.raises(ConflictError):
        await dbs.add_tag(sid, did, Tag(key="env", value="prod"))

    changed = await dbs.update_tag(sid, did, "env", "staging")
    assert changed.value == "staging"
    assert [(t.key, t.value) for t in await dbs.tags(sid, did)] == [("env", "staging")]

    replaced = await dbs.replace_tags(
        sid, did, [Tag(key="team", value="web"), Tag(key="cost-center", value="42")]
    )
    assert sorted(t.key for t in replaced) == ["cost-center", "team"]
    assert sorted(t.key for t in await dbs.tags(sid, did)) == ["cost-center", "team"]

    await dbs.delete_tag(sid, did, "team", confirm=True)
    assert [t.key for t in await dbs.tags(sid, did)] == ["cost-center"]
    with pytest.raises(NotFoundError):
        await dbs.update_tag(sid, did, "team", "gone")


# -- diagnostics, traffic and versions -------------------------------------------------
async def test_slow_log(client: AsyncClient) -> None:
    sid = await _subscription(client)
    did = await _database(client, sid)
    entries = await client.essentials.databases.slow_log(sid, did)
    assert entries
    assert all(entry.duration and entry.arguments for entry in entries)


async def test_traffic_of_a_stopped_redirect_source_can_resume(
    client: AsyncClient, fake: FakeRedisCloud
) -> None:
    dbs = client.essentials.databases
    sid = await _subscription(client)
    did = await _database(client, sid)
    with pytest.raises(NotFoundError):
        await dbs.traffic(sid, did)  # never a redirect source

    fake.stop_traffic(sid, did, "redirected")
    state = await dbs.traffic(sid, did)
    assert (state.bdb_id, state.can_resume, state.stop_reason) == (did, True, "redirected")
    await dbs.resume_traffic(sid, did)
    assert (await dbs.traffic(sid, did)).traffic_status == "active"


async def test_upgrade_to_an_available_version(client: AsyncClient) -> None:
    dbs = client.essentials.databases
    sid = await _subscription(client)
    did = await _database(client, sid, redis_version="7.2")
    with pytest.raises(NotFoundError):
        await dbs.upgrade_status(sid, did)  # none asked yet

    targets = await dbs.available_target_versions(sid, did)
    assert targets == ["7.4", "8.0"]
    await (await dbs.upgrade(sid, did, "7.4")).wait()
    db = await dbs.wait_until_active(sid, did)
    assert db.redis_version == "7.4"
    status = await dbs.upgrade_status(sid, did)
    assert (status.target_redis_version, status.upgrade_status, status.progress) == (
        "7.4",
        "done",
        100,
    )
