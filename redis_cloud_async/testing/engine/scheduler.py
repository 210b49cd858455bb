"""Lazy, deterministic time: events wait in a heap until someone asks for the present.

No background asyncio task ever runs. Each request first calls `advance(now)`, which
applies every event due by then, oldest first; so the simulator behaves the same
in-process, behind uvicorn and under a fake loop clock, and leaves nothing pending.
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Callable

Event = Callable[[float], None]


class Scheduler:
    """A time-ordered queue of callbacks; each gets the time it was due."""

    def __init__(self) -> None:
        self._heap: list[tuple[float, int, Event]] = []
        self._order = itertools.count()

    def at(self, when: float, event: Event) -> None:
        heapq.heappush(self._heap, (when, next(self._order), event))

    def advance(self, now: float) -> None:
        """Apply the events due by ``now``; an event may schedule more, also applied."""
        while self._heap and self._heap[0][0] <= now:
            when, _, event = heapq.heappop(self._heap)
            event(when)

    def next_due(self) -> float | None:
        return self._heap[0][0] if self._heap else None
