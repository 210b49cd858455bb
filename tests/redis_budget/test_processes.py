"""Four processes, one API key, one budget on Redis: no 429 and the budget fully used.

One simulator is served over loopback (uvicorn, in a thread of this process) with a
scaled window: 400 requests per 6 s. Four subprocesses (`tests.helpers.saturate_budget`),
each an `AsyncClient` with a `RedisRateBudget` on the same key and the same period, send
as fast as their budget lets them for three windows. The simulator must refuse nothing, and
what it served must be at least 90% of what the window allows (400 per window).
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

from redis.asyncio import Redis

from redis_cloud_async.testing import FakeRedisCloud
from redis_cloud_async.testing._server import serve_in_thread

ROOT = Path(__file__).resolve().parents[2]
PROCESSES = 4
RPM, PERIOD, MARGIN = 400, 6.0, 0.05
WINDOWS = 3
CONCURRENCY = 8  # per process: demand far above the budget, a short queue at the server
#: Starting the processes and collecting their reports, beyond the run itself.
SLACK = 30.0


async def run_processes(config: dict[str, Any]) -> tuple[list[dict[str, Any]], float]:
    """Start every process, let them go at once, and collect their reports.

    Also returns the seconds it took the processes to get ready (for the report only).
    """
    started = time.monotonic()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    workers = [
        await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "tests.helpers.saturate_budget",
            json.dumps(config),
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            env=env,
            cwd=ROOT,
        )
        for _ in range(PROCESSES)
    ]
    try:
        async with asyncio.timeout(config["seconds"] + SLACK):
            for worker in workers:
                assert worker.stdout is not None
                assert (await worker.stdout.readline()).strip() == b"ready"
            ready = time.monotonic() - started
            for worker in workers:
                assert worker.stdin is not None
                worker.stdin.write(b"go\n")
                await worker.stdin.drain()
            outputs = [(await worker.communicate())[0] for worker in workers]
        assert [worker.returncode for worker in workers] == [0] * PROCESSES
        return [json.loads(output) for output in outputs], ready
    finally:
        for worker in workers:
            if worker.returncode is None:
                worker.kill()
                await worker.wait()


async def test_four_processes_share_one_budget_with_no_429_at_over_90_percent(
    redis_client: Redis, redis_url: str
) -> None:
    fake = FakeRedisCloud(requests_per_minute=RPM, rate_window=PERIOD, seed=0)
    with serve_in_thread(fake) as base_url:
        reports, ready = await run_processes(
            {
                "base_url": base_url,
                "redis_url": redis_url,
                "rpm": RPM,
                "period": PERIOD,
                "margin": MARGIN,
                "seconds": WINDOWS * PERIOD,
                "concurrency": CONCURRENCY,
            }
        )
    served = fake.stats.count(method="GET", route="/", status=200)
    granted = sum(report["granted"] for report in reports)
    asked = sum(report["asked"] for report in reports)
    use = served / (RPM * WINDOWS)
    print(
        f"\n{PROCESSES} processes ready in {ready:.1f}s, {RPM} per {PERIOD:g}s, {WINDOWS} windows: "
        f"{granted} granted in {asked} script calls, {served} served "
        f"({use:.1%} of the budget), {fake.stats.too_many_requests} 429s sent; "
        f"per process: {reports}"
    )
    assert fake.stats.too_many_requests == 0
    assert fake.stats.rate_limited == 0
    assert [report["rate_limited"] for report in reports] == [0] * PROCESSES
    assert [report["errors"] for report in reports] == [{}] * PROCESSES
    assert use >= 0.9
    assert served <= granted  # every request the simulator saw was granted first
