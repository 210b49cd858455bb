"""The client's send path end to end: retries by what the server may have done, 429
pauses, closing and cancelling cleanly. Fake loop time (looptime), no real sleeps."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest

from redis_cloud_async import (
    AmbiguousWriteError,
    AsyncClient,
    ClientClosedError,
    CloudProviderSpec,
    DatabaseCreateSpec,
    NotFoundError,
    PollPolicy,
    RateBudget,
    RegionSpec,
    RetryPolicy,
    SubscriptionCreateSpec,
    SubscriptionDatabaseSpec,
    TransportError,
)
from redis_cloud_async._http import httpx
from redis_cloud_async.testing import FakeRedisCloud
from redis_cloud_async.testing.frontend.transport import asgi_transport

pytestmark = pytest.mark.looptime(end=3600)

TASK = {
    "taskId": "00000000-0000-4000-8000-000000000001",
    "commandType": "databaseCreateRequest",
    "status": "received",
    "description": "Task request received and is being processed",
    "timestamp": "2026-11-27T10:00:00Z",
    "response": {},
    "links": [],
}


def _client(handler: Callable[[httpx.Request], httpx.Response], **kwargs: object) -> AsyncClient:
    return AsyncClient(
        "key-0123456789",
        "secret-0123456789",
        transport=httpx.MockTransport(handler),
        retry=RetryPolicy(attempts=5, timeout=600, backoff_initial=0.5, backoff_max=5),
        **kwargs,  # type: ignore[arg-type]
    )


@pytest.mark.parametrize(
    "failure",
    [
        httpx.ReadTimeout("read timed out"),
        httpx.RemoteProtocolError("peer closed connection"),
        500,
        502,
        503,
        504,
    ],
    ids=["read-timeout", "dropped", "500", "502", "503", "504"],
)
async def test_a_write_is_never_resent_when_the_server_may_have_acted(
    failure: Exception | int,
) -> None:
    posts: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        posts.append(request)
        if isinstance(failure, Exception):
            raise failure
        return httpx.Response(failure, json={"status": failure, "message": "boom"})

    async with _client(handler) as client:
        with pytest.raises(AmbiguousWriteError) as info:
            await client.databases.create(1, DatabaseCreateSpec(name="db"))
    assert len(posts) == 1
    assert info.value.method == "POST"
    assert info.value.path == "/subscriptions/1/databases"
    assert info.value.cause is not None


@pytest.mark.parametrize(
    "failure",
    [
        httpx.ReadTimeout("read timed out"),
        httpx.RemoteProtocolError("dropped"),
        500,
        502,
        503,
        504,
        408,
    ],
    ids=["read-timeout", "dropped", "500", "502", "503", "504", "408"],
)
async def test_a_get_is_retried_after_the_same_failures(failure: Exception | int) -> None:
    calls: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        if len(calls) < 3:
            if isinstance(failure, Exception):
                raise failure
            return httpx.Response(failure, json={"status": failure, "message": "boom"})
        return httpx.Response(200, json={"accountId": 1, "subscriptions": []})

    async with _client(handler) as client:
        assert await client.subscriptions.list() == []
        assert client.stats.retries == 2
    assert len(calls) == 3


async def test_connect_errors_are_retried_for_writes_too() -> None:
    calls: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        if len(calls) == 1:
            raise httpx.ConnectError("connection refused")
        return httpx.Response(202, json=TASK)

    async with _client(handler) as client:
        handle = await client.databases.create(1, DatabaseCreateSpec(name="db"))
    assert handle.task_id == TASK["taskId"]
    assert len(calls) == 2


async def test_a_429_write_is_resent_after_the_hinted_pause(looptime: float) -> None:
    sent_at: list[float] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent_at.append(asyncio.get_running_loop().time())
        if len(sent_at) == 1:
            return httpx.Response(
                429,
                headers={"x-rate-limit-retry-after-seconds": "7", "X-Rate-Limit-Remaining": "0"},
                json={"status": 429, "error": "Too Many Requests", "message": "slow down"},
            )
        return httpx.Response(202, json=TASK)

    async with _client(handler) as client:
        handle = await client.databases.create(1, DatabaseCreateSpec(name="db"))
        assert client.stats.rate_limited == 1
    assert handle.task_id == TASK["taskId"]
    assert len(sent_at) == 2
    assert sent_at[1] - sent_at[0] >= 7


async def test_a_429_pauses_every_coroutine_of_the_client() -> None:
    sent_at: list[float] = []
    limited = False

    def handler(request: httpx.Request) -> httpx.Response:
        nonlocal limited
        now = asyncio.get_running_loop().time()
        sent_at.append(now)
        if not limited:
            limited = True
            return httpx.Response(429, headers={"x-rate-limit-retry-after-seconds": "10"})
        return httpx.Response(200, json={"accountId": 1, "subscriptions": []})

    async with _client(handler) as client:
        first = asyncio.create_task(client.subscriptions.list())
        await asyncio.sleep(0.1)  # the 429 has come back and paused the budget
        start = asyncio.get_running_loop().time()
        others = await asyncio.gather(*(client.subscriptions.list() for _ in range(5)))
        await first
    assert others == [[]] * 5
    assert all(t >= start + 9.8 for t in sent_at[1:])


async def test_the_budget_is_shared_between_clients() -> None:
    budget = RateBudget(requests_per_minute=10)
    sent_at: list[float] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent_at.append(asyncio.get_running_loop().time())
        return httpx.Response(200, json={"accountId": 1, "subscriptions": []})

    async with _client(handler, rate_budget=budget) as a, _client(handler, rate_budget=budget) as b:
        await asyncio.gather(*(c.subscriptions.list() for c in (a, b) for _ in range(10)))
    assert len(sent_at) == 20
    assert sum(1 for t in sent_at if t < 60) == 10  # the second ten waited for the window


class _SlowNetwork(httpx.AsyncBaseTransport):
    """The simulator behind a network: the first `slow` requests take 3 s to get there,
    the others none; every answer takes 1 s to come back."""

    def __init__(self, inner: httpx.AsyncBaseTransport, slow: int) -> None:
        self._inner = inner
        self._slow = slow

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self._slow -= 1
        await asyncio.sleep(3.0 if self._slow >= 0 else 0.0)
        response = await self._inner.handle_async_request(request)
        await response.aread()
        await asyncio.sleep(1.0)
        return response


async def test_slow_requests_do_not_crowd_the_servers_window() -> None:
    """The server counts a request when it arrives: a token held from its grant would
    come back too early for a request that took long to get there, and the next ones,
    sent at once, would land in the same window (a 429). Held from the answer, none."""
    fake = FakeRedisCloud(requests_per_minute=10)
    slow = _SlowNetwork(asgi_transport(fake.app), slow=10)
    async with AsyncClient(
        fake.api_key,
        fake.api_secret,
        base_url="http://localhost/v1",
        transport=slow,
        rate_budget=RateBudget(10, margin=0.5),
    ) as client:
        answers = await asyncio.gather(*(client.subscriptions.list() for _ in range(30)))
    assert answers == [[]] * 30
    assert fake.stats.too_many_requests == 0


async def test_transport_errors_give_up_after_the_attempts_with_a_typed_error() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused")

    async with _client(handler) as client:
        with pytest.raises(TransportError) as info:
            await client.subscriptions.get(5)
    assert info.value.path == "/subscriptions/5"


async def test_closing_ends_every_wait_and_leaves_no_task() -> None:
    fake = FakeRedisCloud(speed=1.0)  # tasks take real-service time: they stay pending
    poll = PollPolicy(initial=1.0, maximum=15.0, grace=30.0)
    before = asyncio.all_tasks()
    client = fake.client(strict=True, poll=poll)
    handles = [
        await client.databases.create(sub, DatabaseCreateSpec(name=f"db{sub}"))
        for sub in await _subscriptions(fake, client, 3)
    ]
    waits = [asyncio.create_task(h.wait()) for h in handles for _ in range(10)]
    await asyncio.sleep(1)  # a task takes 3 s of service time: none has ended yet
    assert not any(w.done() for w in waits)
    await client.aclose()
    results = await asyncio.gather(*waits, return_exceptions=True)
    assert all(isinstance(r, ClientClosedError) for r in results)
    await asyncio.sleep(0)
    assert asyncio.all_tasks() - before - {asyncio.current_task()} == set()
    with pytest.raises(ClientClosedError):
        await client.subscriptions.list()
    await client.aclose()  # idempotent
    with pytest.raises(ClientClosedError):
        async with client:
            pass


async def test_cancelling_one_wait_leaves_the_others() -> None:
    fake = FakeRedisCloud(speed=1.0)  # a task takes 3 s
    client = fake.client(strict=True, poll=PollPolicy(initial=1.0, maximum=5.0, grace=30.0))
    async with client:
        (sub,) = await _subscriptions(fake, client, 1)
        handle = await client.databases.create(sub, DatabaseCreateSpec(name="db"))
        waits = [asyncio.create_task(handle.wait()) for _ in range(5)]
        await asyncio.sleep(1)
        waits[0].cancel()
        done = await asyncio.gather(*waits[1:])
        assert waits[0].cancelled()
        assert {t.task_id for t in done} == {handle.task_id}
        assert all(t.succeeded for t in done)


async def test_unknown_task_ids_fail_after_the_grace_window(looptime: float) -> None:
    fake = FakeRedisCloud(speed=18000)
    async with fake.client(strict=True, poll=PollPolicy(initial=1, maximum=5, grace=20)) as client:
        with pytest.raises(NotFoundError):
            await client.tasks.wait("00000000-0000-4000-8000-00000000dead")
    assert looptime >= 20


async def _subscriptions(fake: FakeRedisCloud, client: AsyncClient, n: int) -> list[int]:
    """`n` active subscriptions, made through the API (fake time makes it instant)."""
    handles = [
        await client.subscriptions.create(
            SubscriptionCreateSpec(
                name=f"sub{i}",
                cloud_providers=[CloudProviderSpec(regions=[RegionSpec(region="us-east-1")])],
                databases=[SubscriptionDatabaseSpec(name="first", dataset_size_in_gb=1)],
            )
        )
        for i in range(n)
    ]
    ids = [task.resource_id for task in [await h.wait() for h in handles]]
    assert all(isinstance(i, int) for i in ids)
    for sid in ids:
        await client.subscriptions.wait_until_active(sid)  # type: ignore[arg-type]
    return ids  # type: ignore[return-value]
