"""The one send path: rate budget -> send (shared pool) -> retry decision -> errors -> decode.

Nothing else in the library sends a request. Authentication is added by the pool's
`httpx.Auth`; the retry decision and the budget live in `_retry` and `_budget`; this
module ties them together, maps statuses to errors and decodes JSON.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import math
from collections.abc import Callable, Mapping
from typing import Any, Protocol

import attrs

from ._body import BodyError, read_body
from ._budget import RateBudgetProtocol
from ._errors import (
    AmbiguousWriteError,
    ClientClosedError,
    DecodeError,
    error_for_status,
)
from ._http import httpx
from ._json import deeper_than, loads
from ._retry import RetryEvent, RetryPolicy, call_with_retries, waiting_to_send
from ._secrets import get_logger, redact_data

__all__ = ["MAX_BODY_BYTES", "MAX_HINT_SECONDS", "Core", "RequestStats", "Requester"]

log = get_logger("redis_cloud_async.http")

_RATE_HINT_HEADERS = ("x-rate-limit-retry-after-seconds", "retry-after")
_REMAINING_HEADER = "x-rate-limit-remaining"
#: Bodies above this size (once decompressed) are not read: no answer of the API comes
#: near it. Reading stops as soon as an answer passes it.
MAX_BODY_BYTES = 32 * 1024 * 1024
#: The longest wait a server's hint may impose: the API's rate window. After it every
#: request the server counted has expired, so a longer hint (`1e9`) is an error, not a
#: reason to stop for years.
MAX_HINT_SECONDS = 60.0


class Requester(Protocol):
    """What the layers above need from the send path (`Core`, or a fake in a unit test):
    one call, retried and rate-limited, its answer decoded (or, with `raw`, a successful
    answer as the `httpx.Response` holding its body), its errors mapped to `APIError`s."""

    async def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        raw: bool = False,
    ) -> Any: ...


@attrs.define(kw_only=True)
class RequestStats:
    """What the client did on the wire: read by progress reports and benchmarks."""

    requests: int = 0
    by_status: dict[int, int] = attrs.field(factory=dict)
    transport_errors: int = 0
    rate_limited: int = 0
    retries: int = 0


def _hint(response: httpx.Response) -> float | None:
    """The server's "retry after" hint in seconds, at most `MAX_HINT_SECONDS`."""
    for name in _RATE_HINT_HEADERS:
        raw = response.headers.get(name)
        if raw is None or not raw.isascii():
            continue
        try:
            value = float(raw)
        except ValueError:
            continue
        if math.isfinite(value):
            return min(max(0.0, value), MAX_HINT_SECONDS)
    return None


def _remaining(response: httpx.Response) -> int | None:
    """`X-Rate-Limit-Remaining` as a count; None if absent or not a plain decimal count
    (digits of other scripts, which `int()` may or may not take, are not trusted)."""
    raw = response.headers.get(_REMAINING_HEADER)
    if raw is None:
        return None
    raw = raw.strip()
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 18 else None


def _with_body(response: httpx.Response, body: bytes) -> httpx.Response:
    """A streamed answer as a read one, holding the decoded `body`."""
    headers = [
        (key, value)
        for key, value in response.headers.raw
        if key.lower() not in (b"content-encoding", b"content-length")
    ]
    return httpx.Response(
        response.status_code, headers=headers, content=body, request=response.request
    )


class Core:
    """Sends requests for one `AsyncClient` (its pool, its budget, its retry policy)."""

    def __init__(
        self,
        *,
        http: httpx.AsyncClient,
        base_url: httpx.URL,
        auth: httpx.Auth,
        budget: RateBudgetProtocol,
        retry: RetryPolicy,
        on_retry: Callable[[RetryEvent], None] | None = None,
    ) -> None:
        self._http = http
        self._base_url = str(base_url).rstrip("/")
        self._auth = auth
        self.budget = budget
        self.retry = retry
        self.stats = RequestStats()
        self._on_retry = on_retry
        self.closed = False
        self._calls: set[asyncio.Timeout] = set()  #: cancel scopes of the calls under way
        self._no_calls = asyncio.Event()
        self._no_calls.set()

    async def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        raw: bool = False,
    ) -> Any:
        """Send one API call (retried as the policy allows) and return its decoded JSON.

        With `raw=True` a successful answer is returned undecoded, as the
        `httpx.Response` (file downloads: the cost report). Redirects are never
        followed: a 3xx is an error, so credentials never leave.
        """
        if self.closed:
            raise ClientClosedError("the client is closed")
        method = method.upper()
        attempt = functools.partial(self._attempt, method, path, params, json, raw)
        return await call_with_retries(self.retry, method, path, attempt, on_retry=self._retried)

    async def aclose(self) -> None:
        """Refuse new calls, cut the ones under way and wait until they let go of the pool,
        so that it can close for good (a request left running, or queued for a
        connection, would put a connection back into a closed pool)."""
        self.closed = True
        now = asyncio.get_running_loop().time()
        for scope in list(self._calls):
            scope.reschedule(now)
        await self._no_calls.wait()

    def _retried(self, event: RetryEvent) -> None:
        self.stats.retries += 1
        log.info("retrying %s %s: %s", event.method, event.path, event)
        if self._on_retry is not None:
            self._on_retry(event)

    async def _attempt(
        self,
        method: str,
        path: str,
        params: Mapping[str, Any] | None,
        json: Any,
        raw: bool,
        _: int,
    ) -> Any:
        """One try: wait for the budget, send, read the answer; cut short by `aclose()`
        (then `ClientClosedError`, or `AmbiguousWriteError` for a write that was sent)."""
        if self.closed:
            raise ClientClosedError("the client is closed")
        scope = asyncio.timeout(None)  # rescheduled to now by aclose()
        self._calls.add(scope)
        self._no_calls.clear()
        sent = False
        try:
            async with scope:
                with waiting_to_send():  # a deadline hit while queued is not ambiguous
                    await self.budget.acquire()
                sent = True
                response, body = await self._exchange(method, path, params, json)
        except TimeoutError:
            if not (self.closed and scope.expired()):
                raise
            if sent and method not in ("GET", "HEAD"):
                raise AmbiguousWriteError(
                    "the client was closed while the write was in flight: the server may "
                    "have applied it; not re-sent",
                    method=method,
                    path=path,
                    cause=ClientClosedError("the client is closed"),
                ) from None
            raise ClientClosedError(f"the client was closed during {method} {path}") from None
        finally:
            self._calls.discard(scope)
            if not self._calls:
                self._no_calls.set()
        if raw and response.status_code < 300:
            return _with_body(response, body)
        return self._decode(method, path, response, body)

    async def _exchange(
        self, method: str, path: str, params: Mapping[str, Any] | None, json: Any
    ) -> tuple[httpx.Response, bytes]:
        """Send the request and read its answer (streamed: the body's size is capped)."""
        self.stats.requests += 1
        url = self._base_url + path
        debug = log.isEnabledFor(logging.DEBUG)
        if debug:
            log.debug("-> %s %s", method, url)
        if params:
            params = {k: v for k, v in params.items() if v is not None} or None
        try:
            request = self._http.build_request(method, url, params=params, json=json)
            response = await self._http.send(
                request, auth=self._auth, follow_redirects=False, stream=True
            )
        except httpx.TransportError:
            self.stats.transport_errors += 1
            raise
        status = response.status_code
        self.stats.by_status[status] = self.stats.by_status.get(status, 0) + 1
        if debug:
            log.debug("<- %s %s %s", method, url, status)
        try:
            if status == 429:
                self._on_rate_limited(response)
            else:
                remaining = _remaining(response)
                if remaining is not None:
                    self.budget.observe_remaining(remaining)
                if status < 300:
                    self.budget.note_success()
            body = await read_body(response, MAX_BODY_BYTES)
        except httpx.TransportError:
            self.stats.transport_errors += 1
            raise
        except BodyError as error:
            raise DecodeError(str(error), method=method, path=path, status=status) from None
        finally:
            await response.aclose()  # read or not, its connection goes back to the pool
        return response, body

    def _on_rate_limited(self, response: httpx.Response) -> None:
        """A rate-limit 429 pauses everyone; a 'too many changes' 429 only this call."""
        self.stats.rate_limited += 1
        hint = _hint(response)
        remaining = _remaining(response)
        if hint is not None or not remaining:
            paused = self.budget.pause(hint)
            log.warning("rate limited: every request pauses for %.2fs", paused)
        else:
            # "Too many changes at once": not the rate limit, and its count is true.
            self.budget.observe_remaining(remaining)

    def _decode(self, method: str, path: str, response: httpx.Response, body: bytes) -> Any:
        status = response.status_code
        if status < 300:
            return self._json_body(method, path, response, body, strict=True)
        data = self._json_body(method, path, response, body, strict=False)
        # Nested deeper than any answer of the API: not a body to redact or keep.
        usable = isinstance(data, Mapping) and not deeper_than(data)
        fields: Mapping[str, Any] = redact_data(data) if usable else {}
        message = _error_message(fields, response)
        raise error_for_status(status)(
            message,
            method=method,
            path=path,
            status=status,
            body=fields,
            retry_after=_hint(response),
        )

    @staticmethod
    def _json_body(
        method: str, path: str, response: httpx.Response, body: bytes, *, strict: bool
    ) -> Any:
        if not body or body.isspace():
            return None
        try:
            return loads(body)
        except ValueError:  # UnicodeDecodeError and orjson's errors are ValueErrors
            if not strict:
                return None
            kind = response.headers.get("content-type", "unknown content type")
            raise DecodeError(
                f"answer {response.status_code} is not JSON ({kind}, {len(body)} bytes)",
                method=method,
                path=path,
                status=response.status_code,
            ) from None


def _error_message(body: Mapping[str, Any], response: httpx.Response) -> str:
    for key in ("message", "description", "error"):
        value = body.get(key)
        if isinstance(value, str) and value:
            return value
    return response.reason_phrase or "error"
