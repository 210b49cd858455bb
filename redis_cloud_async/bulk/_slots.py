"""The account's "pending subscription" slots, handed out longest chain first.

The service lets at most 3 subscriptions be non-active at once, and anything that
changes a subscription (its creation, a database created or deleted in it, its
deletion) makes it non-active until the change is done; one more subscription create
is refused with a 429. A slot is held from the submission of such a write until the
client sees the subscription active (or gone) again, so the client never hits that 429;
a subscription found busy that the run did not make busy (an earlier run's, another
tool's) is counted too (`occupy`), until it settles.
Waiters are served by priority (the remaining chain of work the slot starts, longest
first: the classic longest-processing-time rule for identical machines), then in order.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

__all__ = ["PendingSlots"]


class PendingSlots:
    """A priority semaphore for the pending-subscription slots of an account."""

    def __init__(self, limit: int = 3) -> None:
        if limit < 1:
            raise ValueError(f"at least one pending subscription must be allowed, got {limit}")
        self.limit = limit
        self.held = 0
        self.peak = 0
        self._order = itertools.count()
        self._waiters: list[tuple[float, int, asyncio.Future[None]]] = []

    @asynccontextmanager
    async def hold(self, priority: float = 0.0) -> AsyncIterator[None]:
        """Hold a slot for the body; the longest `priority` waiting gets the next one."""
        await self._acquire(priority)
        try:
            yield
        finally:
            self._release()

    def occupy(self) -> Callable[[], None]:
        """Count a slot that something else holds (a subscription found busy); call the
        returned function once it settles (a second call does nothing). The count may
        pass the limit: no slot is handed out until it is below it again."""
        self._take()
        released = False

        def release() -> None:
            nonlocal released
            if not released:
                released = True
                self._release()

        return release

    async def _acquire(self, priority: float) -> None:
        if self.held < self.limit and not self._waiters:
            self._take()
            return
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        heapq.heappush(self._waiters, (-priority, next(self._order), future))
        try:
            await future
        except BaseException:
            if future.done() and not future.cancelled():
                self._release()  # handed over as we were cancelled: pass it on
            raise

    def _take(self) -> None:
        self.held += 1
        self.peak = max(self.peak, self.held)

    def _release(self) -> None:
        self.held -= 1
        while self._waiters and self.held < self.limit:
            _, _, future = heapq.heappop(self._waiters)
            if not future.done():
                self._take()
                future.set_result(None)
                return
