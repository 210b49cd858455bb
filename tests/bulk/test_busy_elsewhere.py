"""Subscriptions another run left busy count against the account's limit of 3.

An apply cancelled after its third subscription create leaves three subscriptions
busy for 15 (simulated) minutes. The next apply must count them (and wait them out)
before it creates one more subscription: the account refuses a fourth with a 429 that
carries no hint, and the client's back-off gives up long before 15 minutes. Whether the
cancelled creates are still queued or already shown busy by the list, and whether they
belong to the same plan or to another one, the next apply creates its subscriptions
without a single such 429.
"""

from __future__ import annotations

import asyncio

import pytest

from redis_cloud_async import AsyncClient
from redis_cloud_async.bulk import Plan, Submitted, apply, sample_plan, start
from redis_cloud_async.testing import FakeRedisCloud
from tests.helpers.bulk import make_client, make_fake, mismatches

SPEED = 4000.0
#: 15 minutes of the service, in loop seconds.
SUBSCRIPTION = 900.0 / SPEED


def small(prefix: str) -> Plan:
    return sample_plan(subscriptions=3, active_active=0, databases=1, prefix=prefix)


async def cancel_after_three_creates(client: AsyncClient, plan: Plan) -> None:
    """Start applying `plan` and cancel it once three subscription creates are accepted."""
    run = start(client, plan)
    creates = 0
    async for event in run.events():
        if isinstance(event, Submitted) and event.command == "subscriptionCreateRequest":
            creates += 1
            if creates == 3:
                break
    run.cancel()
    with pytest.raises(asyncio.CancelledError):
        await run


def busy(fake: FakeRedisCloud) -> int:
    return sum(
        1 for sub in fake.sim.account.subscriptions.values() if sub.effective_status() != "active"
    )


@pytest.mark.looptime(end=3600)
@pytest.mark.parametrize("shown", [False, True], ids=["queued", "listed"])
async def test_an_apply_counts_the_subscriptions_a_cancelled_one_left_busy(shown: bool) -> None:
    fake = make_fake(SPEED)
    async with make_client(fake) as client:
        await cancel_after_three_creates(client, small("first"))
        if shown:  # the creates have run: the list shows the three subscriptions pending
            await asyncio.sleep(SUBSCRIPTION / 10)
            assert busy(fake) == 3
        began = asyncio.get_running_loop().time()
        result = await apply(client, small("second"))
        took = asyncio.get_running_loop().time() - began
    assert [o.describe() for o in result if not o.ok] == []
    assert fake.stats.concurrency_limited == 0  # no create met the account's limit
    # The second plan's first create waited for one of the first plan's subscriptions.
    assert took > SUBSCRIPTION * 1.5
    assert [sub.name for sub in fake.sim.account.subscriptions.values()][3:] == [
        "second-000",
        "second-001",
        "second-002",
    ]


@pytest.mark.looptime(end=3600)
async def test_the_plan_grown_ahead_of_its_busy_subscriptions_waits_for_them() -> None:
    """The plan again, grown by three subscriptions placed ahead of the cancelled
    run's three (so they are served first): those three are found busy and counted,
    and the new ones wait for them to settle."""
    first = small("grow")
    grown = sample_plan(subscriptions=3, active_active=3, databases=1, prefix="grow")
    plan = Plan(subscriptions=[*grown.subscriptions, *first.subscriptions])
    fake = make_fake(SPEED)
    async with make_client(fake) as client:
        await cancel_after_three_creates(client, first)
        result = await apply(client, plan)
    assert [o.describe() for o in result if not o.ok] == []
    assert fake.stats.concurrency_limited == 0
    assert mismatches(fake, plan) == []
