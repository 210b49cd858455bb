"""Closing the client, or cancelling the run, in the middle of a bulk apply.

Closing ends the run: every item that had not ended fails with `ClientClosedError`
(`AmbiguousWriteError` when its write was cut in flight), or is skipped naming such an
item, and nothing is left running, in flight or unclosed. Cancelling the run task
leaves as little behind, and a second apply still brings the account to exactly the
plan. In-process on looptime, at seeded fractions of a whole run (half of them as the
next write reaches the server); over loopback, a real pool must end with no connection.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
from collections import Counter
from typing import Any

import pytest

from redis_cloud_async import AmbiguousWriteError, AsyncClient, ClientClosedError
from redis_cloud_async.bulk import Plan, RunResult, Submitted, apply, start
from redis_cloud_async.testing import FakeRedisCloud, Faults, serve_in_thread
from tests.helpers.bulk import POLL, every_kind_plan, make_client, make_fake, mismatches
from tests.helpers.leaks import InFlight, nothing_left_behind

SPEED = 4000.0
MOMENTS = 10
#: Every answer takes 10 to 30 ms of loop time: requests are in flight at any moment.
SLOW_ANSWERS = Faults(latency=0.01, latency_jitter=0.02)
CLOSED = (ClientClosedError, AmbiguousWriteError)


class Watched(InFlight):
    """Counts the requests in flight, and sets `write_arrived` when a write arrives."""

    def __init__(self, app: Any) -> None:
        super().__init__(app)
        self.write_arrived = asyncio.Event()

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http" and scope["method"] != "GET":
            self.write_arrived.set()
        await super().__call__(scope, receive, send)


def close_plan() -> Plan:
    return every_kind_plan("close", subscriptions=3)


def in_process(seed: int) -> tuple[FakeRedisCloud, Watched]:
    """A slow-answering simulator whose requests are watched."""
    fake = make_fake(SPEED, seed=seed, faults=SLOW_ANSWERS)
    app = fake.app = Watched(fake.app)  # type: ignore[assignment]
    return fake, app


async def whole_run_length(seed: int) -> float:
    """Loop seconds an undisturbed apply of the plan takes."""
    fake, _ = in_process(seed)
    async with make_client(fake) as client:
        result = await apply(client, close_plan())
    assert result.ok
    return result.elapsed


def moments(seed: int, length: float) -> list[float]:
    rng = random.Random(seed)
    return sorted(rng.uniform(0.02, 0.98) * length for _ in range(MOMENTS))


async def next_write_or(ended: asyncio.Task[RunResult], app: Watched) -> None:
    """Return once the next write reaches the server (its answer then takes 10 ms or
    more: it is in flight), or once the run has ended."""
    app.write_arrived.clear()
    arrived = asyncio.create_task(app.write_arrived.wait())
    await asyncio.wait([arrived, ended], return_when=asyncio.FIRST_COMPLETED)
    arrived.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await arrived


def check_closed(result: RunResult) -> Counter[str]:
    """Every item ended well, was cut by the close, or was skipped because of such an
    item; returns how many did which."""
    seen: Counter[str] = Counter()
    for outcome in result:
        if outcome.status == "failed":
            assert isinstance(outcome.error, CLOSED), outcome.describe()
            seen[type(outcome.error).__name__] += 1
        elif outcome.status == "skipped":
            assert outcome.dependency is not None
            assert isinstance(result[outcome.dependency].error, CLOSED), outcome.describe()
            seen["skipped"] += 1
        else:
            assert outcome.status in ("created", "present"), outcome.describe()
            seen["done"] += 1
    return seen


@pytest.mark.looptime(end=3600)
@pytest.mark.filterwarnings("error")
async def test_closing_the_client_at_ten_moments_ends_the_run_and_leaves_nothing() -> None:
    length = await whole_run_length(seed=0)
    totals: Counter[str] = Counter()
    for n, moment in enumerate(moments(2026, length)):
        fake, app = in_process(seed=0)
        with nothing_left_behind():
            client = make_client(fake)
            ended = asyncio.create_task(start(client, close_plan()).wait())
            await asyncio.sleep(moment)
            write_in_flight = n % 2 == 1
            if write_in_flight:
                await next_write_or(ended, app)
            await client.aclose()
            async with asyncio.timeout(60):  # the run ends by itself: no hang
                result = await ended
            assert app.now == 0  # no request left in flight
        seen = check_closed(result)
        assert seen["ClientClosedError"] + seen["AmbiguousWriteError"] > 0, "nothing was cut"
        if write_in_flight:
            assert seen["AmbiguousWriteError"] > 0
        totals.update(seen)
        when = "at the next write after" if write_in_flight else "at"
        print(f"closed {when} {moment:.3f}s of {length:.3f}s: {dict(seen)}")
    print(f"{MOMENTS} closes: {dict(totals)}")


@pytest.mark.looptime(end=3600)
@pytest.mark.filterwarnings("error")
async def test_cancelling_the_run_leaves_nothing_and_a_second_apply_completes_it() -> None:
    length = await whole_run_length(seed=1)
    for moment in moments(2027, length):
        fake, app = in_process(seed=1)
        with nothing_left_behind():
            async with make_client(fake) as client:
                run = start(client, close_plan())
                await asyncio.sleep(moment)
                run.cancel()
                with pytest.raises(asyncio.CancelledError):
                    await run
                # Only the client's own watchers go on (following the tasks already
                # submitted, whose permits they release): no task of the run is left.
                assert bulk_tasks() == []
                again = await apply(client, close_plan())
                assert [o.describe() for o in again if not o.ok] == []
            assert app.now == 0
        assert mismatches(fake, close_plan()) == []


def bulk_tasks() -> list[str]:
    """The run's task and its items' tasks still alive."""
    names = [task.get_name() for task in asyncio.all_tasks()]
    return [name for name in names if name.startswith("bulk:") or name.endswith(":bulk-apply")]


def _pool(client: AsyncClient) -> Any:
    return client._http._transport._pool  # type: ignore[attr-defined]


@pytest.mark.filterwarnings("error")
async def test_closing_the_client_mid_apply_over_loopback_closes_every_connection() -> None:
    fake = FakeRedisCloud(speed=SPEED, seed=0)
    with nothing_left_behind(), serve_in_thread(fake) as base_url:
        client = AsyncClient(fake.api_key, fake.api_secret, base_url=base_url, poll=POLL)
        run = start(client, close_plan())
        async with asyncio.timeout(60):
            async for event in run.events():
                if isinstance(event, Submitted):  # a write went through: mid-run
                    break
            await client.aclose()
            result = await run
        check_closed(result)
        assert not result.ok
        assert _pool(client).connections == []
