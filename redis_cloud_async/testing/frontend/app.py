"""The ASGI app: one request's way through the simulated front end and back end.

    drop? -> latency -> advance(now) -> auth (401) -> rate budget (429) -> burst (429)
          -> injected error -> body read (413) -> route (404/405/400) -> body (400)
          -> handler -> lost response? -> X-Rate-Limit-Remaining on every answer

Everything before the handler refuses without acting; only the handler changes state.
Served to others, no request may hang or exhaust it: the body is read only once the
keys are right, and at most `MAX_BODY_BYTES` of it.
Built on Starlette's request and response classes; no middleware, so that an exception
raised after the response started reaches the server (and breaks the connection).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Iterable
from functools import partial
from http import HTTPStatus
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from ..engine.clock import loop_time
from ..engine.errors import ApiError
from ..engine.simulation import Simulation
from .call import Call, Reply
from .observe import ObservedExchange, Observer, Outcome
from .routing import Match, RouteTable
from .transport import SimulatedDisconnect

BASE_PATH = "/v1"
UNMATCHED = "<unmatched>"
RATE_HEADER = "X-Rate-Limit-Remaining"
RETRY_HEADER = "x-rate-limit-retry-after-seconds"
#: The largest request body read: no request of the API comes near it.
MAX_BODY_BYTES = 1024 * 1024


def _seconds_header(seconds: float) -> str:
    """Seconds, rounded up to the millisecond: ``"13"`` or ``"0.25"``."""
    return f"{-(-round(seconds * 1e6) // 1000) / 1000:g}"


class SimulatorApp:
    """The simulated Redis Cloud API as an ASGI application."""

    def __init__(
        self, sim: Simulation, routes: RouteTable, observers: Callable[[], Iterable[Observer]]
    ) -> None:
        self.sim = sim
        self.routes = routes
        self._observers = observers

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await _lifespan(receive, send)
        elif scope["type"] == "http":
            await self._exchange(Request(scope, receive), send)

    async def _exchange(self, request: Request, send: Send) -> None:
        sim = self.sim
        method = request.method.upper()
        path = request.url.path
        api_path = _api_path(path)
        match, allowed = self.routes.match(method, api_path) if api_path else (None, [])
        route = match.route.template if match else UNMATCHED
        seen = partial(ObservedExchange, method=method, path=path, route=route if match else None)

        if sim.faults.drop(method, route):
            sim.stats.faults["drop"] += 1
            dropped = seen(status=None, request_body=None, response_body=None, outcome="dropped")
            self._observe(dropped)
            await _break(send, 502, "simulated dropped connection")
        delay = sim.faults.latency()
        if delay > 0:
            await asyncio.sleep(delay)
        now = loop_time()
        sim.advance(now)
        key = request.headers.get("x-api-key", "")
        reply, body = await self._answer(request, method, route, match, allowed, key, now)
        headers = {**reply.headers, RATE_HEADER: str(sim.limiter.remaining(key, now))}
        lost = sim.faults.lose_response(method, route)
        outcome: Outcome = "lost" if lost else "answered"
        self._observe(
            seen(
                status=reply.status,
                request_body=body,
                response_body=reply.body,
                headers=headers,
                outcome=outcome,
            )
        )
        if lost:
            sim.stats.faults["lost_response"] += 1
            await _break(send, reply.status, "simulated lost response (the server acted)")
        sim.stats.requests[(method, route, reply.status)] += 1
        content = reply.raw if reply.raw is not None else _encode(reply.body)
        response = Response(content, reply.status, headers, reply.media_type)
        await response(request.scope, request.receive, send)

    async def _answer(
        self,
        request: Request,
        method: str,
        route: str,
        match: Match | None,
        allowed: list[str],
        key: str,
        now: float,
    ) -> tuple[Reply, Any]:
        """The answer to the request, and its parsed body (None if refused before)."""
        body: Any = None
        try:
            self._gate(request, method, route, key, now)
            body = _parse(await _read_body(request))
            if match is None:
                raise _routing_error(allowed, request.url.path)
            call = Call(
                sim=self.sim,
                method=method,
                path=request.url.path,
                route=route,
                params=match.params(),
                query=dict(request.query_params),
                body=body,
                now=now,
                base_url=f"{request.url.scheme}://{request.url.netloc}{BASE_PATH}",
            )
            return match.route.handler(call), body
        except ApiError as error:
            spring = spring_body(error.status, error.message, request.url.path, self.sim.iso(now))
            return Reply(error.status, spring, error.headers), body

    def _gate(self, request: Request, method: str, route: str, key: str, now: float) -> None:
        """The front end's refusals (raised), checked before anything is done."""
        sim = self.sim
        secret = request.headers.get("x-api-secret-key", "")
        if key != sim.api_key or secret != sim.api_secret:
            raise ApiError(401, "Authentication failed for requested resource")
        decision = sim.limiter.acquire(key, now)
        if not decision.allowed:
            sim.stats.rate_limited += 1
            raise ApiError(
                429,
                f"Rate limit exceeded: at most {sim.limiter.limit} requests per "
                f"{sim.limiter.window:g} seconds",
                {RETRY_HEADER: _seconds_header(decision.retry_after)},
            )
        burst = sim.faults.burst(now)
        if burst is not None:
            sim.stats.faults["burst_429"] += 1
            raise ApiError(429, "Too Many Requests", {RETRY_HEADER: _seconds_header(burst)})
        status = sim.faults.error_status(method, route)
        if status is not None:
            sim.stats.faults[f"error_{status}"] += 1
            raise ApiError(status, "Simulated server error (fault injection)")

    def _observe(self, exchange: ObservedExchange) -> None:
        for observer in self._observers():
            observer(exchange)


def _api_path(path: str) -> str | None:
    """``/v1/subscriptions/`` -> ``/subscriptions``; None outside the API's base path."""
    if path != BASE_PATH and not path.startswith(BASE_PATH + "/"):
        return None
    return path[len(BASE_PATH) :].rstrip("/") or "/"


def spring_body(status: int, message: str, path: str, timestamp: str) -> dict[str, Any]:
    """The error body of the real service (Spring Boot's default error attributes)."""
    return {
        "timestamp": timestamp,
        "status": status,
        "error": HTTPStatus(status).phrase,
        "message": message,
        "path": path,
    }


async def _read_body(request: Request) -> bytes:
    """The request's body, refused (413) past `MAX_BODY_BYTES`, declared or streamed."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        raise _too_large()
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            raise _too_large()
        chunks.append(chunk)
    return b"".join(chunks)


def _too_large() -> ApiError:
    return ApiError(413, f"Request body larger than {MAX_BODY_BYTES} bytes")


def _parse(raw: bytes) -> Any:
    if not raw.strip():
        return None
    try:
        return json.loads(raw)
    except ValueError as error:
        raise ApiError(400, f"JSON parse error: {error}") from None
    except RecursionError:
        raise ApiError(400, "JSON parse error: nested too deeply") from None


def _encode(body: Any) -> bytes:
    return b"" if body is None else json.dumps(body, separators=(",", ":")).encode()


def _routing_error(allowed: list[str], path: str) -> ApiError:
    if allowed:
        return ApiError(405, f"Request method not supported; supported: {', '.join(allowed)}")
    return ApiError(404, f"No endpoint {path}")


async def _break(send: Send, status: int, reason: str) -> None:
    await send({"type": "http.response.start", "status": status, "headers": []})
    raise SimulatedDisconnect(reason)


async def _lifespan(receive: Receive, send: Send) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return
