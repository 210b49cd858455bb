"""Counters a test or a benchmark reads after the fact (``fake.stats``)."""

from __future__ import annotations

from collections import Counter

import attrs


@attrs.define
class Stats:
    """What the simulated service saw and did.

    ``requests`` counts answers by ``(method, route template, status)``; dropped and lost
    exchanges are in ``faults``, not there. ``created`` counts resources actually created,
    by ``(kind, name)``: a count above one is a duplicate made by a blind retry. Task
    counters move lazily, when a request (or ``fake.advance()``) brings the simulator up
    to date.
    """

    requests: Counter[tuple[str, str, int]] = attrs.field(factory=Counter)
    rate_limited: int = 0
    concurrency_limited: int = 0
    faults: Counter[str] = attrs.field(factory=Counter)
    created: Counter[tuple[str, str]] = attrs.field(factory=Counter)
    tasks_by_status: Counter[str] = attrs.field(factory=Counter)
    tasks_submitted: int = 0

    def count(
        self, method: str | None = None, route: str | None = None, status: int | None = None
    ) -> int:
        """Answers matching every given filter."""
        return sum(
            n
            for (m, r, s), n in self.requests.items()
            if (method is None or m == method)
            and (route is None or r == route)
            and (status is None or s == status)
        )

    @property
    def too_many_requests(self) -> int:
        """Every 429 sent: rate limit, concurrency limit and injected bursts."""
        return self.count(status=429)

    def duplicates(self) -> dict[tuple[str, str], int]:
        """Resources created more than once under the same name."""
        return {key: n for key, n in self.created.items() if n > 1}

    def task_moved(self, old: str | None, new: str) -> None:
        if old is None:
            self.tasks_submitted += 1
        else:
            self.tasks_by_status[old] -= 1
            if not self.tasks_by_status[old]:
                del self.tasks_by_status[old]
        self.tasks_by_status[new] += 1
