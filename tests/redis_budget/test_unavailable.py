"""`RedisRateBudget` when its Redis cannot be reached: fail fast (the default), or go on
within a local fallback budget and ask Redis again later."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import pytest
import redis

from redis_cloud_async import RateBudget, RateBudgetUnavailableError, RedisRateBudget
from redis_cloud_async.testing import FakeRedisCloud
from tests.redis_budget.test_budget import _closed_loopback_port

API_KEY = "test-key"  # the simulator's


def unreachable(**options: Any) -> RedisRateBudget:
    url = f"redis://127.0.0.1:{_closed_loopback_port()}/0"
    return RedisRateBudget.from_url(url, 10, api_key=API_KEY, period=6.0, **options)


async def test_by_default_a_call_fails_with_our_error_and_sends_nothing() -> None:
    fake = FakeRedisCloud()
    async with unreachable() as budget, fake.client(rate_budget=budget) as client:
        with pytest.raises(RateBudgetUnavailableError, match="not sent"):
            await client.subscriptions.list()
    assert fake.stats.count() == 0


async def test_with_a_fallback_calls_go_on_within_the_local_budget(
    caplog: pytest.LogCaptureFixture,
) -> None:
    fake = FakeRedisCloud()
    local = RateBudget(5, period=6.0)
    with caplog.at_level(logging.WARNING, "redis_cloud_async.redis_budget"):
        async with (
            unreachable(fallback=local) as budget,
            fake.client(rate_budget=budget) as client,
        ):
            for _ in range(3):
                assert await client.subscriptions.list() == []
    assert (budget.fallback_grants, local.granted, budget.granted) == (3, 3, 0)
    assert fake.stats.count() == 3
    # One failed call to Redis, then the fallback until it is time to ask again.
    assert caplog.text.count("using the local fallback budget") == 1


async def test_redis_is_asked_again_a_twelfth_of_a_period_later(redis_url: str) -> None:
    budget = RedisRateBudget.from_url(
        redis_url, 10, api_key=API_KEY, period=6.0, fallback=RateBudget(10, period=6.0)
    )
    take = budget._window.take
    failures = [redis.ConnectionError("down")]

    async def flaky_take() -> Any:
        if failures:
            raise failures.pop()
        return await take()

    budget._window.take = flaky_take  # type: ignore[method-assign]
    async with budget:
        await budget.acquire()  # Redis down: the fallback
        await budget.acquire()  # still within the fallback's interval
        assert (budget.fallback_grants, budget.granted) == (2, 0)
        await asyncio.sleep(0.5)  # 6 s / 12
        await budget.acquire()  # Redis again
        assert (budget.fallback_grants, budget.granted) == (2, 1)
