"""Seeded fault decisions, request by request.

Each decision draws from one ``random.Random(seed)`` only when its fault is switched on,
so enabling one fault does not reshuffle another's sequence.
"""

from __future__ import annotations

import random
from typing import Literal

from .config import Faults, errors_for, rate_for

TaskFate = Literal["ok", "fail", "stuck"]


class FaultPlan:
    """Answers, request by request, which fault (if any) strikes."""

    def __init__(self, faults: Faults, rng: random.Random) -> None:
        self.faults = faults
        self._rng = rng
        self._burst_until = float("-inf")

    def _strikes(self, rate: float) -> bool:
        return rate > 0 and self._rng.random() < rate

    def drop(self, method: str, route: str) -> bool:
        return self._strikes(rate_for(self.faults.drop_rate, method, route))

    def lose_response(self, method: str, route: str) -> bool:
        return self._strikes(rate_for(self.faults.lost_response_rate, method, route))

    def latency(self) -> float:
        jitter = self.faults.latency_jitter
        return self.faults.latency + (self._rng.uniform(0, jitter) if jitter > 0 else 0.0)

    def burst(self, now: float) -> float | None:
        """Seconds left of the current throttling burst, starting one by chance."""
        if now >= self._burst_until and self._strikes(self.faults.burst_rate):
            self._burst_until = now + self.faults.burst_length
        return self._burst_until - now if now < self._burst_until else None

    def error_status(self, method: str, route: str) -> int | None:
        table = errors_for(self.faults, method, route)
        if not table:
            return None
        draw = self._rng.random()
        for status, rate in sorted(table.items()):
            if draw < rate:
                return status
            draw -= rate
        return None

    def task_fate(self) -> TaskFate:
        if self._strikes(self.faults.task_stuck_rate):
            return "stuck"
        if self._strikes(self.faults.task_failure_rate):
            return "fail"
        return "ok"
