"""Permits: the writes gate and the subscription lanes, on one FIFO semaphore.

- `WriteGate`: how many writes may be in flight (held until the write's task is terminal).
- `SubscriptionLanes`: one change at a time per subscription, as the service requires;
  `Lane` names the subscription a write changes.
- `FifoSemaphore`: the first-come-first-served slots both are made of (and the turn a
  shared rate budget gives the waiters of one process).

A `Permit` is what each hands out; it is held as long as the guarded work lasts. No
asyncio primitive is created before it is needed, so these objects can be built
outside a running loop and shared by several clients on the same loop.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Callable, Hashable
from types import TracebackType
from typing import Literal, final

import attrs

__all__ = [
    "FifoSemaphore",
    "Lane",
    "Permit",
    "SubscriptionKind",
    "SubscriptionLanes",
    "WriteGate",
]

SubscriptionKind = Literal["pro", "fixed"]


@attrs.frozen
class Lane:
    """Which subscription a write changes (Pro and Essentials ids are separate spaces)."""

    kind: SubscriptionKind
    subscription_id: int

    @property
    def key(self) -> Hashable:
        return (self.kind, self.subscription_id)


@final
class Permit:
    """A held slot of a `WriteGate` or a `SubscriptionLanes` lane.

    Held as long as the guarded work lasts (for a write: until its task is terminal),
    which may end in another task than the one that acquired it. `release()` is
    idempotent, so every path that ends the work may call it. Also a context manager.
    """

    __slots__ = ("_on_release", "_released")

    def __init__(self, on_release: Callable[[], None]) -> None:
        self._on_release = on_release
        self._released = False

    @property
    def released(self) -> bool:
        return self._released

    def release(self) -> None:
        """Give the slot back (to the next waiter, first come first served)."""
        if not self._released:
            self._released = True
            self._on_release()

    def __enter__(self) -> Permit:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()

    def __repr__(self) -> str:
        return f"<Permit {'released' if self._released else 'held'}>"


class FifoSemaphore:
    """A FIFO semaphore: a released slot goes straight to the oldest waiter.

    Handing the slot over (instead of freeing it) means a newcomer can never overtake
    a waiter. `on_idle` is called when nothing holds or waits for a slot any more.
    """

    __slots__ = ("_limit", "_on_idle", "_waiters", "held")

    def __init__(self, limit: int, on_idle: Callable[[FifoSemaphore], None] | None = None) -> None:
        self._limit = limit
        self._on_idle = on_idle
        self._waiters: deque[asyncio.Future[None]] = deque()
        self.held = 0

    @property
    def waiting(self) -> int:
        return sum(1 for waiter in self._waiters if not waiter.done())

    async def acquire(self) -> Permit:
        if self.held < self._limit and not self._waiters:
            self.held += 1
            return Permit(self._release)
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiters.append(waiter)
        try:
            await waiter
        except BaseException:
            if waiter.done() and not waiter.cancelled():
                self._release()  # the slot was handed to us as we were cancelled: pass it on
            elif waiter in self._waiters:
                self._waiters.remove(waiter)
            raise
        return Permit(self._release)

    def _release(self) -> None:
        while self._waiters:
            waiter = self._waiters.popleft()
            if not waiter.done():
                waiter.set_result(None)  # hand the slot over: `held` does not change
                return
        self.held -= 1
        if self.held == 0 and self._on_idle is not None:
            self._on_idle(self)


class WriteGate:
    """Caps the writes in flight; a write holds its permit until its task is terminal.

    The account processes one task at a time, so more writes in flight only queue
    on the server (and 429 there); this keeps the queue on our side, in order.
    """

    def __init__(self, limit: int = 32) -> None:
        if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
            raise ValueError(f"limit must be a positive integer, got {limit!r}")
        self._limit = limit
        self._slots = FifoSemaphore(limit)
        self._peak = 0

    @property
    def limit(self) -> int:
        return self._limit

    @property
    def in_flight(self) -> int:
        """Permits held now."""
        return self._slots.held

    @property
    def peak(self) -> int:
        """The most permits ever held at once."""
        return self._peak

    @property
    def waiting(self) -> int:
        return self._slots.waiting

    async def acquire(self) -> Permit:
        """Wait (first come, first served) for a slot; cancellation takes none."""
        permit = await self._slots.acquire()
        self._peak = max(self._peak, self._slots.held)
        return permit


class SubscriptionLanes:
    """One change at a time per subscription id, first come first served per id.

    Only one operation may change a subscription and its sub-resources at a time
    (the service fails a change to a busy subscription). Independent ids never block
    each other, and a lane is dropped as soon as nothing holds or waits for it.
    """

    def __init__(self) -> None:
        self._lanes: dict[Hashable, FifoSemaphore] = {}

    def __len__(self) -> int:
        """Lanes in use (held or waited for)."""
        return len(self._lanes)

    def busy(self, subscription_id: Hashable) -> bool:
        """Whether a change to this subscription holds its lane now."""
        return subscription_id in self._lanes

    def waiting(self, subscription_id: Hashable) -> int:
        """Changes queued behind the one that holds this subscription's lane."""
        lane = self._lanes.get(subscription_id)
        return lane.waiting if lane is not None else 0

    async def acquire(self, subscription_id: Hashable) -> Permit:
        """Wait for this subscription's lane; cancellation takes none."""
        lane = self._lanes.get(subscription_id)
        if lane is None:
            lane = self._lanes[subscription_id] = FifoSemaphore(1, self._dropper(subscription_id))
        return await lane.acquire()

    def _dropper(self, subscription_id: Hashable) -> Callable[[FifoSemaphore], None]:
        def drop(lane: FifoSemaphore) -> None:
            if self._lanes.get(subscription_id) is lane:
                del self._lanes[subscription_id]

        return drop
