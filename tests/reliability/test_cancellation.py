"""Cancelling a thousand waits at random moments, or closing the client under them,
leaves no task, no request or connection, no warning and no stray loop error behind.

In-process runs use the simulator on fake loop time (looptime): its tasks take the real
service's seconds, so waits are pending when they are cancelled. The loopback runs use
uvicorn and real sockets, where fake time cannot drive the network: they are short,
and bounded by a deadline rather than timed.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
from collections.abc import AsyncIterator
from typing import Any

import pytest

from redis_cloud_async import (
    AclRedisRuleSpec,
    AmbiguousWriteError,
    AsyncClient,
    ClientClosedError,
    PollPolicy,
    TaskHandle,
)
from redis_cloud_async._http import httpx
from redis_cloud_async.models import Task
from redis_cloud_async.testing import FakeRedisCloud, Faults, serve_in_thread
from tests.helpers.leaks import InFlight, nothing_left_behind

WAITS = 1000
WRITES = 20


async def _writes(client: AsyncClient) -> list[TaskHandle]:
    """Writes whose tasks the simulator runs one at a time (3 service seconds each)."""
    return [
        await client.acl.redis_rules.create(AclRedisRuleSpec(name=f"rule-{i}", redis_rule="+@read"))
        for i in range(WRITES)
    ]


def _start_waits(
    client: AsyncClient, handles: list[TaskHandle], rng: random.Random
) -> list[asyncio.Task[Task]]:
    """`WAITS` waits on the handles, half through `handle.wait()`, half `client.tasks.wait`."""
    waits = []
    for n in range(WAITS):
        handle = rng.choice(handles)
        wait = handle.wait() if n % 2 else client.tasks.wait(handle.task_id)
        waits.append(asyncio.create_task(wait))
    return waits


def _cancel_at_random(
    waits: list[asyncio.Task[Task]], rng: random.Random, within: float
) -> list[asyncio.TimerHandle]:
    loop = asyncio.get_running_loop()
    return [loop.call_later(rng.uniform(0, within), wait.cancel) for wait in waits]


async def _stopped(client: AsyncClient) -> None:
    """Wait until the task watcher's loop has ended by itself (nobody waits any more)."""
    loop = client._watcher._poller._task
    if loop is not None:
        await asyncio.wait([loop])
    assert not client._watcher.running


def _outcomes(results: list[Any]) -> tuple[int, int]:
    """(cancelled, finished); anything else (an error) fails the test."""
    cancelled = sum(isinstance(r, asyncio.CancelledError) for r in results)
    finished = [r for r in results if isinstance(r, Task)]
    assert cancelled + len(finished) == len(results), {type(r) for r in results}
    assert all(task.succeeded for task in finished)
    return cancelled, len(finished)


@contextlib.asynccontextmanager
async def in_process(
    faults: Faults | None = None,
) -> AsyncIterator[tuple[AsyncClient, InFlight]]:
    """A client on a simulator at the service's own pace, counting requests in flight."""
    fake = FakeRedisCloud(speed=1, seed=0, faults=faults)
    app = InFlight(fake.app)
    client = AsyncClient(
        fake.api_key,
        fake.api_secret,
        base_url="http://localhost/v1",
        transport=httpx.ASGITransport(app=app),
        poll=PollPolicy(initial=1, maximum=5, grace=30),
        strict=True,
    )
    try:
        yield client, app
    finally:
        await client.aclose()


@pytest.mark.looptime(end=3600)
async def test_cancelling_a_thousand_waits_at_random_moments() -> None:
    rng = random.Random(20261127)
    with nothing_left_behind():
        async with in_process() as (client, app):
            handles = await _writes(client)
            waits = _start_waits(client, handles, rng)
            timers = _cancel_at_random(waits, rng, within=WRITES * 3.0 * 1.2)
            cancelled, finished = _outcomes(await asyncio.gather(*waits, return_exceptions=True))
            assert cancelled  # both happened: the moments span the tasks' run
            assert finished
            await _stopped(client)  # the writes' tasks all ended, the watcher stopped
            assert client._watcher._poller.waiting == 0
            assert client.write_gate.in_flight == 0
            assert app.now == 0
            for timer in timers:
                timer.cancel()
            # and the client still works
            task = await client.tasks.wait(handles[-1].task_id)
            assert task.succeeded


@pytest.mark.looptime(end=3600)
async def test_closing_the_client_under_a_thousand_waits_and_requests_in_flight() -> None:
    rng = random.Random(7)
    with nothing_left_behind():
        # Every answer takes 0.5 to 1.5 loop seconds: requests are in flight at any moment.
        async with in_process(Faults(latency=0.5, latency_jitter=1.0)) as (client, app):
            handles = await _writes(client)
            waits = _start_waits(client, handles, rng)
            await asyncio.sleep(rng.uniform(0, 10))  # the last writes' tasks are still due
            reads = [asyncio.create_task(client.tasks.get(h.task_id)) for h in handles]
            reads += [asyncio.create_task(client.subscriptions.list()) for _ in range(WRITES)]
            writes = [
                asyncio.create_task(
                    client.acl.redis_rules.create(
                        AclRedisRuleSpec(name=f"late-{i}", redis_rule="-@all")
                    )
                )
                for i in range(5)
            ]
            await app.busy.wait()  # the reads and writes are in flight
            await client.aclose()
            waited = await asyncio.gather(*waits, return_exceptions=True)
            read = await asyncio.gather(*reads, return_exceptions=True)
            written = await asyncio.gather(*writes, return_exceptions=True)
            assert {type(r) for r in waited} <= {Task, ClientClosedError}
            assert {type(r) for r in read} == {ClientClosedError}  # cut, not left running
            # a write cut in flight may have been applied: it says so
            assert {type(r) for r in written} <= {AmbiguousWriteError, ClientClosedError}
            assert app.now == 0
            assert not client._watcher.running
            with pytest.raises(ClientClosedError):
                await client.tasks.wait(handles[0].task_id)


# -- over loopback: real sockets, real pool ---------------------------------------------
def _pool(client: AsyncClient) -> Any:
    return client._http._transport._pool  # type: ignore[attr-defined]


@contextlib.asynccontextmanager
async def over_loopback() -> AsyncIterator[AsyncClient]:
    """A client of a simulator served by uvicorn; nothing may be left behind, and the
    pool must hold no connection once the client is closed."""
    fake = FakeRedisCloud(speed=300, seed=0)  # a task step takes milliseconds
    with nothing_left_behind(), serve_in_thread(fake) as base_url:
        client = AsyncClient(
            fake.api_key,
            fake.api_secret,
            base_url=base_url,
            poll=PollPolicy(initial=0.005, maximum=0.02, grace=5),
            strict=True,
        )
        try:
            async with asyncio.timeout(60):
                yield client
        finally:
            await client.aclose()
        assert _pool(client).connections == []


async def test_cancelling_a_thousand_waits_over_loopback_closes_every_connection() -> None:
    rng = random.Random(11)
    async with over_loopback() as client:
        waits = _start_waits(client, await _writes(client), rng)
        timers = _cancel_at_random(waits, rng, within=0.2)
        _outcomes(await asyncio.gather(*waits, return_exceptions=True))
        await _stopped(client)
        assert all(c.is_idle() or c.is_closed() for c in _pool(client).connections)
        for timer in timers:
            timer.cancel()


async def test_closing_the_client_over_loopback_with_requests_in_flight() -> None:
    rng = random.Random(13)
    async with over_loopback() as client:
        waits = _start_waits(client, await _writes(client), rng)
        reads = [asyncio.create_task(client.subscriptions.list()) for _ in range(50)]
        await asyncio.sleep(rng.uniform(0.0, 0.05))
        await client.aclose()
        results = await asyncio.gather(*waits, *reads, return_exceptions=True)
        errors = [r for r in results if isinstance(r, BaseException)]
        assert all(isinstance(e, ClientClosedError) for e in errors), {repr(e) for e in errors}
        assert _pool(client).connections == []
