"""Rate hints are bounded by the rate window (issue 14, point 2).

One 429 saying `x-rate-limit-retry-after-seconds: 1e9` used to pause the client for 31
years; a 503 with `Retry-After: 1e9` gave up at once instead of waiting and retrying.
A hint now counts for at most the API's rate window (60 s): after it, every request the
server counted has expired. Fake loop time (looptime): the waits cost nothing.
(The pause kept in Redis is bounded too: tests/redis_budget/test_bounded_pauses.py.)
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest

from redis_cloud_async import RateBudget
from redis_cloud_async._core import MAX_HINT_SECONDS
from redis_cloud_async._http import httpx
from tests.helpers.mock_api import mock_client

pytestmark = pytest.mark.looptime(end=3600)

SUBSCRIPTIONS = {"accountId": 1, "subscriptions": []}
HUGE_HINTS = ["1e9", "31536000000", "1e308"]


def _once_then_ok(first: httpx.Response) -> tuple[list[float], Callable[..., httpx.Response]]:
    sent_at: list[float] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent_at.append(asyncio.get_running_loop().time())
        return first if len(sent_at) == 1 else httpx.Response(200, json=SUBSCRIPTIONS)

    return sent_at, handler


@pytest.mark.parametrize("hint", HUGE_HINTS)
@pytest.mark.parametrize("header", ["x-rate-limit-retry-after-seconds", "Retry-After"])
async def test_a_huge_429_hint_pauses_the_client_for_one_rate_window_at_most(
    header: str, hint: str
) -> None:
    sent_at, handler = _once_then_ok(httpx.Response(429, headers={header: hint}))
    async with mock_client(handler) as client:
        assert await client.subscriptions.list() == []
        assert client.stats.rate_limited == 1
        budget = client.rate_budget
        assert isinstance(budget, RateBudget)
        assert budget.paused_time <= budget.period + 0.5  # the window and the margin
    assert len(sent_at) == 2
    assert sent_at[1] - sent_at[0] <= MAX_HINT_SECONDS + 0.5


@pytest.mark.parametrize("hint", HUGE_HINTS)
async def test_a_huge_retry_after_on_a_503_waits_one_window_then_retries(hint: str) -> None:
    sent_at, handler = _once_then_ok(httpx.Response(503, headers={"Retry-After": hint}))
    async with mock_client(handler) as client:
        assert await client.subscriptions.list() == []  # retried, not given up at once
        assert client.stats.retries == 1
    assert len(sent_at) == 2
    assert sent_at[1] - sent_at[0] <= MAX_HINT_SECONDS + 1e-6


@pytest.mark.parametrize("hint", ["nan", "inf", "-inf", "\u0661\u0660", "soon"])
async def test_a_hint_that_is_no_number_of_seconds_is_no_hint(hint: str) -> None:
    first = httpx.Response(429, headers=[(b"x-rate-limit-retry-after-seconds", hint.encode())])
    sent_at, handler = _once_then_ok(first)
    async with mock_client(handler) as client:
        assert await client.subscriptions.list() == []
    assert sent_at[1] - sent_at[0] <= 1.0  # the first hintless backoff (0.5 to 1 s)


async def test_the_budget_itself_never_pauses_longer_than_its_period() -> None:
    budget = RateBudget(100, period=6.0, margin=0.25)  # a scaled window: its own bound
    assert budget.pause(1e9) == 6.25
    assert budget.pause(float("inf")) <= 6.25  # no hint: a backoff up to one period
    began = asyncio.get_running_loop().time()
    await budget.acquire()
    assert asyncio.get_running_loop().time() - began <= 6.25
