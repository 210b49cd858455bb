"""Typed calls of `client.essentials`: plans, subscriptions, databases (see
test_public_api_typing.py for why)."""

from __future__ import annotations

from typing import assert_type

import pytest

from redis_cloud_async import (
    AsyncClient,
    BackupStatus,
    DatabaseImportSpec,
    DatabaseTag,
    EssentialsDatabase,
    EssentialsDatabaseCreateSpec,
    EssentialsDatabaseList,
    EssentialsDatabaseUpdateSpec,
    EssentialsPlan,
    EssentialsSubscription,
    EssentialsSubscriptionCreateSpec,
    EssentialsSubscriptionUpdateSpec,
    ImportStatus,
    RedisVersion,
    SlowLogEntry,
    Tag,
    TrafficState,
    UpgradeStatus,
)
from redis_cloud_async.testing import FakeRedisCloud
from tests.helpers.typed_api import (
    wait_created,
    wait_done,
)

pytestmark = pytest.mark.looptime(end=3600)


# -- Essentials ---------------------------------------------------------------------------
async def test_essentials(client: AsyncClient, fake: FakeRedisCloud) -> None:
    plans: list[EssentialsPlan] = await client.essentials.plans.list(
        provider="AWS", redis_flex=False
    )
    plan: EssentialsPlan | None = await client.essentials.plans.find(
        "Standard 5GB", provider="AWS", region="us-east-1"
    )
    assert plan is not None
    same: EssentialsPlan = await client.essentials.plans.get(plan.id)
    assert plan in plans
    assert same == plan

    create = EssentialsSubscriptionCreateSpec(name="ess", plan_id=plan.id)
    sid = await wait_created(await client.essentials.subscriptions.create(create))
    active: EssentialsSubscription = await client.essentials.subscriptions.wait_until_active(sid)
    moves: list[EssentialsPlan] = await client.essentials.plans.list_for_subscription(sid)
    subs: list[EssentialsSubscription] = await client.essentials.subscriptions.list()
    one: EssentialsSubscription = await client.essentials.subscriptions.get(sid)
    found: EssentialsSubscription | None = await client.essentials.subscriptions.find("ess")
    assert found is not None
    assert [s.id for s in subs] == [sid]
    assert active.id == one.id == found.id == sid
    assert plan.id in {p.id for p in moves}
    rename = EssentialsSubscriptionUpdateSpec(name="ess-2")
    await wait_done(await client.essentials.subscriptions.update(sid, rename))
    await client.essentials.subscriptions.wait_until_active(sid)
    versions: list[RedisVersion] = await client.essentials.subscriptions.redis_versions(sid)
    assert versions

    db_spec = EssentialsDatabaseCreateSpec(
        name="cache", redis_version="7.2", periodic_backup_path="s3://backups/ess"
    )
    did = await wait_created(await client.essentials.databases.create(sid, db_spec))
    db: EssentialsDatabase = await client.essentials.databases.wait_until_active(sid, did)
    assert_type(db, EssentialsDatabase)
    every: list[EssentialsDatabase] = await client.essentials.databases.list(sid)
    walked: list[EssentialsDatabase] = [
        d async for d in client.essentials.databases.iterate(sid, page_size=1)
    ]
    page: EssentialsDatabaseList = await client.essentials.databases.list_page(sid, limit=10)
    got: EssentialsDatabase = await client.essentials.databases.get(sid, did)
    named: EssentialsDatabase | None = await client.essentials.databases.find(sid, "cache")
    assert named is not None
    assert [d.database_id for d in every] == [d.database_id for d in walked] == [did]
    assert page.subscription is not None
    assert (db.name, got.name, named.name) == ("cache", "cache", "cache")
    evict = EssentialsDatabaseUpdateSpec(data_eviction_policy="allkeys-lru")
    await wait_done(await client.essentials.databases.update(sid, did, evict))
    await client.essentials.databases.wait_until_active(sid, did)

    await wait_done(await client.essentials.databases.backup(sid, did))
    await client.essentials.databases.wait_until_active(sid, did)
    backed: BackupStatus = await client.essentials.databases.backup_status(sid, did)
    dump = DatabaseImportSpec(source_type="http", import_from_uri=["https://example.com/a.rdb"])
    await wait_done(await client.essentials.databases.import_data(sid, did, dump, confirm=True))
    await client.essentials.databases.wait_until_active(sid, did)
    imported: ImportStatus = await client.essentials.databases.import_status(sid, did)
    assert (backed.status, imported.status) == ("success", "success")

    none: list[DatabaseTag] = await client.essentials.databases.tags(sid, did)
    added: DatabaseTag = await client.essentials.databases.add_tag(
        sid, did, Tag(key="env", value="dev")
    )
    changed: DatabaseTag = await client.essentials.databases.update_tag(sid, did, "env", "prod")
    replaced: list[DatabaseTag] = await client.essentials.databases.replace_tags(
        sid, did, [Tag(key="team", value="web")]
    )
    await client.essentials.databases.delete_tag(sid, did, "team", confirm=True)
    assert (none, added.value, changed.value, len(replaced)) == ([], "dev", "prod", 1)

    slow: list[SlowLogEntry] = await client.essentials.databases.slow_log(sid, did)
    fake.stop_traffic(sid, did, "redirected")
    stopped: TrafficState = await client.essentials.databases.traffic(sid, did)
    await client.essentials.databases.resume_traffic(sid, did)
    assert slow
    assert stopped.can_resume is True

    targets: list[str] = await client.essentials.databases.available_target_versions(sid, did)
    await wait_done(await client.essentials.databases.upgrade(sid, did, targets[0]))
    await client.essentials.databases.wait_until_active(sid, did)
    upgraded: UpgradeStatus = await client.essentials.databases.upgrade_status(sid, did)
    assert upgraded.target_redis_version == targets[0]

    await wait_done(await client.essentials.databases.delete(sid, did, confirm=True))
    await client.essentials.databases.wait_until_gone(sid, did)
    await wait_done(await client.essentials.subscriptions.delete(sid, confirm=True))
    await client.essentials.subscriptions.wait_until_gone(sid)
