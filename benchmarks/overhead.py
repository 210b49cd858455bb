"""Scenario 4: what the library costs per call, and what decoding costs.

Calls: `client.subscriptions.get(id)` (rate budget, retry decision, error mapping and a
typed, validated model) against a bare httpx `GET` + `.json()` on the same transport,
in-process (ASGI) and over loopback (uvicorn in a subprocess). The two alternate call by
call and each is summed up by its median call, so that whatever else the machine does
weighs on both alike.

Decoding: a page walk's worth of 1,000 databases, as the simulator lists them, parsed and
decoded as the client does (its parser and the lenient converter), without the `fast`
extra (the standard `json`), and through the strict converter (tests), next to
`json.loads` alone.
"""

from __future__ import annotations

import asyncio
import gc
import json
import statistics
import time
from collections.abc import Awaitable, Callable
from typing import Any

import attrs

from benchmarks.report import ScenarioResult, Table, number
from benchmarks.simulator import (
    Endpoint,
    SimulatorSettings,
    in_process,
    loopback,
    raw_client,
)
from redis_cloud_async import Database, RateBudget
from redis_cloud_async._converter import make_converter
from redis_cloud_async._json import PARSER, loads

__all__ = ["OverheadSettings", "run"]

#: Fast enough that the subscription is active at once; no rate limit in the way.
_SIM = SimulatorSettings(speed=1e7, requests_per_minute=10**9)
_DECODE_RUNS = 15
_SUBSCRIPTION = {
    "name": "overhead",
    "cloudProviders": [{"provider": "AWS", "regions": [{"region": "us-east-1"}]}],
    "databases": [{"name": "db", "datasetSizeInGb": 1}],
}


@attrs.frozen(kw_only=True)
class OverheadSettings:
    calls: int = 2000  #: calls of each contender in-process
    loopback_calls: int = 400  #: ... and over loopback
    databases: int = 1000
    transports: tuple[str, ...] = ("in-process", "loopback")


@attrs.frozen
class PerCall:
    """A contender's median call: wall seconds, and this process's CPU seconds."""

    wall: float
    cpu: float


async def _create(endpoint: Endpoint, body: dict[str, Any]) -> int:
    """Create a subscription (raw) and return its id once its task is done."""
    async with raw_client(endpoint) as http:
        task = (await http.post("/subscriptions", json=body)).json()
        while task["status"] not in ("processing-completed", "processing-error"):
            await asyncio.sleep(0.001)
            task = (await http.get(f"/tasks/{task['taskId']}")).json()
        return int(task["response"]["resourceId"])


async def _alternating(
    contenders: dict[str, Callable[[], Awaitable[Any]]], calls: int
) -> dict[str, PerCall]:
    """Each contender's median call, the contenders taking turns call by call."""
    walls: dict[str, list[float]] = {name: [] for name in contenders}
    cpus: dict[str, list[float]] = {name: [] for name in contenders}
    for _ in range(calls):
        for name, call in contenders.items():
            wall, cpu = time.perf_counter(), time.process_time()
            await call()
            cpus[name].append(time.process_time() - cpu)
            walls[name].append(time.perf_counter() - wall)
    return {
        name: PerCall(statistics.median(walls[name]), statistics.median(cpus[name]))
        for name in contenders
    }


async def _calls(endpoint: Endpoint, calls: int) -> dict[str, PerCall]:
    sub_id = await _create(endpoint, _SUBSCRIPTION)
    budget = RateBudget(10**9)
    async with endpoint.client(rate_budget=budget) as client, raw_client(endpoint) as http:
        path = f"/subscriptions/{sub_id}"

        async def library() -> None:
            await client.subscriptions.get(sub_id)

        async def bare() -> None:
            (await http.get(path)).json()

        for call in (library, bare):  # warm both (connections, caches)
            for _ in range(20):
                await call()
        return await _alternating({"httpx": bare, "library": library}, calls)


def _call_rows(settings: OverheadSettings) -> tuple[list[list[str]], list[dict[str, Any]]]:
    rows: list[list[str]] = []
    data: list[dict[str, Any]] = []
    for transport in settings.transports:
        if transport == "in-process":
            per_call = asyncio.run(_calls(in_process(_SIM.fake()), settings.calls))
        else:
            with loopback(_SIM) as server:
                per_call = asyncio.run(_calls(server.endpoint, settings.loopback_calls))
        bare, library = per_call["httpx"], per_call["library"]
        ratio = library.wall / bare.wall
        rows.append(
            [
                transport,
                number(1 / bare.wall, 0),
                number(1 / library.wall, 0),
                f"{ratio:.2f}x",
                number(bare.cpu * 1e6, 0),
                number(library.cpu * 1e6, 0),
            ]
        )
        data.append(
            {
                "transport": transport,
                "median_wall_s": {"httpx": bare.wall, "library": library.wall},
                "median_cpu_s": {"httpx": bare.cpu, "library": library.cpu},
                "ratio": ratio,
            }
        )
    return rows, data


async def _database_pages(count: int) -> list[dict[str, Any]]:
    """`count` databases as the simulator lists them (pages of 100)."""
    fake = _SIM.fake()
    endpoint = in_process(fake)
    body = {**_SUBSCRIPTION, "databases": [{"name": "db", "datasetSizeInGb": 1, "quantity": count}]}
    sub_id = await _create(endpoint, body)
    databases: list[dict[str, Any]] = []
    async with raw_client(endpoint) as http:
        for offset in range(0, count, 100):
            page = await http.get(
                f"/subscriptions/{sub_id}/databases", params={"offset": offset, "limit": 100}
            )
            databases += page.json()["subscription"][0]["databases"]
    return databases


def _decode_rows(settings: OverheadSettings) -> tuple[list[list[str]], dict[str, float]]:
    databases = asyncio.run(_database_pages(settings.databases))
    text = json.dumps(databases)
    lenient, strict = make_converter(strict=False), make_converter(strict=True)
    timings: dict[str, Callable[[], Any]] = {
        "json.loads only": lambda: json.loads(text),
        f"library, production ({PARSER} + lenient converter)": lambda: lenient.structure(
            loads(text), list[Database]
        ),
        "library without the fast extra (json + lenient)": lambda: lenient.structure(
            json.loads(text), list[Database]
        ),
        "strict converter (tests; json)": lambda: strict.structure(
            json.loads(text), list[Database]
        ),
    }
    best = dict.fromkeys(timings, float("inf"))
    for _ in range(_DECODE_RUNS):
        for name, decode in timings.items():
            # As `timeit` does: a collection of the cycle collector, whose cost depends on
            # whatever else this process holds, lands on one decoder or another at random.
            gc.collect()
            gc.disable()
            try:
                began = time.perf_counter()
                decode()
                best[name] = min(best[name], time.perf_counter() - began)
            finally:
                gc.enable()
    n, baseline = len(databases), best["json.loads only"]
    rows = [
        [
            name,
            number(seconds * 1e3, 1),
            number(seconds / n * 1e6, 1),
            f"{seconds / baseline:.2f}x",
        ]
        for name, seconds in best.items()
    ]
    return rows, best


def run(settings: OverheadSettings) -> ScenarioResult:
    call_rows, call_data = _call_rows(settings)
    decode_rows, decode_data = _decode_rows(settings)
    call_notes = [
        f"{settings.calls} sequential calls of each in-process, {settings.loopback_calls} over "
        "loopback, alternating call by call; calls/s = 1 / median call. In-process, both "
        "include the simulator's own work on each request.",
        "ratio = library median call / httpx median call; CPU us = this process's CPU time "
        "per median call (over loopback: the client's share alone).",
    ]
    decode_notes = [
        f"{settings.databases} databases from the simulator's list pages, decoded into "
        f"`Database` models (best of {_DECODE_RUNS} runs, parsing included, the cycle "
        "collector paused during each as `timeit` does); x json.loads "
        "= time / `json.loads` alone on the same text.",
        "The production parser is orjson when the `fast` extra is installed (else json).",
    ]
    tables = [
        Table(
            "Overhead per call: `client.subscriptions.get` vs bare httpx",
            [
                "transport",
                "httpx calls/s",
                "library calls/s",
                "ratio",
                "httpx CPU us",
                "library CPU us",
            ],
            call_rows,
            call_notes,
        ),
        Table(
            f"Decoding a {settings.databases}-database list",
            ["decoder", f"ms per {settings.databases}", "us per database", "x json.loads"],
            decode_rows,
            decode_notes,
        ),
    ]
    return ScenarioResult("overhead", tables, {"calls": call_data, "decode_seconds": decode_data})
