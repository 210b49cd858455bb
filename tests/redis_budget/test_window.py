"""The Lua scripts of the shared window, against a real Redis server.

Several `SharedWindow`s on separate connections stand for separate processes. Grant
times are the Redis server's own (`Grant.at`), so the window property is checked on
the clock the scripts use.
"""

from __future__ import annotations

import asyncio

from redis.asyncio import Redis

from redis_cloud_async.redis_budget import DEFAULT_PREFIX
from redis_cloud_async.redis_budget._window import Grant, SharedWindow, Wait, key_digest

API_KEY = "account-key-under-test"


def window(redis: Redis, capacity: int = 5, hold: float = 0.3) -> SharedWindow:
    return SharedWindow(
        redis, key_digest(API_KEY), capacity=capacity, hold=hold, prefix=DEFAULT_PREFIX
    )


async def take_until_granted(shared: SharedWindow) -> Grant:
    while True:
        answer = await shared.take()
        if isinstance(answer, Grant):
            return answer
        await asyncio.sleep(answer.seconds)


async def test_no_window_ever_holds_more_than_capacity_grants(
    redis_client: Redis, redis_url: str
) -> None:
    capacity, hold, wanted = 5, 0.2, 20
    processes = [Redis.from_url(redis_url) for _ in range(3)]
    grants: list[Grant] = []

    async def taker(shared: SharedWindow) -> None:
        while len(grants) < wanted:
            grants.append(await take_until_granted(shared))

    try:
        async with asyncio.TaskGroup() as tg:
            for redis in processes:
                for _ in range(4):  # four coroutines per process
                    tg.create_task(taker(window(redis, capacity, hold)))
    finally:
        for redis in processes:
            await redis.aclose()
    times = sorted(grant.at for grant in grants)
    assert len(times) >= wanted
    for first, later in zip(times, times[capacity:], strict=False):
        assert later - first >= hold, (first, later)  # never capacity + 1 in one hold
    assert len({grant.grant_id for grant in grants}) == len(grants)


async def test_a_full_window_says_how_long_until_its_oldest_grant_expires(
    redis_client: Redis,
) -> None:
    shared = window(redis_client, capacity=2, hold=30.0)
    first = await shared.take()
    assert isinstance(first, Grant)
    assert isinstance(await shared.take(), Grant)
    answer = await shared.take()
    assert isinstance(answer, Wait)
    assert 0 < answer.seconds <= 30.0
    assert await shared.in_use() == 2  # a refusal takes nothing
    await shared.give_back(first)
    assert await shared.in_use() == 1
    assert isinstance(await shared.take(), Grant)


async def test_a_pause_is_shared_and_only_ever_extends(redis_client: Redis, redis_url: str) -> None:
    other = Redis.from_url(redis_url)
    try:
        a, b = window(redis_client, hold=60.0), window(other, hold=60.0)
        assert await a.pause(20.0) == 20.0
        answer = await b.take()
        assert isinstance(answer, Wait)
        assert 19.0 < answer.seconds <= 20.0  # the pause, as Redis counts it
        assert 19.0 < await b.pause(1.0) <= 20.0  # a shorter pause does not shorten it
        assert await b.pause(40.0) == 40.0
        assert await a.in_use() == 0
    finally:
        await other.aclose()


async def test_resync_marks_spent_only_what_the_server_says_is_missing(
    redis_client: Redis,
) -> None:
    shared = window(redis_client, capacity=10, hold=30.0)
    for _ in range(2):
        assert isinstance(await shared.take(), Grant)
    assert await shared.resync(remaining=5) == 3  # 10 - 2 ours - 5 left: 3 used elsewhere
    assert await shared.in_use() == 5
    assert await shared.resync(remaining=8) == 0  # more than we think: ignored
    assert await shared.resync(remaining=5) == 0  # agrees with us
    assert await shared.resync(remaining=-1) == 5  # nonsense: as good as 0
    assert isinstance(await shared.take(), Wait)


async def test_an_answered_grant_is_held_from_its_answer(redis_client: Redis) -> None:
    shared = window(redis_client, capacity=1, hold=30.0)
    grant = await shared.take()
    assert isinstance(grant, Grant)
    await asyncio.sleep(0.05)  # the request's latency, on the server's clock
    assert await shared.resync(None, [grant.grant_id]) == 0
    score = await redis_client.zscore(shared.grants_key, str(grant.grant_id))
    assert score is not None
    assert score / 1e6 - grant.at >= 0.05  # held from the answer now
    assert isinstance(await shared.take(), Wait)
    assert await shared.resync(None, [12345]) == 0  # an unknown (expired) grant: no-op
    assert await shared.in_use() == 1


async def test_expired_grants_come_back(redis_client: Redis) -> None:
    shared = window(redis_client, capacity=1, hold=0.05)
    await take_until_granted(shared)
    assert isinstance(await shared.take(), Wait)
    await take_until_granted(shared)  # after the hold, as Redis's clock says
    assert await shared.in_use() == 1


async def test_keys_are_named_by_a_hash_of_the_api_key_in_one_hash_slot(
    redis_client: Redis,
) -> None:
    shared = window(redis_client, capacity=3, hold=30.0)
    await shared.take()
    await shared.pause(5.0)
    keys = sorted(key.decode() for key in await redis_client.keys("*"))
    digest = key_digest(API_KEY)
    assert keys == [f"{DEFAULT_PREFIX}:{{{digest}}}:{name}" for name in ("grants", "pause", "seq")]
    assert not any(API_KEY in key for key in keys)
    assert key_digest("another-key") != digest
    for key in keys:  # nothing in Redis holds the API key either
        assert API_KEY.encode() not in await redis_client.dump(key)
