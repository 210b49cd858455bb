"""The one send path: rate budget -> send (shared pool) -> retry decision -> errors -> decode.

Nothing else in the library sends a request. Authentication is added by the pool's
`httpx.Auth`; the retry decision and the budget live in `_retry` and `_budget`; this
module ties them together, maps statuses to errors and decodes JSON.
"""

from __future__ import annotations

import asyncio
import contextlib
import json as jsonlib
from collections.abc import AsyncIterator, Callable, Mapping
from typing import Any, Protocol

import attrs

from ._budget import RateBudgetProtocol
from ._errors import (
    AmbiguousWriteError,
    ClientClosedError,
    DecodeError,
    error_for_status,
)
from ._http import httpx
from ._retry import RetryEvent, RetryPolicy, call_with_retries, waiting_to_send
from ._secrets import get_logger, redact_data, scrub

__all__ = ["Core", "RequestStats", "Requester"]

log = get_logger("redis_cloud_async.http")

_RATE_HINT_HEADERS = ("x-rate-limit-retry-after-seconds", "retry-after")
_REMAINING_HEADER = "x-rate-limit-remaining"
#: Bodies above this size are not decoded: no answer of the API comes near it.
MAX_BODY_BYTES = 32 * 1024 * 1024


class Requester(Protocol):
    """What the layers above need from the send path (`Core`, or a fake in a unit test):
    one call, retried and rate-limited, its answer decoded, its errors mapped to
    `APIError`s."""

    async def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
    ) -> Any: ...


@attrs.define(kw_only=True)
class RequestStats:
    """What the client did on the wire: read by progress reports and benchmarks."""

    requests: int = 0
    by_status: dict[int, int] = attrs.field(factory=dict)
    transport_errors: int = 0
    rate_limited: int = 0
    retries: int = 0


def _float_header(response: httpx.Response, names: tuple[str, ...]) -> float | None:
    for name in names:
        raw = response.headers.get(name)
        if raw is None:
            continue
        try:
            return max(0.0, float(raw))
        except ValueError:
            continue
    return None


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

        async def attempt(_: int) -> Any:
            async with self._until_closed(method, path, sent=False):
                with waiting_to_send():  # a deadline hit while queued is not ambiguous
                    await self.budget.acquire()
            async with self._until_closed(method, path, sent=True):
                response = await self._send(method, path, params, json)
            if raw and response.status_code < 300:
                return response
            return self._decode(method, path, response)

        def on_retry(event: RetryEvent) -> None:
            self.stats.retries += 1
            log.info("retrying %s %s: %s", method, path, event)
            if self._on_retry is not None:
                self._on_retry(event)

        return await call_with_retries(self.retry, method, path, attempt, on_retry=on_retry)

    async def aclose(self) -> None:
        """Refuse new calls, cut the ones under way and wait until they let go of the pool,
        so that it can close for good (a request left running, or queued for a
        connection, would put a connection back into a closed pool)."""
        self.closed = True
        now = asyncio.get_running_loop().time()
        for scope in list(self._calls):
            scope.reschedule(now)
        await self._no_calls.wait()

    @contextlib.asynccontextmanager
    async def _until_closed(self, method: str, path: str, *, sent: bool) -> AsyncIterator[None]:
        """Run the block unless the client closes meanwhile: then `ClientClosedError`, or
        `AmbiguousWriteError` for a write that may have reached the server (`sent`)."""
        if self.closed:
            raise ClientClosedError("the client is closed")
        scope = asyncio.timeout(None)
        try:
            async with scope:
                self._calls.add(scope)
                self._no_calls.clear()
                yield
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

    async def _send(
        self, method: str, path: str, params: Mapping[str, Any] | None, json: Any
    ) -> httpx.Response:
        self.stats.requests += 1
        url = self._base_url + path
        log.debug("-> %s %s", method, url)
        try:
            response = await self._http.request(
                method,
                url,
                params={k: v for k, v in (params or {}).items() if v is not None} or None,
                json=json,
                auth=self._auth,
                follow_redirects=False,
            )
        except Exception as error:
            scrub(error)  # its words may quote what was sent (h11 quotes a refused header)
            if isinstance(error, httpx.TransportError):
                self.stats.transport_errors += 1
            raise
        self.stats.by_status[response.status_code] = (
            self.stats.by_status.get(response.status_code, 0) + 1
        )
        log.debug("<- %s %s %s", method, url, response.status_code)
        if response.status_code == 429:
            self._on_rate_limited(response)
            return response
        remaining = response.headers.get(_REMAINING_HEADER)
        if remaining is not None and remaining.strip().isdigit():
            self.budget.observe_remaining(int(remaining))
        if response.status_code < 300:
            self.budget.note_success()
        return response

    def _on_rate_limited(self, response: httpx.Response) -> None:
        """A rate-limit 429 pauses everyone; a 'too many changes' 429 only this call."""
        self.stats.rate_limited += 1
        hint = _float_header(response, _RATE_HINT_HEADERS)
        remaining = response.headers.get(_REMAINING_HEADER)
        if hint is not None or remaining in (None, "0"):
            paused = self.budget.pause(hint)
            log.warning("rate limited: every request pauses for %.2fs", paused)
        elif remaining is not None and remaining.strip().isdigit():
            # "Too many changes at once": not the rate limit, and its count is true.
            self.budget.observe_remaining(int(remaining))

    def _decode(self, method: str, path: str, response: httpx.Response) -> Any:
        status = response.status_code
        body = self._json_body(method, path, response, strict=status < 300)
        if status < 300:
            return body
        fields: Mapping[str, Any] = redact_data(body) if isinstance(body, Mapping) else {}
        message = _error_message(fields, response)
        retry_after = _float_header(response, _RATE_HINT_HEADERS)
        raise error_for_status(status)(
            message, method=method, path=path, status=status, body=fields, retry_after=retry_after
        )

    @staticmethod
    def _json_body(method: str, path: str, response: httpx.Response, *, strict: bool) -> Any:
        content = response.content
        if len(content) > MAX_BODY_BYTES:
            raise DecodeError(
                f"answer of {len(content)} bytes is larger than {MAX_BODY_BYTES}",
                method=method,
                path=path,
                status=response.status_code,
            )
        if not content.strip():
            return None
        try:
            return jsonlib.loads(content)
        except (ValueError, RecursionError):  # UnicodeDecodeError is a ValueError
            if not strict:
                return None
            kind = response.headers.get("content-type", "unknown content type")
            raise DecodeError(
                f"answer {response.status_code} is not JSON ({kind}, {len(content)} bytes)",
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
