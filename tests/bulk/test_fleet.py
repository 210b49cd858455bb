"""The issue's yardstick: a 24-subscription fleet at the speed the service's rules allow."""

from __future__ import annotations

import time

from redis_cloud_async.bulk import apply, lower_bound, sample_plan
from tests.helpers.bulk import RATE_WINDOW, RPM, make_client, make_fake, mismatches, writes_seen

#: 903 s per subscription wave at 800x: 8 waves of 3 take ~9 s.
SPEED = 800.0
#: How far from the lower bound a run may be (measured: ~1.05-1.08 on an idle machine).
MAX_RATIO = 1.15


async def test_a_fleet_of_24_subscriptions_reaches_the_plan_near_the_lower_bound() -> None:
    fake = make_fake(SPEED, seed=11)
    plan = sample_plan(subscriptions=24, active_active=4, databases=8)
    assert sum(1 for sub in plan.subscriptions if sub.active_active) == 4
    assert all(len(sub.spec.cloud_providers[0].regions) == 3 for sub in plan.subscriptions[:4])
    bound = lower_bound(plan, speed=SPEED, requests_per_minute=RPM, rate_window=RATE_WINDOW)
    async with make_client(fake) as client:
        began = time.perf_counter()
        result = await apply(client, plan)
        elapsed = time.perf_counter() - began
        ratio = bound.ratio(elapsed)
        print(
            f"\nfleet: {len(result)} items in {elapsed:.2f}s, lower bound {bound.seconds:.2f}s "
            f"({bound.limited_by}), ratio {ratio:.3f}, {client.stats.requests} requests, "
            f"{client.stats.rate_limited} 429s"
        )
        assert result.counts() == {"created": 24 * 9 + 4 * 3}  # with the AA regions
        assert client.stats.rate_limited == 0
        assert fake.stats.too_many_requests == 0
        assert mismatches(fake, plan) == []
        assert ratio < MAX_RATIO

        before = writes_seen(fake)
        again = await apply(client, plan)
        assert again.counts() == {"present": 24 * 9 + 4 * 3}
        assert again.writes == 0
        assert writes_seen(fake) == before
