"""One shared polling engine: many waiters, one loop, one request per tick.

Following thousands of ids one request each would spend the account's 400 requests a
minute in seconds. The engine instead keeps a table of waiters keyed by id and runs one
background loop per owner. Each tick asks its `PollSource` for a `sweep` that answers
for many keys with one request (or one page walk), then `fetch`es, a few at a time, only
the keys the sweep did not show. The task watcher and the readiness watcher are two
sources on this one engine.

The loop starts with the first waiter and ends by itself once no waiter is left, so
nothing lingers. Its interval starts short, backs off to a cap while nothing changes,
and is short again when a new id arrives or something changes. A fresh id may answer 404
for a moment: that does not fail a wait within the policy's grace window. Transient
errors (no answer, 5xx, 429, 408) are retried on the next tick; any other error of a
sweep fails every wait, since it would fail every tick.
"""

from __future__ import annotations

import abc
import asyncio
import contextvars
import functools
from collections.abc import AsyncIterator, Awaitable, Callable, Collection, Hashable, Mapping
from typing import Any, ClassVar, Generic, TypeVar

import attrs

from ._clock import now
from ._errors import (
    ClientClosedError,
    NotFoundError,
    RateLimitError,
    RequestTimeoutError,
    ServerError,
    TransportError,
    ValidationError,
)

__all__ = [
    "Done",
    "PollPolicy",
    "PollSource",
    "PollStats",
    "Poller",
    "PollingService",
    "Raises",
    "Verdict",
    "gather_bounded",
]

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")
R = TypeVar("R")
T = TypeVar("T")

#: Errors that say "not now" rather than "never": the next tick tries again.
TRANSIENT_ERRORS: tuple[type[Exception], ...] = (
    TransportError,
    ServerError,
    RateLimitError,
    RequestTimeoutError,
)


def _at_least(bound: float, *, strict: bool = False) -> Callable[[Any, Any, Any], None]:
    """An attrs validator raising the library's `ValidationError` (it names the field)."""

    def check(_: Any, attribute: attrs.Attribute[Any], value: float) -> None:
        if value < bound or (strict and value == bound):
            relation = "greater than" if strict else "at least"
            raise ValidationError(attribute.name, f"must be {relation} {bound:g}, got {value!r}")

    return check


@attrs.frozen(kw_only=True)
class PollPolicy:
    """How shared polling paces itself.

    `initial`: seconds between ticks after a new id arrives or something changes;
    `factor`: growth of the interval while nothing changes, up to `maximum`;
    `grace`: seconds after a wait begins during which a 404 does not fail it (fresh
    task ids and just-created resources answer 404 for a moment);
    `fetch_concurrency`: how many per-id requests a tick sends at once.
    """

    initial: float = attrs.field(default=1.0, converter=float, validator=_at_least(0, strict=True))
    factor: float = attrs.field(default=1.5, converter=float, validator=_at_least(1))
    maximum: float = attrs.field(default=15.0, converter=float)
    grace: float = attrs.field(default=30.0, converter=float, validator=_at_least(0))
    fetch_concurrency: int = attrs.field(default=8, validator=_at_least(1))

    @maximum.validator
    def _check_maximum(self, attribute: attrs.Attribute[float], value: float) -> None:
        _at_least(self.initial)(self, attribute, value)


@attrs.define
class PollStats:
    """Counters for tests and benchmarks: what the loop did, not what it was asked."""

    ticks: int = 0  #: wake-ups of the loop that polled
    sweeps: int = 0  #: sweeps attempted (one per tick)
    fetches: int = 0  #: per-key fetches attempted
    sweep_errors: int = 0  #: transient sweep failures, retried on the next tick
    fetch_errors: int = 0  #: transient fetch failures, retried later


@attrs.frozen
class Done(Generic[R]):
    """A verdict: the wait is over and returns `value`."""

    value: R


@attrs.frozen
class Raises:
    """A verdict: the wait is over and raises `error`."""

    error: Exception


#: What a source says about one observation: settled (`Done`/`Raises`) or not yet (None).
Verdict = Done[R] | Raises | None


class PollSource(abc.ABC, Generic[K, V, R]):
    """What the engine polls: how to look at many keys, at one, and what a look means.

    An observation is a value `V`, or a `NotFoundError` for a key that is absent.
    """

    #: True when a settled verdict can never change (a terminal task stays terminal):
    #: a wait on a key already seen settled then returns at once, without polling.
    final_verdicts: ClassVar[bool] = False

    @abc.abstractmethod
    async def sweep(self, keys: Collection[K]) -> Mapping[K, V | Exception]:
        """Look at many keys with one request; omit the keys the answer does not show.

        A key maps to a `NotFoundError` if it is absent, to another error if the answer
        shows it garbled: that error ends the waits on that key only.
        """

    @abc.abstractmethod
    async def fetch(self, key: K) -> V:
        """Look at one key the sweep did not show; raise `NotFoundError` if absent."""

    @abc.abstractmethod
    def settle(self, key: K, seen: V | NotFoundError) -> Verdict[R]:
        """The verdict for waiters of `key`. None on a `NotFoundError` means "absent":
        the engine fails the waits that are past their grace window with it."""

    @abc.abstractmethod
    def status(self, seen: V) -> str | None:
        """The status of an observation: a change resets the interval; timeouts report it."""

    @abc.abstractmethod
    def timeout_error(self, key: K, timeout: float, last_status: str | None) -> Exception:
        """The error a wait on `key` raises when its deadline passes."""


async def gather_bounded(
    jobs: Collection[Callable[[], Awaitable[T]]], limit: int
) -> list[T | Exception]:
    """Run `jobs` with at most `limit` in flight; each one's result or error, in order.

    Errors are returned, not raised, so that one failing request does not cancel its
    siblings; cancellation still propagates.
    """
    pending = iter(enumerate(jobs))
    slots: dict[int, T | Exception] = {}

    async def worker() -> None:
        for index, job in pending:
            try:
                slots[index] = await job()
            except Exception as exc:
                slots[index] = exc

    async with asyncio.TaskGroup() as group:
        for _ in range(min(limit, len(jobs))):
            group.create_task(worker())
    return [slots[index] for index in range(len(jobs))]


@attrs.define(eq=False)
class _Waiter(Generic[K, R]):
    key: K
    future: asyncio.Future[R]
    since: float  #: loop time of registration, for the grace window


@attrs.define(eq=False)
class _Entry(Generic[K, R]):
    """The polling state of one key while someone waits on it."""

    waiters: list[_Waiter[K, R]] = attrs.Factory(list)
    shown: bool = False  #: shown by the previous sweep
    fetch_gap: float = 0.0  #: per-key backoff of fetches for keys the sweep never shows
    fetch_due: float = 0.0


class Poller(Generic[K, V, R]):
    """Shared polling for one `PollSource`: register waiters, one loop serves them all.

    `memory` bounds how many last observations are kept for `last_seen`.
    """

    def __init__(
        self,
        source: PollSource[K, V, R],
        policy: PollPolicy,
        *,
        name: str,
        memory: int = 10_000,
    ) -> None:
        self._source = source
        self._policy = policy
        self._name = name
        self._memory_size = memory
        self._memory: dict[K, V] = {}
        self._entries: dict[K, _Entry[K, R]] = {}
        self._task: asyncio.Task[None] | None = None
        self._wake = asyncio.Event()
        self._interval = policy.initial
        self._due = 0.0
        self._closed = False
        self.stats = PollStats()
        # The context this poller's own future callbacks run in (they read no context
        # variable): one per poller (its loop runs them one at a time) rather than a
        # copy per callback, which thousands of waits add up to.
        self._callbacks = contextvars.Context()

    # -- public --------------------------------------------------------------------------
    @property
    def policy(self) -> PollPolicy:
        return self._policy

    @property
    def running(self) -> bool:
        """True while the background loop exists (it ends by itself when idle)."""
        return self._task is not None and not self._task.done()

    @property
    def waiting(self) -> int:
        """How many keys have at least one waiter."""
        return len(self._entries)

    def last_seen(self, key: K) -> V | None:
        """The latest observation of `key`, whoever made it."""
        return self._memory.get(key)

    def watch(self, key: K) -> asyncio.Future[R]:
        """A future that settles with `key`'s verdict; cancel it to stop waiting.

        Its exception is marked retrieved, so that a future nobody awaits (a permit
        released in a callback) does not log "exception was never retrieved".
        """
        future = self._register(key)
        future.add_done_callback(_mark_retrieved)
        return future

    async def wait(self, key: K, *, timeout: float | None = None) -> R:
        """Wait for `key`'s verdict; past `timeout` seconds raise the source's timeout error."""
        future = self._register(key)
        if timeout is None:
            return await future
        deadline = asyncio.timeout(timeout)
        try:
            async with deadline:
                return await future
        except TimeoutError:
            if not deadline.expired():
                raise
            raise self._timeout_error(key, timeout) from None

    async def as_completed(
        self,
        keys: Collection[K],
        *,
        timeout: float | None = None,
    ) -> AsyncIterator[R]:
        """Yield each key's result as it settles; `timeout` bounds the whole iteration.

        On the deadline, raises the timeout error of the first key (in the given order)
        still unsettled. Leaving the loop early stops the remaining waits.
        """
        futures = {key: self._register(key) for key in dict.fromkeys(keys)}
        settled: asyncio.Queue[asyncio.Future[R]] = asyncio.Queue()

        def done(future: asyncio.Future[R]) -> None:
            _mark_retrieved(future)
            settled.put_nowait(future)

        for future in futures.values():
            future.add_done_callback(done, context=self._callbacks)
        deadline = None if timeout is None else now() + timeout
        yielded: set[asyncio.Future[R]] = set()
        try:
            for _ in futures:
                try:
                    async with asyncio.timeout_at(deadline):
                        future = await settled.get()
                except TimeoutError:
                    key = next(k for k, f in futures.items() if f not in yielded)
                    raise self._timeout_error(key, timeout or 0.0) from None
                yielded.add(future)
                yield future.result()
        finally:
            for future in futures.values():
                future.cancel()

    def observe(self, key: K, seen: V) -> None:
        """Feed an observation made elsewhere; waiters it settles return at once."""
        self._apply(key, seen)

    async def aclose(self) -> None:
        """End every wait with `ClientClosedError` and stop the loop; later waits fail."""
        self._closed = True
        self._fail_all(ClientClosedError(f"{self._name} closed while waiting"))
        task, self._task = self._task, None
        if task is not None and not task.done():
            task.cancel()
            await asyncio.wait([task])

    # -- waiters -------------------------------------------------------------------------
    def _register(self, key: K) -> asyncio.Future[R]:
        """A new waiter's future. Once closed, a future already failed with
        `ClientClosedError`, so that callbacks on it (permit releases) still run."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[R] = loop.create_future()
        if self._closed:
            _deliver(future, Raises(ClientClosedError(f"{self._name} is closed")))
            return future
        if self._source.final_verdicts and (seen := self._memory.get(key)) is not None:
            verdict = self._source.settle(key, seen)
            if verdict is not None:
                _deliver(future, verdict)
                return future
        entry = self._entries.get(key)
        if entry is None:
            entry = self._entries[key] = _Entry()
            self._interval = self._policy.initial
            self._due = min(self._due, now() + self._policy.initial)
            self._wake.set()
        waiter = _Waiter(key, future, now())
        entry.waiters.append(waiter)
        future.add_done_callback(functools.partial(self._forget, waiter), context=self._callbacks)
        self._ensure_loop(loop)
        return future

    def _forget(self, waiter: _Waiter[K, R], _: object) -> None:
        """Drop a waiter whose future ended (settled, cancelled or timed out)."""
        entry = self._entries.get(waiter.key)
        if entry is None or waiter not in entry.waiters:
            return
        entry.waiters.remove(waiter)
        if not entry.waiters:
            del self._entries[waiter.key]
            if not self._entries:
                self._wake.set()  # let an idle loop end now rather than after its sleep

    def _settle(self, key: K, verdict: Done[R] | Raises) -> None:
        entry = self._entries.pop(key, None)
        for waiter in entry.waiters if entry else ():
            _deliver(waiter.future, verdict)

    def _fail_all(self, error: Exception) -> None:
        entries, self._entries = self._entries, {}
        for entry in entries.values():
            for waiter in entry.waiters:
                _deliver(waiter.future, Raises(error))
        self._wake.set()

    def _timeout_error(self, key: K, timeout: float) -> Exception:
        seen = self._memory.get(key)
        status = self._source.status(seen) if seen is not None else None
        return self._source.timeout_error(key, timeout, status)

    # -- observations --------------------------------------------------------------------
    def _remember(self, key: K, seen: V) -> V | None:
        previous = self._memory.pop(key, None)
        self._memory[key] = seen
        if len(self._memory) > self._memory_size:
            del self._memory[next(iter(self._memory))]
        return previous

    def _apply(self, key: K, seen: V | NotFoundError) -> bool:
        """Record an observation and settle the waiters it decides; True if it changed."""
        changed = False
        if not isinstance(seen, NotFoundError):
            previous = self._remember(key, seen)
            status = self._source.status(seen)
            changed = previous is not None and self._source.status(previous) != status
        entry = self._entries.get(key)
        if entry is None:
            return changed
        if changed:
            entry.fetch_gap = 0.0
        verdict = self._source.settle(key, seen)
        if verdict is not None:
            self._settle(key, verdict)
            return True
        if isinstance(seen, NotFoundError):
            cutoff = now() - self._policy.grace
            for waiter in [w for w in entry.waiters if w.since <= cutoff]:
                _deliver(waiter.future, Raises(seen))
                self._forget(waiter, None)
        return changed

    # -- the loop ------------------------------------------------------------------------
    def _ensure_loop(self, loop: asyncio.AbstractEventLoop) -> None:
        if self._task is not None and not self._task.done() and self._task.get_loop() is loop:
            return
        self._wake = asyncio.Event()
        self._interval = self._policy.initial
        self._due = now() + self._policy.initial
        self._task = loop.create_task(self._run(), name=f"redis-cloud-async:{self._name}")

    async def _run(self) -> None:
        try:
            while await self._sleep_until_due():
                self.stats.ticks += 1
                changed = await self._tick()
                policy = self._policy
                if changed:
                    self._interval = policy.initial
                else:
                    self._interval = min(self._interval * policy.factor, policy.maximum)
                self._due = now() + self._interval
        except Exception as exc:  # a bug must fail the waits, not leave them hanging
            self._fail_all(exc)

    async def _sleep_until_due(self) -> bool:
        """Sleep until the next tick is due; False once nobody waits (the loop ends)."""
        while self._entries:
            delay = self._due - now()
            if delay <= 0:
                return True
            self._wake.clear()
            try:
                async with asyncio.timeout(delay):
                    await self._wake.wait()
            except TimeoutError:
                # Due: asyncio fires a timer within its clock resolution of `_due`, so
                # re-measuring could leave a float-error delay that never elapses (a busy
                # loop under a fake clock such as looptime's).
                return bool(self._entries)
        return False

    async def _tick(self) -> bool:
        """One sweep, then fetches for what it did not show; True if anything changed."""
        keys = list(self._entries)
        self.stats.sweeps += 1
        try:
            shown = await self._source.sweep(keys)
        except TRANSIENT_ERRORS:
            self.stats.sweep_errors += 1
            return False
        except Exception as exc:
            self._fail_all(exc)
            return True
        changed = False
        for key, seen in shown.items():
            if isinstance(seen, Exception) and not isinstance(seen, NotFoundError):
                self._settle(key, Raises(seen))
                changed = True
            else:
                changed |= self._apply(key, seen)
        return await self._fetch_unshown(keys, shown) or changed

    async def _fetch_unshown(self, keys: list[K], shown: Mapping[K, object]) -> bool:
        """Fetch the waited keys the sweep omitted: at once if they just dropped out of
        it (a running task that ended), else on a per-key backoff (a key the sweep never
        shows must not cost one request every tick)."""
        moment = now()
        due: list[K] = []
        for key in keys:
            entry = self._entries.get(key)
            if entry is None:
                continue
            if key in shown:
                entry.shown = True
                continue
            if entry.shown or entry.fetch_due <= moment:
                due.append(key)
            entry.shown = False
        if not due:
            return False
        self.stats.fetches += len(due)
        jobs = [functools.partial(self._source.fetch, key) for key in due]
        results = await gather_bounded(jobs, self._policy.fetch_concurrency)
        changed = False
        for key, result in zip(due, results, strict=True):
            if isinstance(result, ClientClosedError):
                self._fail_all(result)
                return True
            if isinstance(result, TRANSIENT_ERRORS):
                self.stats.fetch_errors += 1
            elif isinstance(result, Exception) and not isinstance(result, NotFoundError):
                self._settle(key, Raises(result))
                changed = True
                continue
            else:
                changed |= self._apply(key, result)
            self._back_off_fetch(key)
        return changed

    def _back_off_fetch(self, key: K) -> None:
        entry = self._entries.get(key)
        if entry is None:
            return
        policy = self._policy
        gap = entry.fetch_gap * policy.factor if entry.fetch_gap else policy.initial
        entry.fetch_gap = min(gap, policy.maximum)
        entry.fetch_due = now() + entry.fetch_gap


class PollingService(Generic[K, V, R]):
    """Base of the watchers: owns one `Poller` and exposes what every watcher shares."""

    def __init__(self, poller: Poller[K, V, R]) -> None:
        self._poller = poller

    @property
    def policy(self) -> PollPolicy:
        return self._poller.policy

    @property
    def stats(self) -> PollStats:
        """What the polling loop did: ticks, sweeps, fetches, transient errors."""
        return self._poller.stats

    @property
    def running(self) -> bool:
        """True while the polling loop is alive (it ends by itself when nobody waits)."""
        return self._poller.running

    async def aclose(self) -> None:
        """End every wait with `ClientClosedError` and stop polling. Idempotent."""
        await self._poller.aclose()


def _deliver(future: asyncio.Future[Any], verdict: Done[Any] | Raises) -> None:
    if future.done():
        return
    if isinstance(verdict, Raises):
        future.set_exception(verdict.error)
    else:
        future.set_result(verdict.value)


def _mark_retrieved(future: asyncio.Future[Any]) -> None:
    if not future.cancelled():
        future.exception()
