"""A client whose every request is answered by a function (httpx's MockTransport)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from redis_cloud_async import AsyncClient, PollPolicy, RetryPolicy
from redis_cloud_async._http import httpx

#: Retries and polling on a scale fake loop time (looptime) runs through at once.
RETRY = RetryPolicy(attempts=5, timeout=600, backoff_initial=0.5, backoff_max=5)
POLL = PollPolicy(initial=1, maximum=5, grace=0)


def mock_client(handler: Callable[[httpx.Request], httpx.Response], **options: Any) -> AsyncClient:
    """An `AsyncClient` with test keys whose requests `handler` answers; `options` are the
    client's (retry and poll default to `RETRY` and `POLL`)."""
    return AsyncClient(
        "key-0123456789",
        "secret-0123456789",
        transport=httpx.MockTransport(handler),
        **{"retry": RETRY, "poll": POLL, **options},
    )
