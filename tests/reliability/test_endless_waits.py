"""Waits that never end (issue 14.4): every kind of wait has a default deadline.

A task that never ends (the simulator's `task_stuck_rate`) used to hold its write-gate
permit and its subscription lane for ever: 32 of them blocked every later write. Now a
write holds them at most the client's `task_timeout`, then releases them and its wait
raises `TaskTimeoutError` with the task id; `handle.wait()`, `tasks.wait()`,
`as_completed()` and the readiness waits end at the client's deadlines unless told
otherwise; a status the client does not know never counts as ended, and is reported
once. On looptime: hours of waiting cost no real time.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from typing import Any

import pytest

from redis_cloud_async import (
    AclRedisRuleSpec,
    AsyncClient,
    CloudProviderSpec,
    ConfigurationError,
    DatabaseCreateSpec,
    NotFoundError,
    PollPolicy,
    ReadinessTimeoutError,
    RegionSpec,
    SubscriptionCreateSpec,
    SubscriptionDatabaseSpec,
    TaskTimeoutError,
)
from redis_cloud_async._http import httpx
from redis_cloud_async.bulk import apply, destroy, sample_plan
from redis_cloud_async.testing import Durations, FakeRedisCloud, Faults
from tests.helpers.bulk import make_client, make_fake
from tests.helpers.subscriptions import new_subscription

pytestmark = pytest.mark.looptime(end=36_000)

STUCK = Faults(task_stuck_rate=1.0)
#: The client's default pace: long waits on looptime cost few ticks.
POLL = PollPolicy()
TASK_DEADLINE = 600.0
#: Loop seconds a write may then take to be sent (the polling shares the rate budget).
SEND = 60.0
#: Loop seconds after which a test gives up: a wait that does not end fails it.
GIVE_UP = 4 * TASK_DEADLINE


def _rule(n: int) -> AclRedisRuleSpec:
    return AclRedisRuleSpec(name=f"rule-{n}", redis_rule="+@read")


async def test_stuck_tasks_release_the_write_gate_at_the_task_deadline() -> None:
    fake = FakeRedisCloud(faults=STUCK)
    loop = asyncio.get_running_loop()
    async with fake.client(poll=POLL, task_timeout=TASK_DEADLINE) as client:
        began = loop.time()
        first = [await client.acl.redis_rules.create(_rule(n)) for n in range(32)]
        assert client.write_gate.in_flight == 32
        async with asyncio.timeout(GIVE_UP):
            last = await client.acl.redis_rules.create(_rule(32))  # waits for a free permit
        waited = loop.time() - began
        assert TASK_DEADLINE <= waited < TASK_DEADLINE + SEND
        async with asyncio.timeout(GIVE_UP):
            ended = await asyncio.gather(*(h.wait() for h in first), return_exceptions=True)
        for handle, error in zip(first, ended, strict=True):
            assert isinstance(error, TaskTimeoutError), error
            assert error.task_id == handle.task_id
        assert last.task_id not in {h.task_id for h in first}
    assert fake.stats.count("POST", "/acl/redisRules", 202) == 33


async def test_a_stuck_task_releases_its_subscription_lane_at_the_task_deadline() -> None:
    fake = FakeRedisCloud()
    loop = asyncio.get_running_loop()
    async with fake.client(poll=POLL, task_timeout=TASK_DEADLINE) as client:
        sub = await _active_subscription(client)
        fake.set_faults(STUCK)
        stuck = await client.databases.create(sub, DatabaseCreateSpec(name="stuck"))
        assert client.lanes.busy(("pro", sub))
        began = loop.time()
        fake.set_faults(Faults())
        async with asyncio.timeout(GIVE_UP):
            after = await client.databases.create(sub, DatabaseCreateSpec(name="after"))
        assert TASK_DEADLINE - 1 <= loop.time() - began < TASK_DEADLINE + SEND
        with pytest.raises(TaskTimeoutError) as info:
            async with asyncio.timeout(GIVE_UP):
                await stuck.wait()
        assert info.value.task_id == stuck.task_id
        assert (await after.wait()).succeeded


async def _active_subscription(client: AsyncClient) -> int:
    return await new_subscription(client, name="lane")


def _subscription_spec(name: str) -> SubscriptionCreateSpec:
    region = RegionSpec(region="us-east-1")
    return SubscriptionCreateSpec(
        name=name,
        cloud_providers=[CloudProviderSpec(provider="AWS", regions=[region])],
        databases=[SubscriptionDatabaseSpec(name="db", dataset_size_in_gb=1)],
    )


async def test_waits_without_a_timeout_end_at_the_clients_task_deadline() -> None:
    fake = FakeRedisCloud(faults=STUCK)
    loop = asyncio.get_running_loop()
    async with fake.client(poll=POLL, task_timeout=TASK_DEADLINE) as client:
        handle = await client.acl.redis_rules.create(_rule(1))
        began = loop.time()
        with pytest.raises(TaskTimeoutError) as waited:
            async with asyncio.timeout(GIVE_UP):
                await handle.wait()
        assert waited.value.task_id == handle.task_id
        assert waited.value.last_status == "processing-in-progress"
        assert loop.time() - began == pytest.approx(TASK_DEADLINE, abs=1)
        with pytest.raises(TaskTimeoutError):
            async with asyncio.timeout(GIVE_UP):
                await client.tasks.wait(handle.task_id)
        with pytest.raises(TaskTimeoutError):
            await _all_of(client.tasks.as_completed([handle.task_id]))
        with pytest.raises(TaskTimeoutError):  # an explicit timeout still wins
            await handle.wait(timeout=5)
        assert loop.time() - began == pytest.approx(3 * TASK_DEADLINE + 5, abs=3)


async def _all_of(tasks: AsyncIterator[Any]) -> list[Any]:
    async with asyncio.timeout(GIVE_UP):
        return [task async for task in tasks]


async def test_readiness_waits_end_at_the_clients_ready_deadline() -> None:
    fake = FakeRedisCloud(speed=1, durations=Durations(subscription_create=10**9))
    loop = asyncio.get_running_loop()
    async with fake.client(poll=POLL, ready_timeout=900) as client:
        task = await (await client.subscriptions.create(_subscription_spec("slow"))).wait()
        assert task.resource_id is not None
        began = loop.time()
        with pytest.raises(ReadinessTimeoutError) as info:
            async with asyncio.timeout(GIVE_UP):
                await client.subscriptions.wait_until_active(task.resource_id)
        assert info.value.last_status == "pending"
        assert loop.time() - began == pytest.approx(900, abs=20)


def test_the_default_deadlines_are_documented_and_bounded() -> None:
    client = AsyncClient("k" * 8, "s" * 8)
    assert client.task_timeout == 3600
    assert client.ready_timeout == 3600
    for bad in (None, 0, -1, float("inf"), float("nan")):
        with pytest.raises(ConfigurationError, match="task_timeout"):
            AsyncClient("k" * 8, "s" * 8, task_timeout=bad)  # type: ignore[arg-type]
        with pytest.raises(ConfigurationError, match="ready_timeout"):
            AsyncClient("k" * 8, "s" * 8, ready_timeout=bad)  # type: ignore[arg-type]


def _unknown_status_service(status: str) -> httpx.MockTransport:
    """Tasks that stay in a status the client does not know."""
    created: list[str] = []

    def task(task_id: str) -> dict[str, Any]:
        return {"taskId": task_id, "commandType": "aclRedisRuleCreateRequest", "status": status}

    def answer(request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if request.method == "POST":
            created.append(request.url.path)
            return httpx.Response(202, json=task(f"t-{len(created)}"))
        if path.endswith("/tasks"):
            return httpx.Response(200, json={"tasks": []})
        return httpx.Response(200, json=task(path.rsplit("/", 1)[-1]))

    return httpx.MockTransport(answer)


async def test_an_unknown_status_never_ends_a_wait_and_warns_once(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.WARNING, logger="redis_cloud_async")
    transport = _unknown_status_service("paused-by-support")
    async with AsyncClient(
        "k" * 8, "s" * 8, base_url="https://api.example", transport=transport,
        poll=POLL, task_timeout=TASK_DEADLINE,
    ) as client:  # fmt: skip
        handles = [await client.acl.redis_rules.create(_rule(n)) for n in range(3)]
        for handle in handles:
            with pytest.raises(TaskTimeoutError) as info:
                async with asyncio.timeout(GIVE_UP):
                    await handle.wait()
            assert info.value.last_status == "paused-by-support"
    warnings = [r for r in caplog.records if "paused-by-support" in r.getMessage()]
    assert len(warnings) == 1
    assert warnings[0].levelno == logging.WARNING


async def test_destroy_ends_when_fresh_task_ids_answer_404_past_the_grace_window() -> None:
    """As apply does: the items whose delete cannot be followed fail, naming the task;
    the destroy does not wait on what it cannot see."""
    plan = sample_plan(subscriptions=1, active_active=0, databases=1, later_databases=1, acl=True)
    fake = make_fake(4000)
    loop = asyncio.get_running_loop()
    async with make_client(fake) as client:  # grace: 5 loop seconds
        assert (await apply(client, plan)).ok
        fake.set_faults(Faults(task_404_window=10**6))
        began = loop.time()
        async with asyncio.timeout(GIVE_UP):
            destroyed = await destroy(client, plan, confirm=True)
        took = loop.time() - began
    failed = [o for o in destroyed if o.status == "failed"]
    assert failed
    for outcome in failed:
        assert isinstance(outcome.error, NotFoundError), outcome.describe()
        assert "/tasks/" in outcome.error.path
    assert {o.status for o in destroyed} <= {"failed", "skipped"}
    assert took < 10 * client.poll.grace  # not the minutes the deletions take
