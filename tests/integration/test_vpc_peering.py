"""`client.connectivity.vpc_peering` against the simulator: single-region and
Active-Active peerings, AWS and GCP, created, listed, changed and deleted."""

from __future__ import annotations

import asyncio

import pytest

from redis_cloud_async import (
    AsyncClient,
    ConfirmationRequiredError,
    TaskFailedError,
    ValidationError,
)
from redis_cloud_async.models.vpc_peering import (
    AwsActiveActiveVpcPeeringCreateSpec,
    AwsVpcPeeringCreateSpec,
    GcpActiveActiveVpcPeeringCreateSpec,
    GcpVpcPeeringCreateSpec,
    PeeringStatus,
    VpcPeeringUpdateSpec,
)
from redis_cloud_async.testing import FakeRedisCloud
from tests.helpers.subscriptions import new_subscription

ACCOUNT = "123456789012"
VPC = "vpc-0abc123def456789"


async def _settle(fake: FakeRedisCloud) -> None:
    """Let connectivity changes started so far finish (a few ms at this speed)."""
    await asyncio.sleep(fake.durations.connectivity / fake.speed * 2)


def _aws(**changes: object) -> AwsVpcPeeringCreateSpec:
    fields: dict[str, object] = {
        "region": "us-east-1",
        "aws_account_id": ACCOUNT,
        "vpc_id": VPC,
        "vpc_cidrs": ["172.16.0.0/24"],
        **changes,
    }
    return AwsVpcPeeringCreateSpec(**fields)  # type: ignore[arg-type]


def _aa_aws(source_region: str) -> AwsActiveActiveVpcPeeringCreateSpec:
    """A peering from `source_region` to a VPC in us-west-2."""
    return AwsActiveActiveVpcPeeringCreateSpec(
        source_region=source_region,
        destination_region="us-west-2",
        aws_account_id=ACCOUNT,
        vpc_id=VPC,
        vpc_cidrs=["172.16.0.0/24"],
    )


async def test_an_aws_peering_is_created_listed_updated_and_deleted(
    client: AsyncClient, fake: FakeRedisCloud
) -> None:
    peering = client.connectivity.vpc_peering
    sub = await new_subscription(client, name="peered", regions=("us-east-1",))
    assert await peering.list(sub) == []

    created = await (await peering.create(sub, _aws())).wait()
    assert created.resource_id is not None
    [listed] = await peering.list(sub)
    assert listed.id == created.resource_id
    assert listed.status in (PeeringStatus.INITIATING_REQUEST, PeeringStatus.ACTIVE)
    assert (listed.aws_account_id, listed.vpc_uid) == (ACCOUNT, VPC)
    assert listed.region_name == "us-east-1"
    assert listed.cidrs == ["172.16.0.0/24"]
    assert listed.aws_peering_uid  # what to accept in the AWS console

    await _settle(fake)
    assert (await peering.list(sub))[0].status == PeeringStatus.ACTIVE

    new_cidrs = ["172.16.0.0/24", "172.17.0.0/24"]
    await (await peering.update(sub, listed.id, VpcPeeringUpdateSpec(vpc_cidrs=new_cidrs))).wait()
    assert (await peering.list(sub))[0].cidrs == new_cidrs

    await (await peering.delete(sub, listed.id, confirm=True)).wait()
    await _settle(fake)
    assert await peering.list(sub) == []


async def test_a_gcp_peering_reports_the_redis_side_to_peer_back_with(client: AsyncClient) -> None:
    peering = client.connectivity.vpc_peering
    sub = await new_subscription(client, name="gcp-peered", regions=("us-east-1",))
    spec = GcpVpcPeeringCreateSpec(vpc_project_uid="my-project", vpc_network_name="my-vpc")
    assert spec.provider == "GCP"
    await (await peering.create(sub, spec)).wait()
    [listed] = await peering.list(sub)
    assert (listed.project_uid, listed.network_name) == ("my-project", "my-vpc")
    assert listed.redis_project_uid
    assert listed.redis_network_name
    assert listed.aws_account_id is None


async def test_a_peering_overlapping_the_deployment_cidr_fails_with_the_task_error(
    client: AsyncClient,
) -> None:
    peering = client.connectivity.vpc_peering
    sub = await new_subscription(
        client, name="overlap", regions=("us-east-1",)
    )  # deployment CIDR 10.0.0.0/24
    with pytest.raises(TaskFailedError) as info:
        await (await peering.create(sub, _aws(vpc_cidrs=["10.0.0.0/16"]))).wait()
    assert info.value.error_type == "VPC_PEERING_CIDR_OVERLAP"
    assert await peering.list(sub) == []


async def test_a_spec_broken_after_it_was_built_is_refused_before_sending(
    client: AsyncClient, fake: FakeRedisCloud
) -> None:
    # The rules themselves are covered by tests/unit/test_specs_peering_tgw.py; here the
    # client checks the spec once more right before sending.
    spec = _aws()
    object.__setattr__(spec, "aws_account_id", "12345")
    update = VpcPeeringUpdateSpec(vpc_cidrs=["172.16.0.0/24"])
    object.__setattr__(update, "vpc_cidrs", ["172.16.0.1/24"])
    with pytest.raises(ValidationError) as info:
        await client.connectivity.vpc_peering.create(1, spec)
    assert info.value.field == "AwsVpcPeeringCreateSpec.aws_account_id"
    with pytest.raises(ValidationError) as info:
        await client.connectivity.vpc_peering.update_active_active(1, 2, update)
    assert info.value.field == "VpcPeeringUpdateSpec.vpc_cidrs[0]"
    assert fake.stats.count() == 0


async def test_deleting_without_confirmation_raises_and_sends_nothing(
    client: AsyncClient, fake: FakeRedisCloud
) -> None:
    peering = client.connectivity.vpc_peering
    for delete in (peering.delete, peering.delete_active_active):
        with pytest.raises(ConfirmationRequiredError):
            await delete(1, 2)
    assert fake.stats.count(method="DELETE") == 0


async def test_active_active_peerings_are_listed_per_source_region(
    client: AsyncClient, fake: FakeRedisCloud
) -> None:
    peering = client.connectivity.vpc_peering
    sub = await new_subscription(client, name="aa-peered", regions=("us-east-1", "eu-west-1"))
    regions = await peering.list_active_active(sub)
    assert [(r.region, r.vpc_peerings) for r in regions] == [("us-east-1", []), ("eu-west-1", [])]
    assert all(r.id is not None for r in regions)

    created = await (await peering.create_active_active(sub, _aa_aws("eu-west-1"))).wait()
    by_region = {r.region: r for r in await peering.list_active_active(sub)}
    [listed] = by_region["eu-west-1"].vpc_peerings
    assert by_region["us-east-1"].vpc_peerings == []
    assert listed.id == created.resource_id
    assert (listed.source_region, listed.destination_region) == ("eu-west-1", "us-west-2")
    assert listed.region_id == by_region["eu-west-1"].id
    assert listed.cidrs == ["172.16.0.0/24"]

    update = VpcPeeringUpdateSpec(vpc_cidr="172.18.0.0/24")
    await (await peering.update_active_active(sub, listed.id, update)).wait()
    by_region = {r.region: r for r in await peering.list_active_active(sub)}
    assert by_region["eu-west-1"].vpc_peerings[0].cidrs == ["172.18.0.0/24"]

    await (await peering.delete_active_active(sub, listed.id, confirm=True)).wait()
    await _settle(fake)
    assert all(r.vpc_peerings == [] for r in await peering.list_active_active(sub))


async def test_a_gcp_active_active_peering(client: AsyncClient) -> None:
    peering = client.connectivity.vpc_peering
    sub = await new_subscription(
        client, name="aa-gcp", regions=("us-east1", "europe-west1"), provider="GCP"
    )
    spec = GcpActiveActiveVpcPeeringCreateSpec(
        source_region="us-east1", vpc_project_uid="my-project", vpc_network_name="my-vpc"
    )
    await (await peering.create_active_active(sub, spec)).wait()
    by_region = {r.region: r for r in await peering.list_active_active(sub)}
    [listed] = by_region["us-east1"].vpc_peerings
    assert (listed.vpc_project_uid, listed.vpc_network_name) == ("my-project", "my-vpc")
    assert listed.source_region == "us-east1"
    assert listed.redis_project_uid


async def test_the_active_active_form_fails_on_a_single_region_subscription(
    client: AsyncClient,
) -> None:
    peering = client.connectivity.vpc_peering
    sub = await new_subscription(client, name="single", regions=("us-east-1",))
    with pytest.raises(TaskFailedError) as info:
        await (await peering.create_active_active(sub, _aa_aws("us-east-1"))).wait()
    assert info.value.error_type is not None
    assert "SINGLE_REGION_SUBSCRIPTION" in info.value.error_type
