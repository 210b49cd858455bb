"""`RedisRateBudget`: the `RateBudget` contract, with the window kept on a Redis server."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Coroutine
from contextvars import ContextVar
from typing import Any, Self

from redis.asyncio import Redis
from redis.exceptions import RedisError

from .._auth import resolve_credentials
from .._budget import RateBudget, SlidingWindowBudget
from .._clock import now, sleep
from .._closing import AsyncClosing
from .._errors import RateBudgetUnavailableError
from .._permits import FifoSemaphore
from .._secrets import get_logger
from ._window import Grant, SharedWindow, Wait, key_digest

__all__ = ["DEFAULT_PREFIX", "RedisRateBudget"]

log = get_logger("redis_cloud_async.redis_budget")

DEFAULT_PREFIX = "redis-cloud-async:rate"
# The shortest sleep between two script calls: no spin on a wait rounded down to 0.
_MIN_SLEEP = 1e-3
# What an unreachable or refusing Redis raises (redis-py wraps socket errors, mostly).
_UNREACHABLE = (RedisError, OSError)
# After Redis failed, the fallback serves this share of a period before Redis is asked
# again (5 s of the service's minute): an outage costs one failed call per interval.
_RETRY_SHARE = 1 / 12


class RedisRateBudget(SlidingWindowBudget, AsyncClosing):
    """One request budget for every process and machine that uses the same API key.

    A drop-in for `RateBudget` (`AsyncClient(rate_budget=RedisRateBudget(...))`): at most
    `requests_per_minute` grants in any window of `period` seconds, counted across every
    `RedisRateBudget` on the same Redis, API key and prefix. The server counts a request
    when it arrives, some latency after its grant: so a slot is held `period + margin`
    from the answer (the send path reports it with `observe_remaining`, in the task that
    acquired), or from the grant when no answer came. A 429 pauses every process;
    `X-Rate-Limit-Remaining` marks spent the slots used outside the shared window.
    Every process must use the same `requests_per_minute`, `period` and `margin`.

    The clock is the Redis server's `TIME`; waiting is local sleeping between script
    calls, one waiter per process at a time (first come, first served). A cancelled
    waiter takes no slot: a grant that arrives after the cancellation is given back.
    Pauses and re-syncs are sent in the background (the client calls them without
    awaiting); `aclose()` waits for them.

    If Redis cannot be reached (or refuses a call), `acquire()` fails fast by default:
    it raises `RateBudgetUnavailableError` and the request is not sent. With
    `fallback=RateBudget(...)`, this process goes on within that local budget instead
    (logged as a warning) and asks Redis again a twelfth of a `period` later; give each
    process a share of the limit (``RateBudget(400 / processes)``), or the processes
    together may exceed it and meet 429s, which pause and retry them.
    """

    def __init__(
        self,
        redis: Redis,
        requests_per_minute: float = 400,
        *,
        api_key: str | None = None,
        period: float = 60.0,
        margin: float = 0.5,
        prefix: str = DEFAULT_PREFIX,
        rng: random.Random | None = None,
        fallback: RateBudget | None = None,
    ) -> None:
        super().__init__(requests_per_minute, period, margin, rng)
        self._fallback = fallback
        self._fallback_until = -1.0  # loop time until which the fallback serves
        self._fallback_grants = 0
        # True in the task whose request holds a grant of the fallback.
        self._local_grant: ContextVar[bool] = ContextVar("redis_rate_local", default=False)
        key = api_key or resolve_credentials(None, None).api_key
        self._digest = key_digest(key)
        self._redis = redis
        self._owns_redis = False
        self._window = SharedWindow(
            redis,
            self._digest,
            capacity=self._capacity,
            hold=self._period + self._margin,
            prefix=prefix,
        )
        self._turn = FifoSemaphore(1)  # the waiter of this process that may ask Redis
        self._background: set[asyncio.Task[None]] = set()
        # The grant of the request this task is sending (the send path acquires, sends
        # and reports the answer in one task); answers and the latest header not yet
        # sent to Redis.
        self._in_flight: ContextVar[int | None] = ContextVar("redis_rate_grant", default=None)
        self._answered: list[int] = []
        self._remaining: int | None = None
        self._resyncing = False
        self._asked = 0
        self._given_back = 0
        self._resynced = 0

    @classmethod
    def from_url(cls, url: str, requests_per_minute: float = 400, **options: Any) -> Self:
        """A budget on its own Redis connection pool (closed by `aclose()`).

        `url` is a redis-py URL (`redis://[[user]:[password]@]host:port/db`, `rediss://`,
        `unix://`); `options` are the constructor's keywords.
        """
        budget = cls(Redis.from_url(url), requests_per_minute, **options)
        budget._owns_redis = True
        return budget

    # -- the contract the send path uses (`RateBudgetProtocol`) ---------------------------
    async def acquire(self) -> None:
        """Wait for a slot of the shared window and for any pause to end; then take it.

        Raises `RateBudgetUnavailableError` if Redis cannot be reached and there is no
        `fallback`; with one, takes a slot of the fallback instead.
        """
        if self._fallback is None or now() >= self._fallback_until:
            try:
                await self._acquire_shared()
                self._local_grant.set(False)
                return
            except _UNREACHABLE as error:
                if self._fallback is None:
                    raise RateBudgetUnavailableError(
                        f"the shared rate budget's Redis cannot be reached "
                        f"({type(error).__name__}): the request was not sent"
                    ) from error
                self._fall_back(error)
        await self._fallback.acquire()
        self._fallback_grants += 1
        self._local_grant.set(True)

    def _fall_back(self, error: BaseException) -> None:
        retry_in = self._period * _RETRY_SHARE
        self._fallback_until = now() + retry_in
        log.warning(
            "shared rate budget: Redis cannot be reached (%s); using the local fallback "
            "budget for %.3gs",
            type(error).__name__,
            retry_in,
        )

    async def _acquire_shared(self) -> None:
        with await self._turn.acquire():
            while True:
                paused = self.paused_for
                if paused > 0:
                    await sleep(paused)
                    continue
                answer = await self._take()
                if isinstance(answer, Grant):
                    self._granted += 1
                    self._in_flight.set(answer.grant_id)
                    return
                await sleep(max(answer.seconds, _MIN_SLEEP))

    def observe_remaining(self, remaining: int) -> None:
        """An answer came: hold its slot from now, and mark spent what others used.

        Sent in the background, one call at a time for every answer since the last one;
        the latest header wins. An answer to a request granted by the fallback goes to it.
        """
        if self._local_grant.get() and self._fallback is not None:
            self._local_grant.set(False)
            self._fallback.observe_remaining(remaining)
            return
        grant = self._in_flight.get()
        if grant is not None:
            self._in_flight.set(None)
            self._answered.append(grant)
        if remaining < self._capacity:  # else nothing the window could miss
            self._remaining = remaining
        if (self._answered or self._remaining is not None) and not self._resyncing:
            self._resyncing = True
            self._spawn(self._resync_latest(), "re-sync")

    def pause(self, hint: float | None = None) -> float:
        """On a 429, pause this process at once and every other one through Redis.

        As `PauseSchedule` says: for the hint plus the margin, else a jittered backoff.
        Returns the seconds until this process's pause ends.
        """
        left = super().pause(hint)
        self._spawn(self._window.pause(left), "pause")
        return left

    # -- lifecycle -------------------------------------------------------------------------
    async def aclose(self) -> None:
        """Wait for the pauses and re-syncs still being sent; close an owned pool."""
        while self._background:
            await asyncio.gather(*self._background, return_exceptions=True)
        if self._owns_redis:
            self._owns_redis = False
            await self._redis.aclose()

    # -- stats (with `capacity`, `granted`, `pauses`... of `SlidingWindowBudget`) ---------
    @property
    def asked(self) -> int:
        """Script calls `acquire()` made here: one per grant, plus one per wait."""
        return self._asked

    @property
    def given_back(self) -> int:
        """Slots given back because their waiter was cancelled as they were granted."""
        return self._given_back

    @property
    def resynced(self) -> int:
        """Slots marked spent by re-syncs from this process."""
        return self._resynced

    @property
    def fallback_grants(self) -> int:
        """Slots taken from the local fallback budget while Redis could not be reached."""
        return self._fallback_grants

    @property
    def waiting(self) -> int:
        """Coroutines of this process waiting in `acquire()`."""
        return self._turn.held + self._turn.waiting

    async def in_use(self) -> int:
        """Slots of the shared window in use now, by every process."""
        return await self._window.in_use()

    def __repr__(self) -> str:
        return (
            f"<RedisRateBudget {self.capacity}/{self._period:g}s "
            f"key digest {self._digest[:8]}, {self._granted} granted here>"
        )

    # -- internals -------------------------------------------------------------------------
    async def _take(self) -> Grant | Wait:
        """One script call that a cancellation cannot turn into a lost slot."""
        self._asked += 1
        call = asyncio.ensure_future(self._window.take())
        try:
            return await asyncio.shield(call)
        except asyncio.CancelledError:
            self._spawn(self._give_back_unused(call), "give back")
            raise

    async def _give_back_unused(self, call: asyncio.Future[Grant | Wait]) -> None:
        answer = await call
        if isinstance(answer, Grant):
            self._given_back += 1
            await self._window.give_back(answer)

    async def _resync_latest(self) -> None:
        try:
            while self._answered or self._remaining is not None:
                answered, remaining = self._answered, self._remaining
                self._answered, self._remaining = [], None
                marked = await self._window.resync(remaining, answered)
                if marked:
                    self._resynced += marked
                    log.info("rate budget re-synced: %d slots used elsewhere", marked)
        finally:
            self._resyncing = False

    def _spawn(self, work: Coroutine[Any, Any, object], what: str) -> None:
        task = asyncio.get_running_loop().create_task(_logging_failure(work, what))
        self._background.add(task)
        task.add_done_callback(self._background.discard)


async def _logging_failure(work: Coroutine[Any, Any, object], what: str) -> None:
    """Run a background Redis call; a failure is logged (this process's pause holds)."""
    try:
        await work
    except Exception as error:
        log.warning("shared rate budget: %s failed (%s)", what, type(error).__name__)
