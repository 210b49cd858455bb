"""Scenario 2: following 1,000 and 10,000 tasks in flight at once.

The library follows every task through its one watcher (`client.tasks.as_completed`:
a `GET /tasks` sweep per tick, its default poll policy); per-task polling follows each
task in its own loop (`GET /tasks/{id}`, 1 s doubling to 30 s, as the Go SDK's
`WaitForTaskToComplete`).
The simulator queues the tasks at once and ends them one after another over `window`
service seconds.

Each contender runs in a fresh process on a virtual clock (`benchmarks.fakeclock`),
against a simulator in a process of its own reached in lockstep (`benchmarks.lockstep`):
every poller keeps its exact schedule whatever the machine's load, and CPU time and peak
memory are the contender's alone. No rate limit applies here, so that each keeps its schedule (under
the service's 400/minute, per-task polling of this many tasks is throttled and sees
completions minutes late).

    python -m benchmarks.watching --contender library --tasks N --window SECONDS
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections.abc import Sequence
from typing import Any

import attrs
import httpx

from benchmarks.fakeclock import VirtualClockLoop
from benchmarks.lockstep import LockstepTransport
from benchmarks.measure import Stopwatch, peak_rss_mb, print_result, rss_mb, run_worker
from benchmarks.report import ScenarioResult, Table, number
from benchmarks.wire import API_KEY, API_SECRET
from redis_cloud_async import AsyncClient

__all__ = ["WatchSettings", "run"]

CONTENDERS = ("library", "per-task")
_LABELS = {
    "library": "library TaskWatcher (one sweep per tick)",
    "per-task": "per-task polling (1 s doubling to 30 s)",
}
_BASE_URL = "http://localhost/v1"
_TERMINAL = ("processing-completed", "processing-error")


@attrs.frozen(kw_only=True)
class WatchSettings:
    sizes: tuple[int, ...] = (1000, 10000)
    window: float = 30.0  #: service seconds over which the tasks end


async def _library(transport: httpx.AsyncBaseTransport, ids: list[str]) -> int | None:
    """Follow every task to its end; the watcher's ticks."""
    async with AsyncClient(
        API_KEY, API_SECRET, base_url=_BASE_URL, transport=transport, requests_per_minute=10**9
    ) as client:
        async for _ in client.tasks.as_completed(ids):
            pass
        return client._watcher.stats.ticks


async def _per_task(transport: httpx.AsyncBaseTransport, ids: list[str]) -> int | None:
    headers = {"x-api-key": API_KEY, "x-api-secret-key": API_SECRET}
    async with httpx.AsyncClient(base_url=_BASE_URL, transport=transport, headers=headers) as http:

        async def follow(task_id: str) -> None:
            delay = 1.0
            while (await http.get(f"/tasks/{task_id}")).json()["status"] not in _TERMINAL:
                await asyncio.sleep(delay)
                delay = min(delay * 2, 30.0)

        await asyncio.gather(*(follow(task_id) for task_id in ids))
    return None  # no ticks: a loop per task


async def _worker(contender: str, count: int, window: float) -> dict[str, Any]:
    # Real service seconds (speed 1): on a virtual clock, time costs nothing.
    durations = {"task_pickup": 1.0, "task_processing": window / count}
    simulator = ["--speed=1.0", f"--rpm={10**9}", f"--durations={json.dumps(durations)}"]
    transport = LockstepTransport(simulator)
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://localhost") as http:
            seeded = await http.post("/bench/tasks", params={"count": count})
            ids: list[str] = seeded.json()["taskIds"]
        loop = asyncio.get_running_loop()
        before, began = rss_mb(), loop.time()
        watch = Stopwatch()
        with watch:
            ticks = await (_library if contender == "library" else _per_task)(transport, ids)
        service_seconds = loop.time() - began
        view = transport.view()
    finally:
        transport.close()
    return {
        "contender": contender,
        "tasks": count,
        "status_requests": view.status_requests,
        "ticks": ticks,
        "cpu_s": watch.cpu,
        "wall_s": watch.wall,
        "service_s": service_seconds,
        "rss_before_mb": before,
        "peak_rss_mb": peak_rss_mb(),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.watching")
    parser.add_argument("--contender", choices=CONTENDERS, required=True)
    parser.add_argument("--tasks", type=int, required=True)
    parser.add_argument("--window", type=float, required=True)
    args = parser.parse_args(argv)
    loop = VirtualClockLoop()
    try:
        print_result(loop.run_until_complete(_worker(args.contender, args.tasks, args.window)))
    finally:
        loop.close()
    return 0


def run(settings: WatchSettings) -> ScenarioResult:
    rows: list[list[str]] = []
    data: list[dict[str, Any]] = []
    for size in settings.sizes:
        for contender in CONTENDERS:
            arguments = [
                f"--contender={contender}",
                f"--tasks={size}",
                f"--window={settings.window!r}",
            ]
            measured = run_worker("benchmarks.watching", arguments)
            data.append(measured)
            status, ticks = measured["status_requests"], measured.get("ticks")
            rows.append(
                [
                    _LABELS[contender],
                    f"{size:,}",
                    str(status),
                    number(status / size, 3),
                    number(status / ticks, 2) if ticks else "-",
                    number(measured["cpu_s"]),
                    number(measured["peak_rss_mb"], 1),
                    number(measured["rss_before_mb"], 1),
                    number(measured["peak_rss_mb"] - measured["rss_before_mb"], 1),
                ]
            )
    notes = [
        f"The tasks are queued at once and end one after another over {settings.window:g} "
        "service seconds. Each contender runs in a fresh process on a virtual clock, the "
        "simulator in its own process (`benchmarks.lockstep`); no rate limit.",
        "status req = `GET /tasks` and `GET /tasks/{id}` answered by the simulator; per tick "
        "= status req / the watcher's ticks; CPU s and peak RSS are the contender process's "
        "alone (RSS before = after start-up, before watching; above rest = peak - before).",
    ]
    columns = [
        "contender",
        "tasks",
        "status req",
        "per task",
        "per tick",
        "CPU s",
        "peak RSS MiB",
        "RSS before MiB",
        "above rest MiB",
    ]
    table = Table("Watching tasks in flight", columns, rows, notes)
    return ScenarioResult("watching", [table], data)


if __name__ == "__main__":
    sys.exit(main())
