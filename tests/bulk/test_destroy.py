"""`destroy` and `estimate`: the plan torn down in order, the plan priced."""

from __future__ import annotations

import pytest

from redis_cloud_async.bulk import Submitted, apply, destroy, estimate, sample_plan
from redis_cloud_async.bulk._events import Event
from redis_cloud_async.models import DatabaseCreateSpec
from tests.helpers.bulk import every_kind_plan, make_client, make_fake, writes_seen

SPEED = 18000.0


async def test_destroy_removes_children_first_and_is_idempotent() -> None:
    plan = every_kind_plan("gone")
    fake = make_fake(SPEED)
    seen: list[Event] = []
    async with make_client(fake) as client:
        assert (await apply(client, plan)).ok
        result = await destroy(client, plan, confirm=True, on_event=seen.append)
        assert [o.describe() for o in result if not o.ok] == []
        assert result.counts() == {"deleted": plan.items_count()}
        assert not fake.sim.account.subscriptions
        assert not fake.sim.account.fixed_subscriptions
        assert fake.stats.too_many_requests == 0
        order = [e.item for e in seen if isinstance(e, Submitted)]
        assert order.index("acl-user:gone-app") < order.index("acl-role:gone-reader")
        assert order.index("acl-role:gone-reader") < order.index("acl-rule:gone-readers")
        assert order.index("acl-role:gone-reader") < order.index("pro-database:gone-001/main")
        assert order.index("pro-database:gone-001/main") < order.index("pro-subscription:gone-001")

        before = writes_seen(fake)
        again = await destroy(client, plan, confirm=True)
        assert again.counts() == {"absent": plan.items_count()}
        assert writes_seen(fake) == before


async def test_a_subscription_with_unplanned_databases_is_kept() -> None:
    plan = sample_plan(subscriptions=1, active_active=0, databases=1, prefix="keep")
    fake = make_fake(SPEED)
    async with make_client(fake) as client:
        assert (await apply(client, plan)).ok
        sub = await client.subscriptions.find("keep-000")
        assert sub is not None
        handle = await client.databases.create(sub.id, DatabaseCreateSpec(name="theirs"))
        await client.databases.wait_until_active(sub.id, (await handle.wait()).resource_id or 0)
        result = await destroy(client, plan, confirm=True)
    assert result["pro-database:keep-000/main"].status == "deleted"
    kept = result["pro-subscription:keep-000"]
    assert kept.status == "failed"
    assert "SUBSCRIPTION_IN_USE" in str(kept.error)
    assert [db.name for db in fake.sim.account.subscriptions[sub.id].databases.values()] == [
        "theirs"
    ]


async def test_a_plan_is_priced_by_dry_runs_without_creating_anything() -> None:
    plan = sample_plan(
        subscriptions=3, active_active=1, databases=2, later_databases=1, essentials=2
    )
    fake = make_fake(SPEED)
    smaller = sample_plan(subscriptions=3, active_active=1, databases=2, essentials=2)
    async with make_client(fake) as client:
        priced = await estimate(client, plan)
        without_later = await estimate(client, smaller)
    names = {s.name for s in plan.subscriptions} | {s.name for s in plan.essentials}
    assert set(priced.subscriptions) == names
    assert priced.total("hour") > 0
    essentials = priced.subscriptions["fleet-essentials-000"]
    assert essentials.total("month") == pytest.approx(400)
    # Databases only a database create can make are priced too.
    assert priced.total("hour") > without_later.total("hour")
    assert not fake.sim.account.subscriptions
    assert fake.stats.count("POST", "/subscriptions") == 6
