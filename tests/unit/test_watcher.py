"""The task watcher and the shared polling engine, on fake loop time (looptime).

A scripted `GET /tasks` / `GET /tasks/{id}` stands in for the client's send path: every
task has a timeline (when it becomes visible, starts, ends), the listing mode says what
`GET /tasks` shows, and every request is recorded with its loop time.
"""

from __future__ import annotations

import asyncio
import itertools
import math
from collections import Counter
from typing import Any, Literal

import attrs
import looptime
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from redis_cloud_async._converter import make_converter
from redis_cloud_async._errors import (
    AuthenticationError,
    ClientClosedError,
    DecodeError,
    NotFoundError,
    RateLimitError,
    ServiceUnavailableError,
    TaskTimeoutError,
    TransportError,
    ValidationError,
)
from redis_cloud_async._http import httpx
from redis_cloud_async._polling import PollPolicy, gather_bounded
from redis_cloud_async._watcher import TaskWatcher
from redis_cloud_async.models.tasks import Task, TaskStatus

# A runaway wait fails at fake hour one instead of hanging the run.
pytestmark = pytest.mark.looptime(end=3600)

Listing = Literal["all", "running", "empty", "null"]


@attrs.define
class Script:
    """One task's timeline on the loop clock."""

    visible_at: float = 0.0  #: before: 404 on its URL, absent from the list
    started_at: float = 0.0  #: `received` before, `processing-in-progress` after
    done_at: float = math.inf
    fails: bool = False
    listed: bool = True  #: False: `GET /tasks` never shows it, only its own URL does

    def running(self, at: float) -> bool:
        return at < self.done_at

    def status(self, at: float) -> str:
        if at >= self.done_at:
            return "processing-error" if self.fails else "processing-completed"
        return "processing-in-progress" if at >= self.started_at else "received"


def task_json(task_id: str, status: str) -> dict[str, Any]:
    """A task as the API answers it (every field the strict converter knows)."""
    response: dict[str, Any] = {}
    if status == "processing-completed":
        response = {"resourceId": 42}
    elif status == "processing-error":
        response = {
            "error": {
                "type": "SUBSCRIPTION_NOT_ACTIVE",
                "status": "400 BAD_REQUEST",
                "description": "subscription is not active",
            }
        }
    return {
        "taskId": task_id,
        "commandType": "subscriptionCreateRequest",
        "status": status,
        "description": "Task request for subscription create",
        "timestamp": "2024-05-01T10:00:00Z",
        "response": response,
        "links": [{"rel": "self", "type": "GET", "href": f"https://x/v1/tasks/{task_id}"}],
    }


class FakeTasksAPI:
    """A `Requester` answering the two task routes from scripts; records every request."""

    def __init__(self, listing: Listing = "all", latency: float = 0.0) -> None:
        self.listing = listing
        self.latency = latency
        self.scripts: dict[str, Script] = {}
        self.requests: list[tuple[float, str]] = []
        self.sweep_errors: list[Exception] = []  #: raised by the next sweeps, in order
        self.in_flight = 0
        self.max_in_flight = 0

    def add(self, task_id: str, **timeline: Any) -> str:
        self.scripts[task_id] = Script(**timeline)
        return task_id

    async def request(self, method: str, path: str, *, raw: bool = False, **_: Any) -> Any:
        assert method == "GET"
        self.requests.append((asyncio.get_running_loop().time(), path))
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            if self.latency:
                await asyncio.sleep(self.latency)
            answer = self._answer(path, asyncio.get_running_loop().time())
            return httpx.Response(200, json=answer) if raw else answer
        finally:
            self.in_flight -= 1

    def _answer(self, path: str, at: float) -> Any:
        if path == "/tasks":
            if self.sweep_errors:
                raise self.sweep_errors.pop(0)
            if self.listing == "null":
                return None
            if self.listing == "empty":
                return {}
            shown = [
                task_json(tid, s.status(at))
                for tid, s in self.scripts.items()
                if at >= s.visible_at and s.listed and (self.listing == "all" or s.running(at))
            ]
            return {"tasks": shown}
        task_id = path.removeprefix("/tasks/")
        script = self.scripts.get(task_id)
        if script is None or at < script.visible_at:
            raise NotFoundError("Not Found", method="GET", path=path, status=404)
        return task_json(task_id, script.status(at))

    # -- what the tests read ------------------------------------------------------------
    def sweep_times(self) -> list[float]:
        return [at for at, path in self.requests if path == "/tasks"]

    def fetches(self) -> Counter[str]:
        return Counter(
            path.removeprefix("/tasks/") for _, path in self.requests if path != "/tasks"
        )


def ours() -> list[asyncio.Task[Any]]:
    """The library's background tasks still alive in this loop."""
    return [t for t in asyncio.all_tasks() if t.get_name().startswith("redis-cloud-async:")]


def make_watcher(api: FakeTasksAPI, **policy: Any) -> TaskWatcher:
    return TaskWatcher(api, make_converter(strict=True), PollPolicy(**policy))


def gaps(times: list[float]) -> list[float]:
    return [b - a for a, b in itertools.pairwise(times)]


async def settle_loop() -> None:
    """Let callbacks scheduled with call_soon run (no loop time passes)."""
    for _ in range(5):
        await asyncio.sleep(0)


# -- one request per tick -------------------------------------------------------------------
async def test_a_thousand_waits_are_served_by_one_sweep_per_tick() -> None:
    api = FakeTasksAPI("all")
    ids = [api.add(f"task-{i}", done_at=10 + i % 5) for i in range(1000)]
    watcher = make_watcher(api)
    start = asyncio.get_running_loop().time()

    tasks = await asyncio.gather(*(watcher.wait(tid) for tid in ids))

    assert [t.task_id for t in tasks] == ids
    assert all(t.status == TaskStatus.PROCESSING_COMPLETED for t in tasks)
    sweeps = api.sweep_times()
    assert len(api.requests) == len(sweeps) == watcher.stats.sweeps == watcher.stats.ticks
    assert api.fetches() == Counter()
    assert watcher.stats.fetches == 0
    # 1 s after the first waiter, then backing off 1.5x while nothing changes; the first
    # completions (at 13.19) make the next interval short again.
    expected = [1.0, 2.5, 4.75, 8.125, 13.1875, 14.1875]
    assert [t - start for t in sweeps] == pytest.approx(expected)
    await settle_loop()
    assert not watcher.running
    assert ours() == []


async def test_a_running_only_listing_fetches_each_ended_task_once() -> None:
    api = FakeTasksAPI("running")
    ids = [api.add(f"t{i}", done_at=5 + 3 * i) for i in range(20)]
    watcher = make_watcher(api)

    tasks = await asyncio.gather(*(watcher.wait(tid) for tid in ids))

    assert all(t.is_terminal for t in tasks)
    assert api.fetches() == Counter(dict.fromkeys(ids, 1))
    assert len(api.sweep_times()) == watcher.stats.sweeps == watcher.stats.ticks


@pytest.mark.parametrize("listing", ["empty", "null"])
async def test_an_empty_listing_falls_back_to_one_fetch_per_task(listing: Listing) -> None:
    api = FakeTasksAPI(listing)
    ids = [api.add(f"t{i}", done_at=0) for i in range(5)]
    watcher = make_watcher(api)

    tasks = await asyncio.gather(*(watcher.wait(tid) for tid in ids))

    assert [t.task_id for t in tasks] == ids
    assert api.fetches() == Counter(dict.fromkeys(ids, 1))
    assert watcher.stats.fetches == 5


async def test_fetches_run_a_few_at_a_time() -> None:
    api = FakeTasksAPI("empty", latency=0.5)
    ids = [api.add(f"t{i}", done_at=0) for i in range(40)]
    watcher = make_watcher(api, fetch_concurrency=8)

    await asyncio.gather(*(watcher.wait(tid) for tid in ids))

    assert api.max_in_flight == 8
    assert sum(api.fetches().values()) == 40


async def test_a_task_the_sweep_never_shows_is_fetched_on_its_own_backoff() -> None:
    api = FakeTasksAPI("running")
    hidden = api.add("hidden", listed=False, done_at=90)
    # Tasks ending every 2 s keep the shared interval short...
    churn = [api.add(f"churn-{i}", done_at=2 * i) for i in range(1, 46)]
    watcher = make_watcher(api)

    await asyncio.gather(watcher.wait(hidden), *(watcher.wait(tid) for tid in churn))

    # ...while the hidden task's own lookups back off to the cap.
    during_churn = [at for at in api.sweep_times() if at <= 90]
    assert max(gaps(during_churn)) <= 2.5
    hidden_fetches = [at for at, path in api.requests if path == f"/tasks/{hidden}"]
    assert len(api.sweep_times()) > 40
    assert len(hidden_fetches) < 15
    assert max(gaps(hidden_fetches)) >= 15.0
    assert api.fetches()[hidden] == len(hidden_fetches)
    assert all(api.fetches()[tid] == 1 for tid in churn)  # once, when it left the list


# -- pacing ---------------------------------------------------------------------------------
async def test_the_interval_backs_off_to_its_cap_then_the_deadline_ends_the_wait(
    looptime: float,
) -> None:
    api = FakeTasksAPI("all")
    tid = api.add("stuck")  # never ends
    watcher = make_watcher(api)

    with pytest.raises(TaskTimeoutError) as caught:
        await watcher.wait(tid, timeout=120)

    assert looptime == pytest.approx(120)
    assert caught.value.task_id == tid
    assert caught.value.timeout == 120
    assert caught.value.last_status == "processing-in-progress"
    measured = gaps(api.sweep_times())
    expected = [1.5, 2.25, 3.375, 5.0625, 7.59375, 11.390625, 15.0, 15.0, 15.0, 15.0, 15.0]
    assert measured[: len(expected)] == pytest.approx(expected)
    assert max(measured) == pytest.approx(15.0)
    await settle_loop()
    assert ours() == []


async def test_a_new_waiter_makes_the_next_tick_come_soon() -> None:
    api = FakeTasksAPI("all")
    stuck = api.add("stuck")
    fresh = api.add("fresh", done_at=0)
    watcher = make_watcher(api)
    background = asyncio.create_task(watcher.wait(stuck))
    await asyncio.sleep(60)  # the interval is at its 15 s cap by now
    assert gaps(api.sweep_times())[-1] == pytest.approx(15.0)

    arrived = asyncio.get_running_loop().time()
    task = await watcher.wait(fresh)

    assert task.succeeded
    assert api.sweep_times()[-1] - arrived <= 1.0
    background.cancel()
    await settle_loop()
    assert not watcher.running


async def test_a_status_change_resets_the_interval() -> None:
    api = FakeTasksAPI("all")
    tid = api.add("t", started_at=40, done_at=1000)
    watcher = make_watcher(api)
    background = asyncio.create_task(watcher.wait(tid))

    await asyncio.sleep(80)

    times = api.sweep_times()
    first_running = next(i for i, at in enumerate(times) if at >= 40)
    assert times[first_running + 1] - times[first_running] == pytest.approx(1.0)
    background.cancel()


# -- fresh ids and 404s ---------------------------------------------------------------------
async def test_a_fresh_id_answering_404_within_the_grace_window_does_not_fail() -> None:
    api = FakeTasksAPI("all")
    tid = api.add("fresh", visible_at=20, done_at=25)
    watcher = make_watcher(api, grace=30)

    task = await watcher.wait(tid)

    assert task.succeeded
    assert api.fetches()[tid] >= 1  # it was looked up, and answered 404, meanwhile


async def test_a_404_past_the_grace_window_fails_only_the_waits_that_are_past_it() -> None:
    api = FakeTasksAPI("running")
    tid = api.add("ghost", visible_at=math.inf)
    watcher = make_watcher(api, grace=30)
    early = asyncio.create_task(watcher.wait(tid))
    await asyncio.sleep(20)
    late = asyncio.create_task(watcher.wait(tid))  # its grace runs until 50

    with pytest.raises(NotFoundError):
        await early
    failed_at = asyncio.get_running_loop().time()
    assert 30 <= failed_at <= 30 + 15
    assert not late.done()

    api.scripts[tid] = Script(visible_at=0, done_at=0)  # it shows up after all
    assert (await late).succeeded


# -- deadlines, cancellation, closing ---------------------------------------------------------
async def test_a_deadline_ends_one_wait_and_leaves_the_others() -> None:
    api = FakeTasksAPI("all")
    tid = api.add("t", done_at=50)
    watcher = make_watcher(api)
    patient = asyncio.create_task(watcher.wait(tid))

    with pytest.raises(TaskTimeoutError) as caught:
        await watcher.wait(tid, timeout=5)

    assert caught.value.last_status == "processing-in-progress"
    assert (await patient).succeeded


async def test_cancelling_one_of_n_waits_leaves_the_others_alone() -> None:
    api = FakeTasksAPI("all")
    shared = api.add("shared", done_at=30)
    other = api.add("other", done_at=20)
    watcher = make_watcher(api)
    waits = [asyncio.create_task(watcher.wait(shared)) for _ in range(3)]
    other_wait = asyncio.create_task(watcher.wait(other))
    await asyncio.sleep(5)

    waits[0].cancel()
    await settle_loop()

    assert waits[0].cancelled()
    assert (await other_wait).succeeded
    assert [(await w).task_id for w in waits[1:]] == [shared, shared]
    assert api.fetches() == Counter()


async def test_aclose_ends_every_wait_and_leaves_no_task_behind() -> None:
    api = FakeTasksAPI("all")
    ids = [api.add(f"t{i}") for i in range(100)]  # none ever ends
    watcher = make_watcher(api)
    waits = [asyncio.create_task(watcher.wait(tid)) for tid in ids]
    watched = watcher.watch(ids[0])
    await asyncio.sleep(10)
    assert watcher.running

    await watcher.aclose()

    results = await asyncio.gather(*waits, return_exceptions=True)
    assert all(isinstance(r, ClientClosedError) for r in results)
    assert isinstance(watched.exception(), ClientClosedError)
    assert not watcher.running
    assert ours() == []
    with pytest.raises(ClientClosedError):
        await watcher.wait(ids[0])
    late = watcher.watch(ids[0])  # failed already: a permit released on it is released
    assert isinstance(late.exception(), ClientClosedError)
    await watcher.aclose()  # idempotent


async def test_the_loop_stops_by_itself_when_nobody_waits(looptime: float) -> None:
    api = FakeTasksAPI("all")
    stuck = api.add("stuck")
    watcher = make_watcher(api)
    assert not watcher.running

    wait = asyncio.create_task(watcher.wait(stuck))
    await asyncio.sleep(60)  # mid-way through a 15 s sleep of the loop
    assert watcher.running
    wait.cancel()
    before = float(looptime)
    await settle_loop()

    assert not watcher.running
    assert ours() == []
    assert looptime == before  # it did not sit out its sleep
    sweeps = watcher.stats.sweeps
    await asyncio.sleep(100)
    assert watcher.stats.sweeps == sweeps


# -- errors of the sweep --------------------------------------------------------------------
async def test_transient_sweep_errors_are_retried_on_the_next_tick() -> None:
    api = FakeTasksAPI("all")
    tid = api.add("t", done_at=0)
    api.sweep_errors = [
        ServiceUnavailableError("down", method="GET", path="/tasks", status=503),
        TransportError("reset", method="GET", path="/tasks"),
        RateLimitError("slow down", method="GET", path="/tasks", status=429),
    ]
    watcher = make_watcher(api)

    assert (await watcher.wait(tid)).succeeded
    assert watcher.stats.sweep_errors == 3
    assert watcher.stats.sweeps == 4


async def test_a_permanent_sweep_error_fails_every_wait() -> None:
    api = FakeTasksAPI("all")
    ids = [api.add(f"t{i}") for i in range(3)]
    api.sweep_errors = [AuthenticationError("bad key", method="GET", path="/tasks", status=401)]
    watcher = make_watcher(api)

    results = await asyncio.gather(*(watcher.wait(t) for t in ids), return_exceptions=True)

    assert all(isinstance(r, AuthenticationError) for r in results)
    await settle_loop()
    assert not watcher.running


# -- observe, watch, last_seen --------------------------------------------------------------
async def test_a_task_observed_terminal_needs_no_request() -> None:
    api = FakeTasksAPI("all")
    watcher = make_watcher(api)
    done = make_converter(strict=True).structure(task_json("t", "processing-completed"), Task)

    watcher.observe(done)

    assert await watcher.wait("t") is done
    assert watcher.last_seen("t") is done
    assert api.requests == []
    assert not watcher.running


async def test_an_observation_settles_pending_waits_at_once(looptime: float) -> None:
    api = FakeTasksAPI("all")
    tid = api.add("t")  # the API would keep saying it runs
    watcher = make_watcher(api)
    conv = make_converter(strict=True)
    watcher.observe(conv.structure(task_json(tid, "received"), Task))
    wait = asyncio.create_task(watcher.wait(tid))
    await asyncio.sleep(0.5)

    watcher.observe(conv.structure(task_json(tid, "processing-error"), Task))

    task = await wait
    assert task.failed  # returned, not raised: the caller decides
    assert looptime == pytest.approx(0.5)
    assert api.requests == []


async def test_watch_gives_a_future_that_settles_when_the_task_ends() -> None:
    api = FakeTasksAPI("all")
    tid = api.add("t", done_at=12)
    watcher = make_watcher(api)
    released: list[Task] = []

    future = watcher.watch(tid)
    future.add_done_callback(lambda f: released.append(f.result()))
    cancelled = watcher.watch(tid)
    cancelled.cancel()
    await asyncio.sleep(30)

    assert [t.task_id for t in released] == [tid]
    assert released[0].resource_id == 42
    assert watcher.last_seen(tid) == released[0]


async def test_as_completed_yields_in_the_order_tasks_end() -> None:
    api = FakeTasksAPI("all")
    a = api.add("a", done_at=30)
    b = api.add("b", done_at=10)
    c = api.add("c", done_at=20, fails=True)
    watcher = make_watcher(api)

    order = [task.task_id async for task in watcher.as_completed([a, b, c, b])]

    assert order == [b, c, a]


async def test_as_completed_deadline_names_the_first_unfinished_task() -> None:
    api = FakeTasksAPI("all")
    slow = api.add("slow")
    fast = api.add("fast", done_at=5)
    never = api.add("never")
    watcher = make_watcher(api)
    seen: list[str] = []

    async def consume() -> None:
        async for task in watcher.as_completed([slow, fast, never], timeout=60):
            seen.append(task.task_id)

    with pytest.raises(TaskTimeoutError) as caught:
        await consume()

    assert seen == [fast]
    assert caught.value.task_id == slow
    await settle_loop()
    assert not watcher.running  # the other waits ended with the iteration


async def test_a_task_that_cannot_be_decoded_fails_the_waits_with_a_decode_error() -> None:
    class Garbled:
        async def request(self, method: str, path: str, *, raw: bool = False, **_: Any) -> Any:
            answer = {"tasks": [{"taskId": "t", "status": "received", "surprise": 1}]}
            return httpx.Response(200, json=answer) if raw else answer

    watcher = TaskWatcher(Garbled(), make_converter(strict=True), PollPolicy())

    with pytest.raises(DecodeError, match="not a task"):
        await watcher.wait("t")


# -- the engine's pieces ------------------------------------------------------------------
@pytest.mark.parametrize(
    ("field", "values"),
    [
        ("initial", {"initial": 0}),
        ("factor", {"factor": 0.5}),
        ("maximum", {"initial": 5, "maximum": 2}),
        ("grace", {"grace": -1}),
        ("fetch_concurrency", {"fetch_concurrency": 0}),
    ],
)
def test_a_bad_policy_names_its_field(field: str, values: dict[str, Any]) -> None:
    with pytest.raises(ValidationError) as caught:
        PollPolicy(**values)
    assert caught.value.field == field


async def test_gather_bounded_returns_errors_in_place() -> None:
    async def ok() -> int:
        await asyncio.sleep(1)
        return 1

    async def boom() -> int:
        raise ValueError("boom")

    results = await gather_bounded([ok, boom, ok], 2)

    assert results[0] == 1
    assert results[2] == 1
    assert isinstance(results[1], ValueError)


# -- property: whatever the listing and the timelines, every wait gets its terminal task ---
timelines = st.lists(
    st.tuples(
        st.floats(0, 40),  # visible_at (the grace window is 30 s from registration)
        st.floats(0, 200),  # done_at, after visible_at
        st.booleans(),  # fails
    ),
    min_size=1,
    max_size=30,
)


@given(timelines, st.sampled_from(["all", "running", "empty", "null"]))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@pytest.mark.looptime(False)
def test_every_wait_gets_its_terminal_task(
    cases: list[tuple[float, float, bool]], listing: Listing
) -> None:
    async def scenario() -> None:
        api = FakeTasksAPI(listing)
        ids = [
            api.add(f"t{i}", visible_at=min(v, 25), done_at=min(v, 25) + d, fails=f)
            for i, (v, d, f) in enumerate(cases)
        ]
        watcher = make_watcher(api)
        tasks = await asyncio.gather(*(watcher.wait(tid) for tid in ids))
        for tid, task in zip(ids, tasks, strict=True):
            assert task.task_id == tid
            assert task.failed == api.scripts[tid].fails
        assert watcher.stats.sweeps == watcher.stats.ticks == len(api.sweep_times())
        assert len(api.requests) == watcher.stats.sweeps + watcher.stats.fetches
        if listing == "all":  # the first tick is 1 s in: only ids not visible yet are fetched
            assert set(api.fetches()) <= {t for t in ids if api.scripts[t].visible_at > 1.0}
        await settle_loop()
        assert ours() == []

    loop = looptime.new_event_loop(start=0, end=3600)
    try:
        loop.run_until_complete(scenario())
    finally:
        loop.close()
