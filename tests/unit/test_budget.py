"""The rate budget, the writes gate and the subscription lanes, on fake loop time."""

from __future__ import annotations

import asyncio
import functools
import random
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

import looptime
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from redis_cloud_async._budget import RateBudget
from redis_cloud_async._clock import now, sleep
from redis_cloud_async._permits import Permit, SubscriptionLanes, WriteGate

pytestmark = pytest.mark.looptime


def run_on_fake_time(main: Callable[[], Coroutine[Any, Any, None]]) -> None:
    """Run `main` on a fresh looptime loop (hypothesis examples cannot share one)."""
    loop = looptime.new_event_loop(start=0)
    try:
        loop.run_until_complete(main())
    finally:
        loop.close()


def assert_sliding_window(grants: list[float], limit: int, period: float, margin: float) -> None:
    """No window [t, t + period) holds more than `limit` grants; each token is held a margin.

    Checked for every window that starts at a grant (the windows that hold the most).
    """
    grants = sorted(grants)
    for first, last in zip(grants, grants[limit:], strict=False):
        assert last - first >= period - 1e-9, (first, last)  # float subtraction
        assert last - first >= period + margin - 1e-9, (first, last)


async def arrive(budget: RateBudget, at: float, grants: list[float]) -> None:
    """Arrive at loop time `at`, acquire, and note when the token was granted."""
    await sleep(at)
    await budget.acquire()
    grants.append(now())


async def acquire_all(budget: RateBudget, count: int) -> list[float]:
    """`count` concurrent acquires; the loop time at which each was granted."""
    times: list[float] = []
    async with asyncio.TaskGroup() as tg:
        for _ in range(count):
            tg.create_task(arrive(budget, 0, times))
    return times


def no_other_tasks() -> bool:
    return asyncio.all_tasks() == {asyncio.current_task()}


# --- RateBudget: the sliding window -------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(
    limit=st.integers(1, 12),
    period=st.sampled_from([1.0, 7.5, 60.0]),
    margin=st.sampled_from([0.0, 0.01, 0.5]),
    arrivals=st.lists(st.floats(0, 200, allow_nan=False), min_size=1, max_size=80),
    resyncs=st.lists(st.tuples(st.floats(0, 200), st.integers(0, 12)), max_size=5),
    pauses=st.lists(st.tuples(st.floats(0, 200), st.none() | st.floats(0, 10)), max_size=4),
)
def test_never_more_than_the_limit_in_any_window(
    limit: int,
    period: float,
    margin: float,
    arrivals: list[float],
    resyncs: list[tuple[float, int]],
    pauses: list[tuple[float, float | None]],
) -> None:
    grants: list[float] = []

    async def main() -> None:
        budget = RateBudget(limit, period=period, margin=margin, rng=random.Random(0))

        async def later(at: float, action: Callable[[], object]) -> None:
            await sleep(at)
            action()

        async with asyncio.TaskGroup() as tg:
            for at in arrivals:
                tg.create_task(arrive(budget, at, grants))
            for at, remaining in resyncs:
                tg.create_task(later(at, functools.partial(budget.observe_remaining, remaining)))
            for at, hint in pauses:
                tg.create_task(later(at, functools.partial(budget.pause, hint)))
        assert budget.granted == len(arrivals)

    run_on_fake_time(main)
    assert len(grants) == len(arrivals)
    assert_sliding_window(grants, limit, period, margin)


@settings(max_examples=30, deadline=None)
@given(
    limit=st.integers(1, 40),
    spread=st.lists(st.floats(0, 1, allow_nan=False), min_size=1, max_size=200),
)
def test_a_backlog_uses_the_whole_budget(limit: int, spread: list[float]) -> None:
    """Under saturation, over 3 periods, at least 95% of the limit per period is granted."""
    periods, period = 3, 60.0
    grants: list[float] = []
    demand = 4 * limit  # a backlog for all of the 3 periods

    async def main() -> None:
        budget = RateBudget(limit, period=period)
        async with asyncio.TaskGroup() as tg:
            for i in range(demand):
                tg.create_task(arrive(budget, spread[i % len(spread)], grants))

    run_on_fake_time(main)
    start = min(grants)
    in_window = [t for t in grants if t < start + periods * period]
    assert len(in_window) >= 0.95 * periods * limit
    assert_sliding_window(grants, limit, period, 0.5)


@settings(max_examples=60, deadline=None)
@given(
    limit=st.integers(1, 8),
    period=st.sampled_from([1.0, 10.0, 60.0]),
    requests=st.lists(
        st.tuples(
            st.floats(0, 100, allow_nan=False),  # when the caller arrives
            st.floats(0, 0.99, allow_nan=False),  # how long its request takes (periods)
            st.floats(0, 1, allow_nan=False),  # where in that time the server counts it
        ),
        min_size=1,
        max_size=40,
    ),
)
def test_slow_requests_never_crowd_a_server_window(
    limit: int, period: float, requests: list[tuple[float, float, float]]
) -> None:
    """The server counts a request when it arrives, anywhere between its grant and its
    answer; however long that takes (up to the hold: a token whose answer is later than
    that has come back), no server window sees more than the limit."""
    counted: list[float] = []

    async def one(at: float, latency: float, where: float) -> None:
        await sleep(at)
        await budget.acquire()
        await sleep(latency * period * where)
        counted.append(now())
        await sleep(latency * period * (1 - where))
        budget.observe_remaining(limit)  # the answer (its header agrees with us)

    async def main() -> None:
        async with asyncio.TaskGroup() as tg:
            for at, latency, where in requests:
                tg.create_task(one(at, latency, where))

    budget = RateBudget(limit, period=period, margin=0.0)
    run_on_fake_time(main)
    assert len(counted) == len(requests)
    assert_sliding_window(counted, limit, period, 0.0)


async def test_a_token_is_held_from_the_answer() -> None:
    budget = RateBudget(1, period=10.0, margin=0.5)
    await budget.acquire()  # t=0
    await sleep(4)  # the request takes 4 s to answer
    budget.observe_remaining(0)  # the answer: its request used the only token
    waiter = asyncio.create_task(acquire_all(budget, 1))
    assert await waiter == [14.5]  # 10.5 after the answer, not after the grant


async def test_without_an_answer_the_token_returns_after_its_grant() -> None:
    budget = RateBudget(1, period=10.0, margin=0.5)
    await budget.acquire()  # t=0, then the connection fails: no answer
    assert await acquire_all(budget, 1) == [10.5]


async def test_an_answer_in_another_task_moves_no_token() -> None:
    budget = RateBudget(2, period=10.0, margin=0.0)
    await acquire_all(budget, 1)  # granted at t=0 in a task that ended
    await sleep(5)
    budget.observe_remaining(1)  # nothing in flight here: only a re-sync (agrees)
    assert await acquire_all(budget, 2) == [5, 10]


async def test_grants_at_once_then_when_the_first_token_returns() -> None:
    budget = RateBudget(3, period=10.0, margin=0.5)
    times = await acquire_all(budget, 7)
    assert sorted(times) == [0, 0, 0, 10.5, 10.5, 10.5, 21.0]
    assert budget.granted == 7
    assert budget.available == 2  # the tokens of t=10.5 are back at t=21
    await sleep(40)
    assert budget.available == 3


async def test_waiters_are_served_first_come_first_served() -> None:
    budget = RateBudget(1, period=1.0, margin=0.0)
    order: list[int] = []

    async def one(i: int) -> None:
        await budget.acquire()
        order.append(i)

    async with asyncio.TaskGroup() as tg:
        for i in range(6):
            tg.create_task(one(i))
            await asyncio.sleep(0)  # arrive in this order
    assert order == list(range(6))


async def test_resync_from_the_header_lowers_the_grants() -> None:
    budget = RateBudget(10, period=60.0, margin=0.5)
    budget.observe_remaining(4)
    assert budget.available == 4
    budget.observe_remaining(9)  # more than we think: ignored
    assert budget.available == 4
    times = await acquire_all(budget, 5)
    assert sorted(times) == [0, 0, 0, 0, 60.5]


async def test_resync_counts_the_tokens_already_spent() -> None:
    budget = RateBudget(10, period=60.0)
    await acquire_all(budget, 3)
    budget.observe_remaining(7)  # agrees with us: nothing changes
    assert budget.available == 7
    budget.observe_remaining(-1)  # nonsense: as good as 0
    assert budget.available == 0


async def test_a_pause_holds_every_waiter_for_the_hint() -> None:
    budget = RateBudget(100, margin=0.5)
    assert budget.pause(5.0) == 5.5
    times = await acquire_all(budget, 3)
    assert times == [5.5, 5.5, 5.5]
    assert budget.pauses == 1
    assert budget.paused_time == 5.5


async def test_overlapping_pauses_extend_and_never_shorten() -> None:
    budget = RateBudget(100, margin=0.0)
    budget.pause(5.0)
    await sleep(2)
    assert budget.pause(1.0) == 3.0  # still until t=5
    assert budget.pause(10.0) == 10.0  # now until t=12
    assert budget.paused_for == 10.0
    times = await acquire_all(budget, 2)
    assert times == [12, 12]
    assert budget.paused_time == 12.0  # 0..5 and 5..12, overlaps counted once


async def test_a_pause_reaches_waiters_that_are_already_sleeping() -> None:
    budget = RateBudget(1, period=20.0, margin=0.0)
    await budget.acquire()
    waiter = asyncio.create_task(acquire_all(budget, 1))
    await sleep(3)
    budget.pause(20.0)  # until t=23, later than the token's return at t=20
    assert await waiter == [23]


async def test_pauses_without_hint_grow_and_reset_after_a_success() -> None:
    budget = RateBudget(100, period=60.0, rng=random.Random(7))
    lengths = []
    for _ in range(8):
        lengths.append(budget.pause(None))
        await sleep(100)  # let each pause end, so that the lengths do not overlap
    for strike, length in enumerate(lengths):
        ceiling = min(60.0, 2.0**strike)
        assert ceiling / 2 <= length <= ceiling
    budget.note_success()
    assert budget.pause(None) <= 1.0


async def test_cancelled_waiters_take_no_token_and_leave_nothing_behind() -> None:
    budget = RateBudget(3, period=60.0)
    budget.pause(10.0)
    waiters = [asyncio.create_task(budget.acquire()) for _ in range(3)]
    await sleep(1)
    for task in waiters:
        task.cancel()
    await asyncio.gather(*waiters, return_exceptions=True)
    assert all(task.cancelled() for task in waiters)
    assert budget.waiting == 0
    assert budget.granted == 0
    await sleep(10)
    assert budget.available == 3
    assert no_other_tasks()


async def test_cancelling_the_head_or_the_middle_keeps_the_queue_moving() -> None:
    budget = RateBudget(1, period=10.0, margin=0.0)
    await budget.acquire()
    order: list[int] = []

    async def one(i: int) -> None:
        await budget.acquire()
        order.append(i)

    tasks = []
    for i in range(5):
        tasks.append(asyncio.create_task(one(i)))
        await asyncio.sleep(0)
    await sleep(1)
    tasks[0].cancel()  # the head, sleeping until the token returns
    tasks[2].cancel()  # one in the middle
    await asyncio.gather(*tasks, return_exceptions=True)
    assert order == [1, 3, 4]
    assert now() == 30
    assert budget.granted == 4
    assert no_other_tasks()


async def test_can_be_built_outside_a_running_loop() -> None:
    budget = await asyncio.to_thread(RateBudget, 2)  # no loop in that thread
    await acquire_all(budget, 2)
    assert budget.available == 0


def test_rejects_nonsense() -> None:
    with pytest.raises(ValueError, match="requests_per_minute"):
        RateBudget(0.5)
    with pytest.raises(ValueError, match="period"):
        RateBudget(10, period=0)
    with pytest.raises(ValueError, match="margin"):
        RateBudget(10, margin=-1)
    assert RateBudget(10.9).capacity == 10


# --- WriteGate ----------------------------------------------------------------------


async def test_write_gate_caps_writes_in_flight_in_order() -> None:
    gate = WriteGate(2)
    first, second = await gate.acquire(), await gate.acquire()
    assert gate.in_flight == 2
    order: list[int] = []
    permits: list[Permit] = []

    async def one(i: int) -> None:
        permits.append(await gate.acquire())
        order.append(i)

    tasks = [asyncio.create_task(one(i)) for i in range(3)]
    await sleep(1)
    assert order == []
    assert gate.waiting == 3
    first.release()
    first.release()  # idempotent: frees one slot, not two
    await sleep(1)
    assert order == [0]
    assert gate.in_flight == 2
    second.release()
    permits[0].release()
    await asyncio.gather(*tasks)
    assert order == [0, 1, 2]
    assert gate.in_flight == 2
    assert gate.peak == 2
    for permit in permits[1:]:
        permit.release()
    assert gate.in_flight == 0


async def test_a_permit_can_be_released_by_another_task() -> None:
    gate = WriteGate(1)
    permit = await gate.acquire()

    async def task_done_later() -> None:
        await sleep(5)
        permit.release()

    releaser = asyncio.create_task(task_done_later())
    with await gate.acquire() as second:
        assert now() == 5
        assert not second.released
    assert second.released
    await releaser
    assert gate.in_flight == 0


async def test_a_cancelled_gate_waiter_takes_no_slot() -> None:
    gate = WriteGate(1)
    held = await gate.acquire()
    waiter = asyncio.create_task(gate.acquire())
    await sleep(1)
    waiter.cancel()
    with pytest.raises(asyncio.CancelledError):
        await waiter
    held.release()
    assert gate.in_flight == 0
    assert gate.waiting == 0


async def test_a_slot_handed_to_a_cancelled_waiter_goes_to_the_next() -> None:
    gate = WriteGate(1)
    held = await gate.acquire()
    doomed = asyncio.create_task(gate.acquire())
    nxt = asyncio.create_task(gate.acquire())
    await sleep(1)
    held.release()  # hands the slot to `doomed`...
    doomed.cancel()  # ...which is cancelled before it runs
    permit = await nxt
    assert doomed.cancelled()
    assert gate.in_flight == 1
    permit.release()
    assert gate.in_flight == 0


def test_write_gate_rejects_nonsense() -> None:
    for limit in (0, -1, 1.5, True):
        with pytest.raises(ValueError, match="limit"):
            WriteGate(limit)  # type: ignore[arg-type]


# --- SubscriptionLanes --------------------------------------------------------------


async def test_one_change_at_a_time_per_subscription_in_order() -> None:
    lanes = SubscriptionLanes()
    log: list[tuple[int, str, float]] = []

    async def change(sid: int, name: str, seconds: float) -> None:
        permit = await lanes.acquire(sid)
        log.append((sid, name, now()))
        await sleep(seconds)
        permit.release()

    async with asyncio.TaskGroup() as tg:
        for name in ("a", "b", "c"):
            tg.create_task(change(1, name, 10))
            await asyncio.sleep(0)
        tg.create_task(change(2, "x", 10))  # another subscription: not blocked
    assert log == [(1, "a", 0), (2, "x", 0), (1, "b", 10), (1, "c", 20)]
    assert len(lanes) == 0  # idle lanes are dropped


async def test_lanes_are_dropped_when_idle_even_after_cancellation() -> None:
    lanes = SubscriptionLanes()
    held = await lanes.acquire(7)
    assert lanes.busy(7)
    waiter = asyncio.create_task(lanes.acquire(7))
    await sleep(1)
    assert lanes.waiting(7) == 1
    waiter.cancel()
    await asyncio.gather(waiter, return_exceptions=True)
    assert lanes.waiting(7) == 0
    held.release()
    held.release()
    assert not lanes.busy(7)
    assert len(lanes) == 0
    for sid in range(100):
        (await lanes.acquire(sid)).release()
    assert len(lanes) == 0
    assert no_other_tasks()


async def test_a_released_lane_permit_does_not_free_a_newer_holder() -> None:
    lanes = SubscriptionLanes()
    old = await lanes.acquire(3)
    old.release()
    new = await lanes.acquire(3)  # a fresh lane
    old.release()  # a late, repeated release of the old permit
    blocked: Awaitable[Permit] = asyncio.create_task(lanes.acquire(3))
    await sleep(1)
    assert not blocked.done()  # type: ignore[attr-defined]
    new.release()
    (await blocked).release()
    assert len(lanes) == 0
