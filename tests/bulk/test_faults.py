"""Lost answers to writes: reconciled by name, never a duplicate."""

from __future__ import annotations

from redis_cloud_async.bulk import apply, destroy, sample_plan
from redis_cloud_async.testing import Faults
from tests.helpers.bulk import make_client, make_fake, mismatches

LOSSY_WRITES = {("POST", "*"): 0.05, ("PUT", "*"): 0.05, ("DELETE", "*"): 0.05}


async def test_lost_write_answers_end_with_every_item_created_once() -> None:
    plan = sample_plan(
        subscriptions=12,
        active_active=2,
        databases=4,
        later_databases=2,
        essentials=3,
        essentials_databases=3,
        acl=True,
        prefix="lossy",
    )
    fake = make_fake(4000, seed=7, faults=Faults(lost_response_rate=LOSSY_WRITES))
    async with make_client(fake) as client:
        result = await apply(client, plan, timeout=60)
        assert [o.describe() for o in result if not o.ok] == []
        assert fake.stats.faults["lost_response"] > 0, "the seed should lose some answers"
        assert fake.stats.duplicates() == {}
        assert mismatches(fake, plan) == []
        assert set(result.counts()) == {"created"}

        gone = await destroy(client, plan, confirm=True, timeout=60)
        assert [o.describe() for o in gone if not o.ok] == []
        assert not fake.sim.account.subscriptions
        assert not fake.sim.account.fixed_subscriptions
