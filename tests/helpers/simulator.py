"""Helpers for the simulator's tests: raw HTTP to a ``FakeRedisCloud`` and waiting.

Tests run on looptime's fake clock, so polling intervals and provisioning waits cost
no real time.
"""

from __future__ import annotations

import asyncio
from typing import Any

import attrs
import httpx

from redis_cloud_async.testing import FakeRedisCloud

HEADERS = {"x-api-key": "test-key", "x-api-secret-key": "test-secret"}
BASE = "http://localhost/v1"


def http_client(fake: FakeRedisCloud, **kwargs: Any) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=fake.app),
        base_url=BASE,
        headers=kwargs.pop("headers", HEADERS),
        **kwargs,
    )


async def wait_task(http: httpx.AsyncClient, task_id: str, *, step: float = 0.2) -> Any:
    """Poll a task until it is terminal; returns its JSON (within the rate budget).

    Tests run on looptime's fake clock, so the polling interval costs no real time.
    """
    for _ in range(10_000):
        answer = await http.get(f"/tasks/{task_id}")
        if (
            answer.status_code == 200
            and answer.json()["status"].startswith("processing-")
            and (answer.json()["status"] != "processing-in-progress")
        ):
            return answer.json()
        await asyncio.sleep(step)
    raise AssertionError(f"task {task_id} did not end")


async def submit(
    http: httpx.AsyncClient, method: str, path: str, body: Any = None
) -> dict[str, Any]:
    """Send a write, expect 202, wait for its task; returns the finished task."""
    answer = await http.request(method, path, json=body)
    assert answer.status_code == 202, answer.text
    return dict(await wait_task(http, answer.json()["taskId"]))


async def settle(fake: FakeRedisCloud, seconds: float | None = None) -> None:
    """Let every simulated provisioning started so far finish (by default)."""
    if seconds is None:
        longest = max(attrs.asdict(fake.durations).values())
        seconds = longest / fake.speed + 1
    await asyncio.sleep(seconds)
    fake.advance()


def subscription_body(name: str = "sub", **extra: Any) -> dict[str, Any]:
    return {
        "name": name,
        "cloudProviders": [{"provider": "AWS", "regions": [{"region": "us-east-1"}]}],
        "databases": [{"name": "first", "datasetSizeInGb": 1}],
        **extra,
    }


async def active_subscription(
    fake: FakeRedisCloud, http: httpx.AsyncClient, name: str = "sub", **extra: Any
) -> int:
    task = await submit(http, "POST", "/subscriptions", subscription_body(name, **extra))
    assert task["status"] == "processing-completed", task
    await settle(fake)
    return int(task["response"]["resourceId"])


def active_active_body(name: str = "aa", **extra: Any) -> dict[str, Any]:
    regions = [
        {"region": "us-east-1", "networking": {"deploymentCIDR": "10.0.0.0/24"}},
        {"region": "eu-west-1", "networking": {"deploymentCIDR": "10.0.1.0/24"}},
    ]
    return {
        "name": name,
        "deploymentType": "active-active",
        "cloudProviders": [{"provider": "AWS", "regions": regions}],
        "databases": [{"name": "crdb", "datasetSizeInGb": 1}],
        **extra,
    }
