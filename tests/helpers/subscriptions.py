"""Test helper shared by the integration tests: an active Pro subscription to work in."""

from __future__ import annotations

from collections.abc import Sequence

from redis_cloud_async import (
    AsyncClient,
    CloudProviderSpec,
    RegionNetworkingSpec,
    RegionSpec,
    SubscriptionCreateSpec,
    SubscriptionDatabaseSpec,
)


async def new_subscription(
    client: AsyncClient,
    *,
    name: str = "sub",
    regions: Sequence[str] = ("us-east-1",),
    provider: str = "AWS",
) -> int:
    """An active Pro subscription with one database; two or more regions make it
    Active-Active (each region gets its own deployment CIDR)."""
    active_active = len(regions) > 1
    planned = [
        RegionSpec(region=region, networking=RegionNetworkingSpec(deployment_cidr=f"10.0.{i}.0/24"))
        for i, region in enumerate(regions)
    ]
    spec = SubscriptionCreateSpec(
        name=name,
        deployment_type="active-active" if active_active else None,
        cloud_providers=[CloudProviderSpec(provider=provider, regions=planned)],
        databases=[SubscriptionDatabaseSpec(name="db", dataset_size_in_gb=1)],
    )
    task = await (await client.subscriptions.create(spec)).wait()
    assert task.resource_id is not None
    await client.subscriptions.wait_until_active(task.resource_id)
    return task.resource_id
