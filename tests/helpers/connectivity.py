"""What the connectivity integration tests share (private link, private service connect):
region ids, settling, and counting or recording the writes the simulator answered."""

from __future__ import annotations

import asyncio

from redis_cloud_async._http import httpx
from redis_cloud_async.testing import FakeRedisCloud, ObservedExchange


def region_id(fake: FakeRedisCloud, subscription_id: int, region: str) -> int:
    return fake.sim.account.subscriptions[subscription_id].regions[region].id


async def settle(fake: FakeRedisCloud) -> None:
    """Let connectivity changes finish (300 s of the service: 17 ms at speed 18000)."""
    await asyncio.sleep(fake.sim.seconds("connectivity") * 1.5)


def record_writes(fake: FakeRedisCloud) -> list[ObservedExchange]:
    """The writes the simulator answers from now on: (method, route, body) as sent."""
    seen: list[ObservedExchange] = []
    fake.observers.append(lambda x: seen.append(x) if x.method != "GET" else None)
    return seen


def raw_http(fake: FakeRedisCloud) -> httpx.AsyncClient:
    """Plain HTTP to the simulator, for requests in the guide's forms."""
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=fake.app),
        base_url="http://localhost/v1",
        headers={"x-api-key": fake.api_key, "x-api-secret-key": fake.api_secret},
    )


def writes(fake: FakeRedisCloud) -> int:
    return sum(fake.stats.count(method=m) for m in ("POST", "PUT", "DELETE"))
