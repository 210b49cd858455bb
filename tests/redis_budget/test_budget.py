"""`RedisRateBudget`: the client's rate budget, shared through a real Redis server.

Budgets on separate Redis connections stand for separate processes. Windows are scaled
down (fractions of a second) because the clock is the Redis server's real one.
"""

from __future__ import annotations

import asyncio
import importlib
import logging
import socket
import sys

import pytest
import redis
from redis.asyncio import Redis

from redis_cloud_async import ConfigurationError, RateBudgetUnavailableError, RedisRateBudget
from redis_cloud_async.redis_budget._window import Grant, Wait, key_digest
from redis_cloud_async.testing import FakeRedisCloud

API_KEY = "test-key"  # the simulator's


def budget(redis: Redis, capacity: int = 10, **options: float) -> RedisRateBudget:
    options = {"period": 30.0, "margin": 0.5, **options}
    return RedisRateBudget(redis, capacity, api_key=API_KEY, **options)


async def test_clients_in_two_processes_share_the_simulators_limit_without_a_429(
    redis_client: Redis, redis_url: str
) -> None:
    fake = FakeRedisCloud(requests_per_minute=6, rate_window=0.3, seed=0)
    other = Redis.from_url(redis_url)
    shared = [budget(r, 6, period=0.3, margin=0.05) for r in (redis_client, other)]
    try:
        async with (
            fake.client(rate_budget=shared[0]) as a,
            fake.client(rate_budget=shared[1]) as b,
            asyncio.TaskGroup() as tg,
        ):
            for client in (a, b):
                for _ in range(12):
                    tg.create_task(client.account.get())
        assert fake.stats.rate_limited == 0
        assert fake.stats.count(method="GET", route="/", status=200) == 24
        assert a.stats.rate_limited == b.stats.rate_limited == 0
        assert shared[0].granted + shared[1].granted == 24
    finally:
        await other.aclose()


async def test_a_pause_in_one_process_holds_the_others(redis_client: Redis, redis_url: str) -> None:
    other = Redis.from_url(redis_url)
    try:
        a, b = budget(redis_client, margin=0.05), budget(other, margin=0.05)
        assert a.pause(0.2) == pytest.approx(0.25)
        await a.aclose()  # the pause has reached Redis
        pause_key = a._window.pause_key
        assert await redis_client.pttl(pause_key) > 0
        await b.acquire()
        assert await redis_client.pttl(pause_key) == -2  # b went only once it had expired
        assert (a.pauses, b.pauses) == (1, 0)
        assert a.paused_time == pytest.approx(0.25)
    finally:
        await other.aclose()


async def test_the_remaining_header_marks_spent_what_others_used(redis_client: Redis) -> None:
    shared = budget(redis_client, capacity=10)
    await shared.acquire()
    shared.observe_remaining(12)  # more than the capacity: nothing to ask Redis
    shared.observe_remaining(6)
    shared.observe_remaining(4)  # the latest header wins
    await shared.aclose()
    assert shared.resynced == 5  # 10 - 1 ours - 4 left
    assert await shared.in_use() == 6


async def test_an_answer_holds_the_slot_of_the_request_that_acquired_it(
    redis_client: Redis,
) -> None:
    shared = budget(redis_client, capacity=10)

    async def request() -> float:  # as the send path does: acquire, send, observe
        await shared.acquire()
        granted = await redis_now(redis_client)
        await asyncio.sleep(0.05)  # the request's latency
        shared.observe_remaining(10)
        return granted

    granted = sorted(await asyncio.gather(request(), request()))
    await shared.aclose()
    grants = await redis_client.zrange(shared._window.grants_key, 0, -1, withscores=True)
    held_from = sorted(score / 1e6 for _, score in grants)
    assert len(held_from) == 2
    for grant_time, start in zip(granted, held_from, strict=True):
        assert start >= grant_time + 0.05  # held from the answer, not from the grant
    assert shared.resynced == 0  # the header agreed


async def test_a_waiter_cancelled_while_sleeping_takes_nothing(
    redis_client: Redis, monkeypatch: pytest.MonkeyPatch
) -> None:
    shared = budget(redis_client, capacity=1)
    await shared.acquire()
    window, refused = shared._window, asyncio.Event()
    take = window.take

    async def noting_a_refusal() -> Grant | Wait:
        answer = await take()
        refused.set()
        return answer

    monkeypatch.setattr(window, "take", noting_a_refusal)
    waiter = asyncio.create_task(shared.acquire())
    await refused.wait()
    assert shared.waiting == 1
    waiter.cancel()
    with pytest.raises(asyncio.CancelledError):
        await waiter
    assert shared.waiting == 0
    assert await shared.in_use() == 1


async def test_a_grant_that_arrives_after_its_waiter_was_cancelled_is_given_back(
    redis_client: Redis, monkeypatch: pytest.MonkeyPatch
) -> None:
    shared = budget(redis_client, capacity=3)
    window = shared._window
    take, asked, answer = window.take, asyncio.Event(), asyncio.Event()

    async def take_slowly() -> Grant | Wait:
        asked.set()
        await answer.wait()
        return await take()

    monkeypatch.setattr(window, "take", take_slowly)
    waiter = asyncio.create_task(shared.acquire())
    await asked.wait()
    waiter.cancel()  # while the script call is in flight
    answer.set()
    with pytest.raises(asyncio.CancelledError):
        await waiter
    await shared.aclose()
    assert (shared.granted, shared.given_back) == (0, 1)
    assert await shared.in_use() == 0


async def test_waiters_of_one_process_are_served_first_come_first_served(
    redis_client: Redis,
) -> None:
    shared = budget(redis_client, capacity=1, period=0.05, margin=0.0)
    order: list[int] = []

    async def arrive(n: int) -> None:
        await shared.acquire()
        order.append(n)

    async with asyncio.TaskGroup() as tg:
        for n in range(4):
            tg.create_task(arrive(n))
    assert order == [0, 1, 2, 3]


async def redis_now(redis: Redis) -> float:
    seconds, micros = await redis.time()
    return float(seconds + micros / 1e6)


def _closed_loopback_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_an_unreachable_redis_fails_the_acquire_and_only_logs_a_lost_pause(
    caplog: pytest.LogCaptureFixture,
) -> None:
    url = f"redis://127.0.0.1:{_closed_loopback_port()}/0"
    shared = RedisRateBudget.from_url(url, 10, api_key=API_KEY, margin=0.5)
    with pytest.raises(RateBudgetUnavailableError) as failed:
        await shared.acquire()  # no request goes out unbudgeted
    assert isinstance(failed.value.__cause__, redis.ConnectionError)
    with caplog.at_level(logging.WARNING, "redis_cloud_async.redis_budget"):
        assert shared.pause(1.0) == 1.5  # this process pauses all the same
        await shared.aclose()
    assert "pause failed (ConnectionError)" in caplog.text
    assert shared.granted == 0


async def test_the_api_key_defaults_to_the_clients_environment_and_never_shows(
    redis_client: Redis, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("REDIS_API_KEY", "REDIS_API_SECRET", "REDISCLOUD_ACCESS_KEY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("REDISCLOUD_SECRET_KEY", raising=False)
    with pytest.raises(ConfigurationError):
        RedisRateBudget(redis_client)
    monkeypatch.setenv("REDIS_API_KEY", "account-key-from-env")
    monkeypatch.setenv("REDIS_API_SECRET", "secret-from-env")
    shared = RedisRateBudget(redis_client)
    await shared.acquire()
    assert key_digest("account-key-from-env")[:8] in repr(shared)
    assert "account-key-from-env" not in repr(shared)
    (key,) = [k for k in await redis_client.keys("*") if k.endswith(b":grants")]
    assert key_digest("account-key-from-env").encode() in key


async def test_settings_are_checked_like_the_local_budget(redis_client: Redis) -> None:
    with pytest.raises(ValueError, match="requests_per_minute"):
        RedisRateBudget(redis_client, 0, api_key=API_KEY)
    with pytest.raises(ValueError, match="period"):
        RedisRateBudget(redis_client, 10, api_key=API_KEY, period=0)


def test_the_package_imports_without_redis_py_and_says_what_is_missing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in [n for n in sys.modules if n.startswith("redis_cloud_async.redis_budget")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "redis", None)  # as if redis-py were not installed
    monkeypatch.setitem(sys.modules, "redis.asyncio", None)
    package = importlib.reload(importlib.import_module("redis_cloud_async"))
    assert package.RateBudget is not None  # the client does not need redis-py
    with pytest.raises(ImportError, match=r"redis-cloud-async\[redis\]"):
        package.RedisRateBudget  # noqa: B018
