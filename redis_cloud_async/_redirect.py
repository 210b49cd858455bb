"""Where a client built for the real service goes while a mock of it is active.

`redis_cloud_async.testing.mock_redis_cloud()` pushes a `Redirect` here; an
`AsyncClient` built with the default base URL (and no transport of its own) then talks
to the redirect's in-process transport, on the simulator's clock (`ClockOptions`). The
stack is process-wide, as a mock must reach clients that application code builds in
any task or thread; the innermost active redirect wins.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypedDict

import attrs

from ._budget import RateBudgetProtocol
from ._http import httpx
from ._polling import PollPolicy
from ._retry import RetryPolicy

__all__ = ["ClockOptions", "Redirect", "active_redirect", "pop_redirect", "push_redirect"]


class ClockOptions(TypedDict):
    """The `AsyncClient` options that pace it: polling, retry back-off, rate budget.

    `AsyncClient(**options)` takes them as they are.
    """

    poll: PollPolicy
    retry: RetryPolicy
    rate_budget: RateBudgetProtocol


@attrs.frozen(kw_only=True)
class Redirect:
    """An in-process service: its transport and base URL, the keys a client uses when
    it is given none (and the environment has none), and a fresh `ClockOptions` per
    client (`clock(requests_per_minute)`: the client's own limit, or the service's when
    it names none)."""

    transport: httpx.AsyncBaseTransport
    base_url: str
    api_key: str = attrs.field(repr=False)
    api_secret: str = attrs.field(repr=False)
    clock: Callable[[float | None], ClockOptions]


_STACK: list[Redirect] = []
_LOCK = threading.Lock()


def push_redirect(redirect: Redirect) -> None:
    with _LOCK:
        _STACK.append(redirect)


def pop_redirect(redirect: Redirect) -> None:
    """Remove `redirect` (wherever it is in the stack: mocks may end out of order)."""
    with _LOCK:
        for index in range(len(_STACK) - 1, -1, -1):
            if _STACK[index] is redirect:
                del _STACK[index]
                return


def active_redirect() -> Redirect | None:
    """The innermost active redirect, if any."""
    with _LOCK:
        return _STACK[-1] if _STACK else None
