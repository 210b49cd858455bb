"""The retry decision and the retry loop, on fake loop time."""

from __future__ import annotations

import asyncio
import logging
import math
import random
from collections.abc import Callable
from typing import Any

import attrs
import pytest
import stamina

from redis_cloud_async._clock import now, sleep
from redis_cloud_async._errors import (
    AmbiguousWriteError,
    APIError,
    DecodeError,
    ServiceUnavailableError,
    TransportError,
    error_for_status,
)
from redis_cloud_async._http import httpx
from redis_cloud_async._retry import (
    RetryEvent,
    RetryPolicy,
    call_with_retries,
    is_retryable,
    waiting_to_send,
)

pytestmark = pytest.mark.looptime

READS = ["GET", "HEAD"]
WRITES = ["POST", "PUT", "DELETE", "PATCH"]
SECRET = "s3cr3t-api-key-0123"
REQUEST = httpx.Request(
    "POST",
    "https://user:hunter2@api.example/v1/subscriptions",
    headers={"x-api-key": SECRET, "x-api-secret-key": SECRET},
)

Factory = Callable[[], Exception]


def transport(cls: type[httpx.RequestError], message: str = "boom") -> Factory:
    return lambda: cls(message, request=REQUEST)


def status(code: int, retry_after: float | None = None) -> Factory:
    return lambda: error_for_status(code)(
        "server says no", method="GET", path="/x", status=code, retry_after=retry_after
    )


# (failure, outcome for GET/HEAD, outcome for POST/PUT/DELETE/PATCH)
# retry: sent again; raise: raised at once; ambiguous: AmbiguousWriteError, never re-sent.
TABLE: list[tuple[str, Factory, str, str]] = [
    *[
        (cls.__name__, transport(cls), "retry", "retry")
        for cls in (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
    ],
    *[
        (cls.__name__, transport(cls), "retry", "ambiguous")
        for cls in (
            httpx.ReadTimeout,
            httpx.ReadError,
            httpx.RemoteProtocolError,
            httpx.WriteError,
            httpx.WriteTimeout,
            httpx.CloseError,
        )
    ],
    *[
        (cls.__name__, transport(cls), "raise", "raise")
        for cls in (httpx.UnsupportedProtocol, httpx.LocalProtocolError, httpx.ProxyError)
    ],
    ("429", status(429), "retry", "retry"),
    ("429 with hint", status(429, retry_after=3), "retry", "retry"),
    ("408", status(408), "retry", "raise"),
    *[(str(code), status(code), "retry", "ambiguous") for code in (500, 502, 503, 504)],
    *[(str(code), status(code), "raise", "ambiguous") for code in (501, 505)],
    *[(str(code), status(code), "raise", "raise") for code in (400, 401, 403, 404, 409, 412, 422)],
]
ROWS = [
    pytest.param(method, make, read if method in READS else write, id=f"{method}-{name}")
    for name, make, read, write in TABLE
    for method in READS + WRITES
]


class Script:
    """An `attempt` callable that fails as scripted, then returns "ok"; counts attempts."""

    def __init__(self, *failures: Factory, hang: float = 0.0) -> None:
        self.failures = list(failures)
        self.calls: list[int] = []
        self.started: list[float] = []
        self.hang = hang

    async def __call__(self, number: int) -> str:
        self.calls.append(number)
        self.started.append(now())
        await sleep(self.hang)
        if self.failures:
            raise self.failures.pop(0)()
        return "ok"


async def run(
    method: str, script: Script, policy: RetryPolicy | None = None
) -> tuple[str, list[RetryEvent]]:
    events: list[RetryEvent] = []
    result = await call_with_retries(
        policy or RetryPolicy(), method, "/subscriptions", script, on_retry=events.append
    )
    return result, events


# --- the decision table -------------------------------------------------------------


@pytest.mark.parametrize(("method", "make", "outcome"), ROWS)
def test_is_retryable(method: str, make: Factory, outcome: str) -> None:
    assert is_retryable(method, make()) is (outcome == "retry")
    assert is_retryable(method.lower(), make()) is (outcome == "retry")


@pytest.mark.parametrize(("method", "make", "outcome"), ROWS)
async def test_the_loop_follows_the_table(method: str, make: Factory, outcome: str) -> None:
    script = Script(make)
    if outcome == "retry":
        result, events = await run(method, script)
        assert result == "ok"
        assert script.calls == [1, 2]
        assert [event.attempt for event in events] == [1]
        return
    with pytest.raises(Exception) as caught:  # noqa: PT011 - checked below, row by row
        await run(method, script)
    error = caught.value
    assert script.calls == [1]  # never sent again
    cause = error.__cause__
    if outcome == "ambiguous":
        assert isinstance(error, AmbiguousWriteError)
        assert error.cause is cause
        assert (error.method, error.path) == (method, "/subscriptions")
        assert "not re-sent" in str(error)
    elif isinstance(cause, httpx.HTTPError):
        assert isinstance(error, TransportError)
        assert type(cause).__name__ in str(error)
    else:
        assert isinstance(error, APIError)
        assert cause is None


@pytest.mark.parametrize(
    "failure", [ValueError("bug"), DecodeError("not JSON", method="POST", path="/x")]
)
async def test_other_errors_are_raised_as_they_are(failure: Exception) -> None:
    script = Script(lambda: failure)
    with pytest.raises(type(failure)) as caught:
        await run("POST", script)
    assert caught.value is failure
    assert script.calls == [1]


@pytest.mark.parametrize("method", WRITES)
async def test_a_write_is_never_resent_after_a_read_timeout_or_5xx(method: str) -> None:
    for failure in (transport(httpx.ReadTimeout), status(500), status(503, retry_after=1)):
        script = Script(failure, failure, failure)
        with pytest.raises(AmbiguousWriteError):
            await run(method, script)
        assert len(script.calls) == 1


@pytest.mark.parametrize("method", WRITES)
async def test_a_rate_limited_write_is_resent(method: str) -> None:
    script = Script(status(429, retry_after=5), status(429), transport(httpx.ConnectError))
    result, events = await run(method, script)
    assert result == "ok"
    assert script.calls == [1, 2, 3, 4]
    assert [e.cause for e in events[:2]] == ["RateLimitError (429)", "RateLimitError (429)"]


# --- backoff ------------------------------------------------------------------------


@pytest.mark.parametrize("retry", [1, 2, 3, 6, 7, 20, 2000])
def test_full_jitter_stays_within_zero_and_the_capped_exponential(retry: int) -> None:
    policy = RetryPolicy(backoff_initial=0.5, backoff_max=30.0)
    ceiling = min(30.0, 0.5 * 2 ** (retry - 1)) if retry < 100 else 30.0
    assert policy.backoff_ceiling(retry) == ceiling
    rng = random.Random(retry)
    samples = [policy.backoff(retry, rng) for _ in range(2000)]
    assert all(0.0 <= s <= ceiling for s in samples)
    # Full jitter spreads over the whole range, not only its upper half.
    assert min(samples) < 0.05 * ceiling
    assert max(samples) > 0.95 * ceiling


async def test_backoffs_are_slept_on_the_loop_clock_and_reported() -> None:
    policy = RetryPolicy(attempts=6, backoff_initial=1.0, backoff_max=4.0)
    script = Script(*[transport(httpx.ReadTimeout)] * 5)
    result, events = await run("GET", script, policy)
    assert result == "ok"
    assert [e.attempt for e in events] == [1, 2, 3, 4, 5]
    for event in events:
        assert 0.0 <= event.backoff <= policy.backoff_ceiling(event.attempt)
        assert event.cause == "ReadTimeout: boom"
        assert (event.method, event.path) == ("GET", "/subscriptions")
    gaps = [b - a for a, b in zip(script.started, script.started[1:], strict=False)]
    assert gaps == pytest.approx([e.backoff for e in events], abs=1e-5)


async def test_a_server_hint_wins_over_the_backoff() -> None:
    script = Script(status(503, retry_after=7.0))
    _, events = await run("GET", script, RetryPolicy(backoff_max=1.0))
    assert events[0].backoff == 7.0
    assert script.started[1] - script.started[0] == pytest.approx(7.0)


async def test_a_429_with_a_hint_leaves_the_waiting_to_the_rate_budget() -> None:
    script = Script(status(429, retry_after=30.0))
    _, events = await run("POST", script)
    assert events[0].backoff == 0.0
    assert script.started == [0.0, 0.0]


async def test_a_429_without_a_hint_backs_off() -> None:
    policy = RetryPolicy(backoff_initial=2.0)
    script = Script(status(429), status(429))
    _, events = await run("POST", script, policy)
    assert [e.backoff <= policy.backoff_ceiling(e.attempt) for e in events] == [True, True]
    assert script.started[2] == pytest.approx(sum(e.backoff for e in events), abs=1e-5)


async def test_attempts_are_capped() -> None:
    script = Script(*[transport(httpx.ConnectError)] * 10)
    with pytest.raises(TransportError) as caught:
        await run("POST", script, RetryPolicy(attempts=4, backoff_max=0.0, backoff_initial=0.0))
    assert script.calls == [1, 2, 3, 4]
    assert isinstance(caught.value.__cause__, httpx.ConnectError)
    assert str(caught.value) == "POST /subscriptions: ConnectError: boom"


# --- the deadline, on the loop clock ------------------------------------------------


async def test_a_read_that_hangs_fails_at_the_deadline() -> None:
    with pytest.raises(TransportError, match="10s deadline after 1 attempt"):
        await run("GET", Script(hang=1000), RetryPolicy(timeout=10))
    assert now() == pytest.approx(10.0)


@pytest.mark.parametrize("method", WRITES)
async def test_a_write_in_flight_at_the_deadline_is_ambiguous(method: str) -> None:
    with pytest.raises(AmbiguousWriteError) as caught:
        await run(method, Script(hang=1000), RetryPolicy(timeout=10))
    assert now() == pytest.approx(10.0)
    assert isinstance(caught.value.cause, TimeoutError)
    assert caught.value.method == method


async def test_a_write_still_waiting_to_send_at_the_deadline_is_not_ambiguous() -> None:
    sent = []

    async def attempt(_: int) -> str:
        with waiting_to_send():
            await sleep(1000)  # e.g. the rate budget
        sent.append(True)
        return "ok"

    with pytest.raises(TransportError, match="deadline") as caught:
        await call_with_retries(RetryPolicy(timeout=10), "POST", "/x", attempt)
    assert not isinstance(caught.value, AmbiguousWriteError)
    assert sent == []


async def test_a_write_that_hangs_after_waiting_to_send_is_ambiguous() -> None:
    async def attempt(_: int) -> str:
        with waiting_to_send():
            await sleep(1)
        await sleep(1000)  # sent, no answer
        return "ok"

    with pytest.raises(AmbiguousWriteError):
        await call_with_retries(RetryPolicy(timeout=10), "POST", "/x", attempt)


async def test_the_deadline_covers_every_attempt_and_names_the_last_error() -> None:
    policy = RetryPolicy(attempts=100, timeout=20, backoff_initial=0.0, backoff_max=0.0)
    script = Script(*[transport(httpx.ConnectError)] * 100, hang=3)
    with pytest.raises(TransportError) as caught:
        await run("GET", script, policy)
    assert now() == pytest.approx(20.0)
    assert len(script.calls) == 7  # at t=0, 3, ... 18
    assert "after 7 attempt(s); last error: ConnectError: boom" in str(caught.value)


async def test_a_backoff_past_the_deadline_gives_up_at_once() -> None:
    script = Script(status(503, retry_after=1000))
    with pytest.raises(ServiceUnavailableError):
        await run("GET", script, RetryPolicy(timeout=10))
    assert script.calls == [1]
    assert now() == 0


async def test_cancelling_the_call_cancels_it() -> None:
    task = asyncio.create_task(run("POST", Script(hang=1000)))
    await sleep(1)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task


def test_waiting_to_send_outside_a_call_does_nothing() -> None:
    with waiting_to_send():
        pass


# --- no secrets ---------------------------------------------------------------------


async def test_no_secret_reaches_errors_events_or_logs(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    leaky = "connect to https://user:hunter2@api.example failed"
    script = Script(
        transport(httpx.ConnectError, leaky),
        transport(httpx.ReadTimeout, leaky),
    )
    events: list[RetryEvent] = []
    with pytest.raises(AmbiguousWriteError) as caught:
        await call_with_retries(RetryPolicy(), "POST", "/x", script, on_retry=events.append)
    local = httpx.LocalProtocolError(f"Illegal header value b'{SECRET}\\n'", request=REQUEST)
    with pytest.raises(TransportError) as local_caught:
        await call_with_retries(RetryPolicy(), "GET", "/x", Script(lambda: local))

    texts = [str(caught.value), repr(caught.value), str(local_caught.value)]
    texts += [repr(event) for event in events]
    texts += [repr(record.__dict__) for record in caplog.records]
    names = {record.name for record in caplog.records}
    assert "redis_cloud_async.retry" in names  # it did log, on our logger alone
    assert not any("stamina" in name for name in names)
    for text in texts:
        assert SECRET not in text
        assert "hunter2" not in text
    assert "***@api.example" in str(caught.value)


# --- the policy ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "bad",
    [
        {"attempts": 0},
        {"attempts": True},
        {"attempts": 2.5},
        {"timeout": 0},
        {"timeout": -1},
        {"timeout": math.inf},
        {"timeout": math.nan},
        {"backoff_initial": -0.1},
        {"backoff_max": math.inf},
        {"backoff_initial": 5.0, "backoff_max": 1.0},
    ],
)
def test_policy_rejects_nonsense(bad: dict[str, Any]) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 - each names its field
        RetryPolicy(**bad)


def test_policy_is_frozen_and_keyword_only() -> None:
    policy = RetryPolicy()
    assert (policy.attempts, policy.timeout, policy.backoff_initial, policy.backoff_max) == (
        8,
        300.0,
        0.5,
        30.0,
    )
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        policy.attempts = 3  # type: ignore[misc]
    with pytest.raises(TypeError):
        RetryPolicy(3)  # type: ignore[call-arg]


async def test_retries_are_logged_on_our_logger_and_stamina_keeps_other_retries(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO)
    script = Script(transport(httpx.ConnectError, "refused"), transport(httpx.ConnectError, "x"))
    fast = RetryPolicy(backoff_initial=0.001, backoff_max=0.002)
    await call_with_retries(fast, "GET", "/subscriptions/7", script)
    ours = [r for r in caplog.records if r.name == "redis_cloud_async.retry"]
    assert [r.levelno for r in ours] == [logging.WARNING, logging.WARNING]
    first = ours[0].getMessage()
    assert first.startswith("retry GET /subscriptions/7: attempt 1 failed (ConnectError")
    assert "next attempt in 0.00" in first

    caplog.clear()
    calls = 0

    @stamina.retry(on=ValueError, attempts=2, wait_initial=0.0, wait_max=0.0)
    def someone_elses() -> None:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise ValueError("once")

    someone_elses()
    assert [r.getMessage() for r in caplog.records if r.name == "stamina"] == [
        "stamina.retry_scheduled"
    ]
