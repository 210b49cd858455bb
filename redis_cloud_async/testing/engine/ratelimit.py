"""The per-key request budget: N requests in any sliding window of loop seconds.

Unscaled on purpose: the client paces itself in loop time, so the window is real
(or fake-loop) seconds whatever the simulator's `speed`.
"""

from __future__ import annotations

from collections import deque

import attrs


@attrs.frozen
class Decision:
    allowed: bool
    remaining: int
    retry_after: float


class SlidingWindowLimiter:
    """Admits at most ``limit`` requests per key in any ``window`` seconds."""

    def __init__(self, limit: int, window: float) -> None:
        if limit < 1 or window <= 0:
            raise ValueError("the rate limit needs limit >= 1 and window > 0")
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
