"""Serve the example on loopback: ``python examples/fastapi_app [--simulator] [--port N]``.

With ``--simulator`` the app's client talks to the embedded simulator in-process (no
keys, no account) and a subscription is made first, whose id is printed; try::

    curl -X POST localhost:8000/subscriptions/ID/databases -H 'content-type: application/json' \\
        -d '{"name": "cache"}'
    curl localhost:8000/tasks/TASK_ID/wait
"""

from __future__ import annotations

import argparse
import asyncio

import uvicorn
from app import create_app

from redis_cloud_async import (
    CloudProviderSpec,
    RegionSpec,
    SubscriptionCreateSpec,
    SubscriptionDatabaseSpec,
)
from redis_cloud_async.testing import FakeRedisCloud


async def _subscription(fake: FakeRedisCloud) -> int:
    spec = SubscriptionCreateSpec(
        name="example",
        cloud_providers=[
            CloudProviderSpec(provider="AWS", regions=[RegionSpec(region="us-east-1")])
        ],
        databases=[SubscriptionDatabaseSpec(name="main", dataset_size_in_gb=1)],
    )
    async with fake.client() as client:
        task = await (await client.subscriptions.create(spec)).wait()
        assert task.resource_id is not None
        await client.subscriptions.wait_until_active(task.resource_id)
        return task.resource_id


def main() -> None:
    parser = argparse.ArgumentParser(prog="python examples/fastapi_app")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--simulator", action="store_true", help="use the embedded simulator")
    args = parser.parse_args()
    factory = None
    if args.simulator:
        fake = FakeRedisCloud(speed=600)  # a 15-minute subscription takes 1.5 s
        print(f"simulated subscription {asyncio.run(_subscription(fake))} is ready")
        factory = fake.client
    uvicorn.run(create_app(client_factory=factory), host="127.0.0.1", port=args.port)


if __name__ == "__main__":
    main()
