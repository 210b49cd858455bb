"""The per-key request budget: N requests per window of loop seconds, sliding or fixed.

Nothing published says which kind of window the service uses (api-facts.md: 400 requests
per minute per key, re-synced from ``X-Rate-Limit-Remaining``). The Go SDK assumes a
fixed window that resets each minute; the simulator slides by default, the stricter of
the two for a client (any 60 seconds hold at most N requests, not only each clock
minute), and ``rate_window_kind="fixed"`` models the other. A client that keeps to the
limit must see no 429 under either.

Unscaled on purpose: the client paces itself in loop time, so the window is real
(or fake-loop) seconds whatever the simulator's `speed`.
"""

from __future__ import annotations

import math
from collections import deque
from typing import Literal, Protocol

import attrs

__all__ = [
    "Decision",
    "FixedWindowLimiter",
    "Limiter",
    "SlidingWindowLimiter",
    "WindowKind",
    "limiter",
]

WindowKind = Literal["sliding", "fixed"]


@attrs.frozen
class Decision:
    allowed: bool
    remaining: int
    retry_after: float


class Limiter(Protocol):
    """What the front end asks of the rate limit."""

    limit: int
    window: float

    def acquire(self, key: str, now: float) -> Decision: ...

    def remaining(self, key: str, now: float) -> int: ...


def _check(limit: int, window: float) -> None:
    if limit < 1 or window <= 0:
        raise ValueError("the rate limit needs limit >= 1 and window > 0")


class SlidingWindowLimiter:
    """Admits at most ``limit`` requests per key in any ``window`` seconds."""

    def __init__(self, limit: int, window: float) -> None:
        _check(limit, window)
        self.limit = limit
        self.window = window
        self._seen: dict[str, deque[float]] = {}

    def _recent(self, key: str, now: float) -> deque[float]:
        times = self._seen.setdefault(key, deque())
        while times and times[0] <= now - self.window:
            times.popleft()
        return times

    def acquire(self, key: str, now: float) -> Decision:
        """Count a request if the budget allows it; a refused one is not counted."""
        times = self._recent(key, now)
        if len(times) >= self.limit:
            return Decision(False, 0, max(times[0] + self.window - now, 0.001))
        times.append(now)
        return Decision(True, self.limit - len(times), 0.0)

    def remaining(self, key: str, now: float) -> int:
        return self.limit - len(self._recent(key, now))


class FixedWindowLimiter:
    """Admits at most ``limit`` requests per key in each window of ``window`` seconds; the
    count resets when a window ends. A key's windows follow one another from its first
    request (``[t0, t0 + window)``, ``[t0 + window, t0 + 2 * window)``...), so that a run
    from a fresh account is allowed the same requests under either kind of window."""

    def __init__(self, limit: int, window: float) -> None:
        _check(limit, window)
        self.limit = limit
        self.window = window
        self._origin: dict[str, float] = {}
        self._counts: dict[str, tuple[int, int]] = {}  # key -> (window index, count)

    def _index(self, key: str, now: float) -> int:
        origin = self._origin.setdefault(key, now)
        return math.floor((now - origin) / self.window)

    def _count(self, key: str, now: float) -> tuple[int, int]:
        index = self._index(key, now)
        seen, count = self._counts.get(key, (index, 0))
        return (index, count) if seen == index else (index, 0)

    def acquire(self, key: str, now: float) -> Decision:
        """Count a request if the window's budget allows it; a refused one is not counted."""
        index, count = self._count(key, now)
        if count >= self.limit:
            ends = self._origin[key] + (index + 1) * self.window
            return Decision(False, 0, max(ends - now, 0.001))
        self._counts[key] = (index, count + 1)
        return Decision(True, self.limit - count - 1, 0.0)

    def remaining(self, key: str, now: float) -> int:
        return self.limit - self._count(key, now)[1]


def limiter(kind: WindowKind, limit: int, window: float) -> Limiter:
    """The rate limit of the given window kind."""
    if kind == "sliding":
        return SlidingWindowLimiter(limit, window)
    if kind == "fixed":
        return FixedWindowLimiter(limit, window)
    raise ValueError(f"rate_window_kind must be 'sliding' or 'fixed', got {kind!r}")
