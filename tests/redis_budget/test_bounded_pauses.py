"""A pause kept in Redis is bounded (issue 14, point 2): never longer than the window's
hold (the rate period plus the margin), whoever wrote it.

A 429 with a 1e9 s hint used to pause every process on the key, across restarts; a pause
key written by an older version (or any other writer) with a huge expiry, or none, must
not stop anyone for longer than the bound either.
"""

from __future__ import annotations

import asyncio

from redis.asyncio import Redis

from redis_cloud_async.redis_budget import DEFAULT_PREFIX, RedisRateBudget
from redis_cloud_async.redis_budget._window import Grant, SharedWindow, Wait, key_digest

API_KEY = "account-key-under-test"
HOLD = 0.5


def window(redis: Redis) -> SharedWindow:
    return SharedWindow(redis, key_digest(API_KEY), capacity=5, hold=HOLD, prefix=DEFAULT_PREFIX)


async def test_a_huge_pause_is_stored_for_the_hold_at_most(redis_client: Redis) -> None:
    shared = window(redis_client)
    assert await shared.pause(1e9) <= HOLD
    assert 0 < await redis_client.pttl(shared.pause_key) <= HOLD * 1000


async def test_a_huge_pause_written_by_another_writer_is_cut_to_the_hold(
    redis_client: Redis,
) -> None:
    shared = window(redis_client)
    await redis_client.set(shared.pause_key, "1", px=10**12)  # 31 years, as an old version
    answer = await shared.take()
    assert isinstance(answer, Wait)
    assert answer.seconds <= HOLD
    assert 0 < await redis_client.pttl(shared.pause_key) <= HOLD * 1000  # for everyone
    await asyncio.sleep(HOLD + 0.05)
    assert isinstance(await shared.take(), Grant)


async def test_a_pause_without_an_end_is_given_one(redis_client: Redis) -> None:
    shared = window(redis_client)
    await redis_client.set(shared.pause_key, "1")  # no expiry at all
    assert await shared.pause(0.1) <= HOLD
    assert 0 < await redis_client.pttl(shared.pause_key) <= HOLD * 1000


async def test_grants_scored_in_the_future_make_no_wait_longer_than_the_hold(
    redis_client: Redis,
) -> None:
    shared = window(redis_client)
    far = 10**16  # microseconds: a writer whose clock is centuries ahead
    await redis_client.zadd(shared.grants_key, {str(n): far for n in range(5)})
    answer = await shared.take()
    assert isinstance(answer, Wait)
    assert answer.seconds <= HOLD


async def test_a_429_with_a_huge_hint_pauses_every_process_one_period_at_most(
    redis_client: Redis, redis_url: str
) -> None:
    other = Redis.from_url(redis_url)
    try:
        a = RedisRateBudget(redis_client, 400, api_key=API_KEY, period=0.4, margin=0.1)
        b = RedisRateBudget(other, 400, api_key=API_KEY, period=0.4, margin=0.1)
        assert a.pause(1e9) == 0.5  # the period and the margin
        await a.aclose()  # the pause has reached Redis
        assert 0 < await redis_client.pttl(a._window.pause_key) <= 500
        await asyncio.wait_for(b.acquire(), timeout=5)  # not 31 years
    finally:
        await other.aclose()
