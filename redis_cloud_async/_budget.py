"""The request-rate budget: how many requests the account's API key may send.

- `RateBudget`: the request rate. The server counts requests per API key over a sliding
  minute, when they arrive, so a spent token only comes back `period + margin` after
  the request's answer (after its grant if no answer came): no window of `period`
  seconds ever sees more than the limit, however long the request took to get there,
  and a backlog still uses ~100% of it. Re-synced from `X-Rate-Limit-Remaining`;
  paused for everyone on a 429.
  `RateBudgetProtocol` is what the send path needs from it, so a budget shared across
  processes (`redis_cloud_async.redis_budget.RedisRateBudget`) can take its place;
  `SlidingWindowBudget` is what the two have in common (settings, pauses, counts).

The two other controls that keep an account healthy, the writes gate and the
subscription lanes, hand out permits: they live in `_permits`.
Every wait is on the loop clock (`_clock`), and no asyncio primitive is created before
it is needed, so a budget can be built outside a running loop and shared by several
clients on the same loop.
"""

from __future__ import annotations

import asyncio
import bisect
import math
import random
from collections import deque
from contextvars import ContextVar
from typing import Protocol

from redis_cloud_async._clock import now, sleep

__all__ = ["DEFAULT_MARGIN", "RateBudget", "RateBudgetProtocol", "SlidingWindowBudget"]

#: Seconds a token is held past `period`: the jitter between our clock and the server's.
DEFAULT_MARGIN = 0.5

# First pause after a 429 that carries no hint; doubles with each consecutive 429,
# up to one period (after a period, every token the server counted has come back).
_FIRST_PAUSE = 1.0
_MIN_SLEEP = 1e-3
# How far from the newest token an answered request's token is looked for before bisecting.
_NEAR_END = 8


class RateBudgetProtocol(Protocol):
    """What the send path (`_core`) needs from a rate budget."""

    async def acquire(self) -> None:
        """Wait for the right to send one request (and for any pause to end)."""

    def observe_remaining(self, remaining: int) -> None:
        """An answer came (in the task that acquired) with this `X-Rate-Limit-Remaining`:
        hold its slot from now and re-sync. Never called for a rate-limit 429."""

    def pause(self, hint: float | None = None) -> float:
        """A 429: pause every sender; returns the seconds until the pause ends."""

    def note_success(self) -> None:
        """A request went through (resets the backoff of hintless 429s)."""


class PauseSchedule:
    """When the 429s say to stop sending, on the loop clock.

    For the server's hint (plus the margin) when given, else for a jittered backoff that
    doubles with each consecutive 429 up to one period (after a period, every token the
    server counted has come back). A hint longer than one period is cut to one period, for
    the same reason: one 429 saying "retry after 1e9 seconds" must not stop a client for
    years. Overlapping pauses extend, never shorten.
    """

    def __init__(self, period: float, margin: float, rng: random.Random | None = None) -> None:
        self._period = period
        self._margin = margin
        self._rng = rng or random.Random()
        self.until = -math.inf
        self._strikes = 0  # consecutive 429s, for the backoff when the server gives no hint
        self.count = 0
        self.total = 0.0

    def pause(self, t: float, hint: float | None) -> float:
        """Pause from loop time `t`; returns the seconds until the pause ends."""
        self._strikes += 1
        self.count += 1
        if hint is not None and math.isfinite(hint) and hint >= 0:
            length = min(hint, self._period) + self._margin
        else:
            ceiling = min(self._period, _FIRST_PAUSE * 2.0 ** min(self._strikes - 1, 30))
            length = self._rng.uniform(ceiling / 2, ceiling)
        until = t + length
        if until > self.until:
            self.total += until - max(self.until, t)
            self.until = until
        return self.until - t

    def note_success(self) -> None:
        """The next 429 without a hint starts a short backoff again."""
        self._strikes = 0


class SlidingWindowBudget:
    """What every sliding-window rate budget has: its settings, its pauses, its counts.

    Subclasses keep the window (`RateBudget` in memory, `RedisRateBudget` on Redis)
    and implement `acquire()` and `observe_remaining()`.
    """

    def __init__(
        self, requests_per_minute: float, period: float, margin: float, rng: random.Random | None
    ) -> None:
        if not math.isfinite(period) or period <= 0:
            raise ValueError(f"period must be a positive number of seconds, got {period!r}")
        if not math.isfinite(margin) or margin < 0:
            raise ValueError(f"margin must be a non-negative number of seconds, got {margin!r}")
        if not math.isfinite(requests_per_minute) or requests_per_minute < 1:
            raise ValueError(
                f"requests_per_minute must allow at least 1 request, got {requests_per_minute!r}"
            )
        self._capacity = math.floor(requests_per_minute)
        self._period = float(period)
        self._margin = float(margin)
        self._pauses = PauseSchedule(self._period, self._margin, rng)
        self._granted = 0

    @property
    def capacity(self) -> int:
        """Requests allowed in any window of `period` seconds."""
        return self._capacity

    @property
    def period(self) -> float:
        return self._period

    @property
    def granted(self) -> int:
        """Tokens granted so far (by this process, for a shared budget)."""
        return self._granted

    @property
    def pauses(self) -> int:
        """How many times `pause()` was called (one per 429)."""
        return self._pauses.count

    @property
    def paused_time(self) -> float:
        """Seconds of loop time covered by pauses (overlaps counted once)."""
        return self._pauses.total

    @property
    def paused_for(self) -> float:
        """Seconds left in this process's pause, 0 when not paused (needs a running loop)."""
        return max(0.0, self._pauses.until - now())

    def pause(self, hint: float | None = None) -> float:
        """On a 429, make every waiter (of every client sharing the budget) pause.

        As `PauseSchedule` says: for the hint (at most one period) plus the margin, else a
        jittered backoff. Returns the seconds until the pause ends.
        """
        return self._pauses.pause(now(), hint)

    def note_success(self) -> None:
        """A request went through: the next 429 without a hint starts a short backoff."""
        self._pauses.note_success()


class RateBudget(SlidingWindowBudget):
    """A sliding-window token bucket for the request rate of one API key.

    Grants at most `requests_per_minute` requests in any window of `period` seconds:
    each grant spends a token that returns `period + margin` after the request's answer
    (`observe_remaining`, called by the send path in the task that acquired), or after
    the grant when no answer came. The server counts a request when it arrives, between
    the two, so neither a slow network nor a wait for a pool connection can let its
    windows overlap; the margin absorbs the jitter between our clock and the server's.
    Unlike a refill bucket, which allows `capacity + rate * T` in a window of T, this
    never bursts past the limit.

    Waiters are served first come, first served; a cancelled waiter takes no token.
    Call `acquire()` before a request takes a pool connection, so that waiting for the
    budget never holds a connection.
    """

    def __init__(
        self,
        requests_per_minute: float = 400,
        *,
        period: float = 60.0,
        margin: float = DEFAULT_MARGIN,
        rng: random.Random | None = None,
    ) -> None:
        super().__init__(requests_per_minute, period, margin, rng)
        self._hold = self._period + self._margin
        # When each spent token returns, ascending: a grant or an answer at loop time t
        # returns at t + hold, and both happen in time order.
        self._spent: deque[float] = deque()
        # The return time of the token this task's request holds, until its answer.
        self._in_flight: ContextVar[float | None] = ContextVar("rate_grant", default=None)
        # Waiters in arrival order; a waiter's future resolves when it reaches the head.
        self._queue: deque[asyncio.Future[None]] = deque()

    @property
    def waiting(self) -> int:
        """Coroutines waiting in `acquire()`."""
        return len(self._queue)

    @property
    def available(self) -> int:
        """Tokens that could be granted now, ignoring a pause (needs a running loop)."""
        self._expire(now())
        return self._capacity - len(self._spent)

    async def acquire(self) -> None:
        """Wait, on the loop clock, for a token and for any pause to end; then take it."""
        if not self._queue and self._delay(now()) <= 0:
            self._grant(now())
            return
        me: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._queue.append(me)
        if self._queue[0] is me:
            me.set_result(None)
        try:
            await me  # until every earlier waiter has its token
            while (delay := self._delay(now())) > 0:
                # Tokens only come back on schedule and pauses only extend, so
                # waking at `delay` is never late; re-check in case it got later.
                # The floor stops a spin on float residue (a timer that fires a hair
                # early, or a fake clock that rounds the wake-up time down).
                await sleep(max(delay, _MIN_SLEEP))
            self._grant(now())  # no await between the check and the grant
        finally:
            self._leave(me)

    def observe_remaining(self, remaining: int) -> None:
        """An answer came with its `X-Rate-Limit-Remaining`: hold this task's token from
        now, and re-sync.

        If the server says fewer requests remain than we think (another process uses
        the same key, or an earlier run did), mark the difference spent now. A higher
        count is ignored: trusting it could exceed the limit. Do not feed it the
        header of a 429 (use `pause`): its 0 would block a whole period.
        """
        t = now()
        self._expire(t)
        self._hold_from(t)
        missing = self._capacity - len(self._spent) - max(0, remaining)
        self._spent.extend([t + self._hold] * max(0, missing))

    def _expire(self, t: float) -> None:
        spent = self._spent
        while spent and spent[0] <= t:
            spent.popleft()

    def _delay(self, t: float) -> float:
        """Seconds until a token can be granted at loop time `t` (<= 0: now)."""
        self._expire(t)
        delay = self._pauses.until - t
        over = len(self._spent) - self._capacity
        if over >= 0:  # the (over+1)th token to return frees one
            delay = max(delay, self._spent[over] - t)
        return delay

    def _grant(self, t: float) -> None:
        self._spent.append(t + self._hold)
        self._in_flight.set(t + self._hold)
        self._granted += 1

    def _hold_from(self, t: float) -> None:
        """Move the token of this task's request to return `hold` after `t` (its answer).

        Tokens with one return time are interchangeable, so any of them will do; one
        already returned (an answer slower than the hold) is spent again, as the request
        may just have arrived. `t + hold` is the latest return time yet, so the deque
        stays in order.
        """
        returns = self._in_flight.get()
        if returns is None:
            return
        self._in_flight.set(None)
        spent = self._spent
        if returns > t:
            # The token is among the latest granted (answers come back in about the order
            # their requests left): look for it from the right, a few places, before
            # bisecting the (ordered) deque. A scan from the left costs O(n) per answer.
            for at in range(-1, -min(len(spent), _NEAR_END) - 1, -1):
                if spent[at] == returns:
                    del spent[at]
                    break
                if spent[at] < returns:  # passed it: already returned
                    break
            else:
                at = bisect.bisect_left(spent, returns)
                if at < len(spent) and spent[at] == returns:
                    del spent[at]
        spent.append(t + self._hold)

    def _leave(self, me: asyncio.Future[None]) -> None:
        was_head = self._queue[0] is me
        self._queue.remove(me)
        if was_head and self._queue and not self._queue[0].done():
            self._queue[0].set_result(None)
