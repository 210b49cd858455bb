"""Scenario 3: a saturating load against the 400 requests/minute limit.

For two (simulated) minutes, `workers` coroutines send GETs as fast as they are let
through. The library paces them with its `RateBudget` (a sliding window, re-synced
from `X-Rate-Limit-Remaining`); the Go SDK with its fixed window (re-synced the same
way, 429s retried with back-off); a bare client only with the server's 429 hints.
Utilization is the share of what the limit allowed that was answered: with windows of
a minute, two minutes allow 2 x 400 requests. Nothing published says whether the
service's window slides or resets each minute, so every contender runs against both
kinds of simulated window (`rate_window_kind`); the library must see no 429 under either.
"""

from __future__ import annotations

import asyncio
import math
import random
from collections.abc import Awaitable, Callable
from typing import Any

import attrs

from benchmarks.baselines._api import RawApi, TimeScale, server_hint
from benchmarks.baselines.terraform import FixedWindow, GoSdk
from benchmarks.report import ScenarioResult, Table
from benchmarks.simulator import Endpoint, ServerView, SimulatorSettings, raw_client, run_against
from redis_cloud_async.testing.engine.ratelimit import WindowKind

__all__ = ["RateSettings", "run"]

_PATH = "/subscriptions"


@attrs.frozen(kw_only=True)
class RateSettings:
    minutes: float = 2.0
    speed: float = 15.0
    workers: int = 32
    #: Every contender runs on each, at the same scale: a faster one would leave the
    #: loopback server (about 300 requests/s on two cores) short of the rate asked.
    transports: tuple[str, ...] = ("in-process", "loopback")
    #: The simulated service's window kinds, each a run of every contender.
    windows: tuple[WindowKind, ...] = ("sliding", "fixed")


#: A contender sends GETs until the deadline (loop time); returns the 2xx answers it got.
Load = Callable[[Endpoint, SimulatorSettings, int, float], Awaitable[int]]


async def _until(deadline: float, workers: int, send: Callable[[], Awaitable[bool]]) -> int:
    loop = asyncio.get_running_loop()
    answered = 0

    async def worker() -> None:
        nonlocal answered
        while loop.time() < deadline:
            ok = await send()
            if ok and loop.time() <= deadline:
                answered += 1

    await asyncio.gather(*(worker() for _ in range(workers)))
    return answered


async def _library(endpoint: Endpoint, sim: SimulatorSettings, workers: int, end: float) -> int:
    async with endpoint.client(rate_budget=sim.client_options()["rate_budget"]) as client:

        async def send() -> bool:
            await client.subscriptions.list()
            return True

        return await _until(end, workers, send)


async def _go_sdk(endpoint: Endpoint, sim: SimulatorSettings, workers: int, end: float) -> int:
    async with raw_client(endpoint) as http:
        scale = TimeScale(sim.speed)
        sdk = GoSdk(
            RawApi(http, scale),
            FixedWindow(sim.requests_per_minute, sim.rate_window),
            random.Random(0),
        )

        async def send() -> bool:
            await sdk.request("GET", _PATH)
            return True

        return await _until(end, workers, send)


async def _bare(endpoint: Endpoint, sim: SimulatorSettings, workers: int, end: float) -> int:
    async with raw_client(endpoint) as http:

        async def send() -> bool:
            response = await http.get(_PATH)
            if response.status_code == 429:
                await asyncio.sleep(server_hint(response) or 0.0)
            return response.status_code < 300

        return await _until(end, workers, send)


CONTENDERS: dict[str, Load] = {
    "library RateBudget (sliding window)": _library,
    "Go SDK fixed window + 429 retries": _go_sdk,
    "no limiter, retry after the 429 hint": _bare,
}


def _measure(
    load: Load, transport: str, sim: SimulatorSettings, settings: RateSettings
) -> tuple[int, ServerView, float]:
    async def timed(endpoint: Endpoint) -> int:
        end = asyncio.get_running_loop().time() + settings.minutes * sim.rate_window
        return await load(endpoint, sim, settings.workers, end)

    answered, view, watch = run_against(sim, transport, timed)
    return answered, view, watch.wall


def run(settings: RateSettings) -> ScenarioResult:
    rows: list[list[str]] = []
    data: list[dict[str, Any]] = []
    # The limit counts requests in any window of a minute: a run of n minutes (from a
    # fresh account) is allowed n full windows, whenever in the window they come.
    allowed = 400 * math.ceil(settings.minutes)
    for transport in settings.transports:
        speed = settings.speed
        for window in settings.windows:
            sim = SimulatorSettings(speed=speed, rate_window_kind=window)
            for name, load in CONTENDERS.items():
                answered, view, wall = _measure(load, transport, sim, settings)
                utilization = answered / allowed
                rows.append(
                    [
                        name,
                        transport,
                        window,
                        f"{speed:g}x",
                        str(answered),
                        f"{utilization:.1%}",
                        str(view.too_many),
                        str(view.total),
                    ]
                )
                data.append(
                    {
                        "contender": name,
                        "transport": transport,
                        "server_window": window,
                        "speed": speed,
                        "answered": answered,
                        "allowed": allowed,
                        "utilization": utilization,
                        "too_many_requests": view.too_many,
                        "requests": view.total,
                        "wall_s": wall,
                    }
                )
    notes = [
        f"{settings.minutes:g} simulated minute(s) at 400 requests/minute ({allowed} allowed), "
        f"{settings.workers} coroutines sending `GET /subscriptions` without pause, a minute "
        f"lasting {60 / settings.speed:g} s (the budget's margin scaled with it, "
        f"{500 / settings.speed:.0f} ms). The library holds each token from the request's "
        "answer, so the time a request takes to reach the server never lets two of its "
        "windows overlap.",
        "answered = 2xx answers within the period; utilization = answered / allowed; 429s "
        "and requests as counted by the simulator. server window: the simulated limit "
        "counts requests in any 60 s (sliding) or per clock minute (fixed).",
    ]
    columns = [
        "contender",
        "transport",
        "server window",
        "scale",
        "answered",
        "utilization",
        "429s",
        "requests",
    ]
    return ScenarioResult(
        "rate", [Table("Rate budget under saturation", columns, rows, notes)], data
    )
