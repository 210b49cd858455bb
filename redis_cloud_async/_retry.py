"""The one retry decision and the one retry loop.

Retries follow what the server may have done with the request:

=====================================================  ==========  ====================
failure                                                GET, HEAD   POST, PUT, DELETE...
=====================================================  ==========  ====================
ConnectError, ConnectTimeout, PoolTimeout (not sent)   retry       retry
429 (the server did not act)                           retry       retry
ReadTimeout, ReadError, WriteError, WriteTimeout,      retry       AmbiguousWriteError
RemoteProtocolError... (may have been sent)
408                                                    retry       raised as is
500, 502, 503, 504                                     retry       AmbiguousWriteError
other 5xx                                              raised      AmbiguousWriteError
other statuses (400, 401, 404, 409, 422...)            raised      raised
=====================================================  ==========  ====================

A write whose outcome is unknown is never re-sent: re-sending a create could make a
duplicate. Backoff is exponential with full jitter; a server hint (`retry_after`) wins,
except on a 429 with a hint, which retries at once because `RateBudget.pause(hint)`
already holds every request back. A 429 without a hint (the account's "too many
changes at once") backs off like any other failure.
Every call has a total deadline on the loop clock. Transport errors surface as
`TransportError`, whose message holds the method, the path and the error's kind only.

Each retry is logged (WARNING) on the ``redis_cloud_async.retry`` logger with the method,
the path, the attempt that failed, why, and the wait before the next one, and reported
to `on_retry` listeners. stamina's own instrumentation (its ``stamina.retry_scheduled``
log lines, its Prometheus counter) is kept for everyone else's retries: its hooks are
wrapped to skip ours.
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
import math
import random
import re
from collections.abc import Awaitable, Callable, Iterator
from contextvars import ContextVar
from typing import Any, TypeVar

import attrs
import stamina
from stamina.instrumentation import (
    RetryDetails,
    RetryHook,
    get_on_retry_hooks,
    set_on_retry_hooks,
)

from redis_cloud_async._clock import now
from redis_cloud_async._errors import AmbiguousWriteError, APIError, TransportError
from redis_cloud_async._http import httpx
from redis_cloud_async._secrets import get_logger

__all__ = [
    "RetryEvent",
    "RetryPolicy",
    "call_with_retries",
    "is_retryable",
    "waiting_to_send",
]

T = TypeVar("T")

_IDEMPOTENT = frozenset({"GET", "HEAD"})
_IDEMPOTENT_STATUSES = frozenset({408, 500, 502, 503, 504})
# The request never left: safe to send again whatever the method.
_NOT_SENT: tuple[type[Exception], ...] = (
    httpx.ConnectError,
    httpx.ConnectTimeout,
    httpx.PoolTimeout,
)
# Refused locally, nothing was sent, and sending again cannot help.
_LOCAL: tuple[type[Exception], ...] = (
    httpx.UnsupportedProtocol,
    httpx.LocalProtocolError,
    httpx.ProxyError,
)
# Their text comes from the OS or the socket layer, never from our request.
_SAFE_TEXT: tuple[type[Exception], ...] = (httpx.NetworkError, httpx.TimeoutException)
_USERINFO = re.compile(r"(?<=://)[^/@\s]+@")
_RNG = random.Random()
log = get_logger("redis_cloud_async.retry")


def _positive_finite(_: Any, attribute: attrs.Attribute[float], value: float) -> None:
    if not math.isfinite(value) or value <= 0:
        raise ValueError(f"{attribute.name} must be a positive number of seconds, got {value!r}")


def _non_negative_finite(_: Any, attribute: attrs.Attribute[float], value: float) -> None:
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"{attribute.name} must be >= 0 seconds, got {value!r}")


def _positive_int(_: Any, attribute: attrs.Attribute[int], value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"{attribute.name} must be a positive integer, got {value!r}")


@attrs.frozen(kw_only=True)
class RetryPolicy:
    """How hard one call tries: attempts, a total deadline and the backoff bounds.

    `timeout` covers the whole call on the loop clock: every attempt, every backoff
    and every wait for the rate budget inside an attempt.
    """

    attempts: int = attrs.field(default=8, validator=_positive_int)
    timeout: float = attrs.field(default=300.0, converter=float, validator=_positive_finite)
    backoff_initial: float = attrs.field(
        default=0.5, converter=float, validator=_non_negative_finite
    )
    backoff_max: float = attrs.field(default=30.0, converter=float, validator=_non_negative_finite)

    def __attrs_post_init__(self) -> None:
        if self.backoff_max < self.backoff_initial:
            raise ValueError(
                f"backoff_max ({self.backoff_max!r}) must be >= "
                f"backoff_initial ({self.backoff_initial!r})"
            )

    def backoff_ceiling(self, retry: int) -> float:
        """The largest backoff before retry number `retry` (1 = after the first failure)."""
        try:
            return min(self.backoff_max, self.backoff_initial * 2.0 ** (retry - 1))
        except OverflowError:
            return self.backoff_max

    def backoff(self, retry: int, rng: random.Random | None = None) -> float:
        """Full jitter: uniform in [0, ceiling], so that retrying clients spread out."""
        return (rng or _RNG).uniform(0.0, self.backoff_ceiling(retry))


@attrs.frozen(kw_only=True)
class RetryEvent:
    """One retry, for progress and stats: attempt `attempt` failed with `cause`.

    `cause` is a short description (error kind and status), never a header or body.
    `backoff` is the seconds waited before the next attempt (0 after a 429: the rate
    budget's pause does the waiting).
    """

    method: str
    path: str
    attempt: int
    cause: str
    backoff: float


class _Verdict(enum.Enum):
    RETRY = "retry"
    AMBIGUOUS = "ambiguous"  # a write that may have been applied: never re-sent
    FINAL = "final"


def _classify(method: str, exc: BaseException) -> _Verdict:
    idempotent = method.upper() in _IDEMPOTENT
    if isinstance(exc, httpx.RequestError):
        if isinstance(exc, _NOT_SENT):
            return _Verdict.RETRY
        if isinstance(exc, _LOCAL):
            return _Verdict.FINAL
        return _Verdict.RETRY if idempotent else _Verdict.AMBIGUOUS
    if isinstance(exc, APIError):
        if exc.status == 429:
            return _Verdict.RETRY
        if idempotent:
            return _Verdict.RETRY if exc.status in _IDEMPOTENT_STATUSES else _Verdict.FINAL
        return _Verdict.AMBIGUOUS if exc.status >= 500 else _Verdict.FINAL
    return _Verdict.FINAL


def is_retryable(method: str, exc: BaseException) -> bool:
    """Whether a call with `method` that failed with `exc` may be sent again.

    `exc` is what one attempt raised: an httpx exception or an `APIError`.
    """
    return _classify(method, exc) is _Verdict.RETRY


def _describe(exc: BaseException) -> str:
    """A short, secret-free description: the kind, the status, the OS's words."""
    if isinstance(exc, APIError):
        return f"{type(exc).__name__} ({exc.status})"
    kind = type(exc).__name__
    if isinstance(exc, _SAFE_TEXT) and (text := _USERINFO.sub("***@", str(exc))[:200]):
        return f"{kind}: {text}"
    return kind


def _translate(method: str, path: str, exc: Exception, verdict: _Verdict) -> Exception:
    """What the loop raises for `exc`: our own errors for transport failures."""
    if verdict is _Verdict.AMBIGUOUS:
        return AmbiguousWriteError(
            f"outcome unknown after {_describe(exc)}: the server may have applied it; not re-sent",
            method=method,
            path=path,
            cause=exc,
        )
    if isinstance(exc, httpx.RequestError):
        return TransportError(_describe(exc), method=method, path=path)
    return exc


@attrs.define
class _Call:
    """The state of one `call_with_retries`, shared with its backoff hook."""

    method: str
    path: str
    policy: RetryPolicy
    deadline: float
    attempt: int = 0
    in_attempt: bool = False  # an attempt is running (not a backoff)
    waiting_to_send: bool = False  # ...and it is still waiting before sending
    failure: Exception | None = None  # what the last attempt raised
    raised: Exception | None = None  # what we raised into stamina for it
    verdict: _Verdict = _Verdict.FINAL
    pending: RetryEvent | None = None  # reported when the retry starts

    def backoff_hook(self, exc: Exception) -> bool | float:
        """Stamina's `on` hook: False to stop, else the backoff before the next attempt."""
        failure = self.failure
        if exc is not self.raised or failure is None or self.verdict is not _Verdict.RETRY:
            return False
        if self.attempt >= self.policy.attempts:
            return False  # that was the last attempt: no retry to schedule or report
        if isinstance(failure, APIError) and failure.retry_after is not None:
            # After a 429, RateBudget.pause(hint) already holds the next acquire().
            backoff = 0.0 if failure.status == 429 else max(0.0, failure.retry_after)
        else:
            backoff = self.policy.backoff(self.attempt)
        if now() + backoff >= self.deadline:
            return False  # sleeping past the deadline cannot help: raise this error now
        self.pending = RetryEvent(
            method=self.method,
            path=self.path,
            attempt=self.attempt,
            cause=_describe(failure),
            backoff=backoff,
        )
        log.warning(
            "retry %s %s: attempt %d failed (%s); next attempt in %.2fs",
            self.method,
            self.path,
            self.attempt,
            self.pending.cause,
            backoff,
        )
        return backoff

    def deadline_error(self, expired: TimeoutError) -> Exception:
        """The error for a call cut by its deadline, by what was running at that moment."""
        timeout = self.policy.timeout
        if self.in_attempt and not self.waiting_to_send and self.method not in _IDEMPOTENT:
            return AmbiguousWriteError(
                f"no answer within the {timeout:g}s deadline: the server may have applied "
                "it; not re-sent",
                method=self.method,
                path=self.path,
                cause=expired,
            )
        last = f"; last error: {_describe(self.failure)}" if self.failure is not None else ""
        return TransportError(
            f"gave up at the {timeout:g}s deadline after {self.attempt} attempt(s){last}",
            method=self.method,
            path=self.path,
        )


_CURRENT: ContextVar[_Call | None] = ContextVar("redis_cloud_async_retry_call", default=None)


class _OthersOnly:
    """A stamina hook that skips this library's retries (our logger reports them) and
    hands every other retry to the hook it wraps."""

    def __init__(self, hook: RetryHook) -> None:
        self.hook = hook

    def __call__(self, details: RetryDetails) -> contextlib.AbstractContextManager[None] | None:
        if _CURRENT.get() is not None:
            return None
        return self.hook(details)


def _route_stamina_instrumentation() -> None:
    """Wrap stamina's current hooks (once; again if someone set new ones)."""
    hooks = get_on_retry_hooks()
    if all(isinstance(hook, _OthersOnly) for hook in hooks):
        return
    set_on_retry_hooks(
        [hook if isinstance(hook, _OthersOnly) else _OthersOnly(hook) for hook in hooks]
    )


@contextlib.contextmanager
def waiting_to_send() -> Iterator[None]:
    """Mark a wait inside an attempt as happening before the request goes out.

    Wrap the rate budget's `acquire()` in it: if the call's deadline strikes there,
    the write was never sent, so the call fails with `TransportError` instead of
    `AmbiguousWriteError`. Outside `call_with_retries` it does nothing.
    """
    call = _CURRENT.get()
    if call is None:
        yield
        return
    call.waiting_to_send = True
    yield
    # Reached only if the wait ended normally: the request is about to be sent.
    call.waiting_to_send = False


async def _run_attempt(
    call: _Call,
    attempt: Callable[[int], Awaitable[T]],
    number: int,
    on_retry: Callable[[RetryEvent], None] | None,
) -> T:
    if call.pending is not None and on_retry is not None:
        on_retry(call.pending)
    call.pending = None
    call.attempt = number
    call.in_attempt = True
    call.waiting_to_send = False
    try:
        return await attempt(number)
    except Exception as exc:  # a cancellation (the deadline) leaves in_attempt set
        call.in_attempt = False
        call.failure = exc
        call.verdict = _classify(call.method, exc)
        error = _translate(call.method, call.path, exc, call.verdict)
        call.raised = error
        if error is exc:
            raise
        raise error from exc


async def call_with_retries(
    policy: RetryPolicy,
    method: str,
    path: str,
    attempt: Callable[[int], Awaitable[T]],
    *,
    on_retry: Callable[[RetryEvent], None] | None = None,
) -> T:
    """Run `attempt(1)`, `attempt(2)`... until one succeeds or the decision says stop.

    `attempt(n)` performs one try and raises httpx exceptions or `APIError` subclasses.
    It waits for the rate budget inside `waiting_to_send()`, and after a 429 with a
    hint it has called `RateBudget.pause(hint)` before raising (the retry does not
    wait again). Raises as the decision table says: `TransportError` for transport
    failures, `AmbiguousWriteError` for a write that may have been applied, an
    `APIError` as it is; at the deadline, `TransportError`, or `AmbiguousWriteError`
    for a write that was sent and not answered.
    """
    call = _Call(method=method.upper(), path=path, policy=policy, deadline=now() + policy.timeout)
    token = _CURRENT.set(call)
    deadline = asyncio.timeout_at(call.deadline)
    try:
        async with deadline:
            # Most calls succeed at once, and building stamina's retry loop costs more
            # than the rest of the client's work on a call: build it after a failure.
            try:
                return await _run_attempt(call, attempt, 1, on_retry)
            except Exception as exc:
                first_failure = exc
            _route_stamina_instrumentation()
            async for trial in stamina.retry_context(
                on=call.backoff_hook,
                attempts=policy.attempts,
                timeout=None,  # stamina's clock is the wall clock: the deadline is ours
                wait_initial=policy.backoff_initial,
                wait_max=policy.backoff_max,
                wait_jitter=0.0,
            ):
                with trial:
                    if trial.num == 1:
                        raise first_failure  # replayed: stamina decides on it as before
                    return await _run_attempt(call, attempt, trial.num, on_retry)
    except TimeoutError as exc:
        if not deadline.expired():
            raise
        error = call.deadline_error(exc)
        raise error from (exc if isinstance(error, AmbiguousWriteError) else call.failure or exc)
    finally:
        _CURRENT.reset(token)
    raise AssertionError("unreachable: stamina ends with a result or an exception")
