"""One process of the shared-budget saturation test (tests/redis_budget/test_processes.py
runs it as ``python -m tests.helpers.saturate_budget``).

An `AsyncClient` with a `RedisRateBudget` sends `GET /` from many coroutines, flat out,
to a simulator served over loopback. Its one argument is a JSON object: base_url,
redis_url, rpm, period, margin, seconds, concurrency. It prints "ready", waits for a
line on stdin (so that every process starts at once), runs for `seconds`, then prints
one JSON line of what it did.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import sys
from collections import Counter
from typing import Any

from redis_cloud_async import AsyncClient, RedisCloudError, RedisRateBudget

API_KEY, API_SECRET = "test-key", "test-secret"  # the simulator's


async def main(config: dict[str, Any]) -> dict[str, Any]:
    budget = RedisRateBudget.from_url(
        config["redis_url"],
        config["rpm"],
        api_key=API_KEY,
        period=config["period"],
        margin=config["margin"],
    )
    client = AsyncClient(API_KEY, API_SECRET, base_url=config["base_url"], rate_budget=budget)
    async with budget, client:
        print("ready", flush=True)
        await asyncio.to_thread(sys.stdin.readline)
        answered = 0
        errors: Counter[str] = Counter()

        async def flat_out() -> None:
            nonlocal answered
            while True:
                try:
                    await client.account.get()
                    answered += 1
                except RedisCloudError as error:
                    errors[type(error).__name__] += 1

        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(config["seconds"]), asyncio.TaskGroup() as tg:
                for _ in range(config["concurrency"]):
                    tg.create_task(flat_out())
        return {
            "granted": budget.granted,
            "asked": budget.asked,
            "given_back": budget.given_back,
            "resynced": budget.resynced,
            "pauses": budget.pauses,
            "answered": answered,
            "errors": dict(errors),
            "rate_limited": client.stats.rate_limited,
            "by_status": {str(k): v for k, v in client.stats.by_status.items()},
        }


if __name__ == "__main__":
    print(json.dumps(asyncio.run(main(json.loads(sys.argv[1])))), flush=True)
