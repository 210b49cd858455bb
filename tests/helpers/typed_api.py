"""What the typed calls of the public API share: spec builders, waits, fake-time settling.

Typed as strictly as the calls themselves (mypy checks it with tests/typed_api).
"""

from __future__ import annotations

import asyncio
from typing import assert_type

from redis_cloud_async import (
    ActiveActiveRegion,
    AsyncClient,
    CloudAccountCreateSpec,
    CloudProviderSpec,
    PscEndpointCreateSpec,
    RegionNetworkingSpec,
    RegionSpec,
    Subscription,
    SubscriptionCreateSpec,
    SubscriptionDatabaseSpec,
    Task,
    TaskHandle,
)
from redis_cloud_async.testing import FakeRedisCloud

AWS_ACCOUNT = "123456789012"
ROLE_ARN = "arn:aws:iam::210987654321:role/app"
VPC = "vpc-0abc123def456789"
TGW = "tgw-0abc123def456789"
OTHER_TGW = "tgw-0123456789abcdef0"
VPC_ENDPOINT = "vpce-0abc123def456789"
PASSWORD = "SecurePassword123!"
CONSOLE_PASSWORD = "console-pa55word!"


def pro_plan(
    name: str, *regions: str, provider: str = "AWS", cloud_account: int | None = None
) -> SubscriptionCreateSpec:
    """A Pro plan with one 1 GB database; Active-Active when given several regions."""
    return SubscriptionCreateSpec(
        name=name,
        deployment_type="active-active" if len(regions) > 1 else None,
        cloud_providers=[
            CloudProviderSpec(
                provider=provider,
                cloud_account_id=cloud_account,
                regions=[
                    RegionSpec(
                        region=region,
                        networking=RegionNetworkingSpec(deployment_cidr=f"10.0.{i}.0/24"),
                    )
                    for i, region in enumerate(regions)
                ],
            )
        ],
        databases=[SubscriptionDatabaseSpec(name="db", dataset_size_in_gb=1)],
    )


async def wait_created(handle: TaskHandle) -> int:
    """Wait for a write and return the id of what it created or changed."""
    task: Task = await handle.wait()
    assert_type(task.resource_id, int | None)
    assert task.resource_id is not None
    return task.resource_id


async def wait_done(handle: TaskHandle) -> Task:
    """Wait for a write that must succeed."""
    task: Task = await handle.wait()
    assert task.succeeded
    return task


async def active_pro(client: AsyncClient, spec: SubscriptionCreateSpec) -> int:
    """An active Pro subscription made from `spec`."""
    subscription_id = await wait_created(await client.subscriptions.create(spec))
    active: Subscription = await client.subscriptions.wait_until_active(subscription_id)
    assert active.id == subscription_id
    return subscription_id


async def region_id_of(client: AsyncClient, subscription_id: int, region: str) -> int:
    """The id of an Active-Active region, which the per-region connectivity calls take."""
    regions: list[ActiveActiveRegion] = await client.active_active.list_regions(subscription_id)
    found = next(r.region_id for r in regions if r.region == region)
    assert found is not None
    return found


async def settle(fake: FakeRedisCloud) -> None:
    """Let connectivity changes finish (fake time: costs nothing)."""
    await asyncio.sleep(fake.durations.connectivity / fake.speed * 2)


def cloud_account_spec(name: str) -> CloudAccountCreateSpec:
    """A bring-your-own AWS account (AWS's documented example keys)."""
    return CloudAccountCreateSpec(
        name=name,
        access_key_id="AKIAIOSFODNN7EXAMPLE",
        access_secret_key="wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        console_username="redis-cloud-user",
        console_password=CONSOLE_PASSWORD,
        sign_in_login_url="https://123456789012.signin.aws.amazon.com/console",
    )


def psc_endpoint_spec(name: str) -> PscEndpointCreateSpec:
    """A Private Service Connect endpoint in a Google Cloud project of yours."""
    return PscEndpointCreateSpec(
        gcp_project_id="my-gcp-project",
        gcp_vpc_name="my-vpc",
        gcp_vpc_subnet_name="my-subnet",
        endpoint_connection_name=name,
    )
