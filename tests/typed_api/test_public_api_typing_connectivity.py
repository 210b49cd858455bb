"""Typed calls of `client.connectivity`: VPC peering, PrivateLink, Transit Gateway and
Private Service Connect, single-region and per Active-Active region (see
test_public_api_typing.py for why)."""

from __future__ import annotations

from typing import Any, assert_type

import pytest

from redis_cloud_async import (
    ActiveActiveVpcPeeringRegion,
    AsyncClient,
    AwsActiveActiveVpcPeeringCreateSpec,
    AwsVpcPeeringCreateSpec,
    GcpVpcPeeringCreateSpec,
    PrivateLinkConfig,
    PrivateLinkCreateSpec,
    PrivateLinkDisassociateSpec,
    PrivateLinkEndpointScript,
    PrivateLinkPrincipalSpec,
    PscEndpoint,
    PscEndpointAction,
    PscEndpointUpdateSpec,
    PscScript,
    PscService,
    TransitGatewayAttachmentUpdateSpec,
    TransitGatewayCreateSpec,
    TransitGatewayDetails,
    TransitGatewayInvitation,
    VpcPeeringConnection,
    VpcPeeringUpdateSpec,
)
from redis_cloud_async.testing import FakeRedisCloud
from redis_cloud_async.testing.routes.private_link import connect
from tests.helpers.typed_api import (
    AWS_ACCOUNT,
    OTHER_TGW,
    ROLE_ARN,
    TGW,
    VPC,
    VPC_ENDPOINT,
    active_pro,
    pro_plan,
    psc_endpoint_spec,
    region_id_of,
    settle,
    wait_created,
    wait_done,
)

pytestmark = pytest.mark.looptime(end=3600)


# -- connectivity ---------------------------------------------------------------------------
async def test_vpc_peering(client: AsyncClient, fake: FakeRedisCloud) -> None:
    sid = await active_pro(client, pro_plan("peered", "us-east-1"))
    before: list[VpcPeeringConnection] = await client.connectivity.vpc_peering.list(sid)
    assert_type(await client.connectivity.vpc_peering.list(sid), list[VpcPeeringConnection])
    aws = AwsVpcPeeringCreateSpec(
        region="us-east-1", aws_account_id=AWS_ACCOUNT, vpc_id=VPC, vpc_cidrs=["172.16.0.0/24"]
    )
    gcp = GcpVpcPeeringCreateSpec(vpc_project_uid="my-project", vpc_network_name="my-vpc")
    peering = await wait_created(await client.connectivity.vpc_peering.create(sid, aws))
    await wait_done(await client.connectivity.vpc_peering.create(sid, gcp))
    await settle(fake)
    cidrs = VpcPeeringUpdateSpec(vpc_cidrs=["172.16.0.0/24", "172.17.0.0/24"])
    await wait_done(await client.connectivity.vpc_peering.update(sid, peering, cidrs))
    after: list[VpcPeeringConnection] = await client.connectivity.vpc_peering.list(sid)
    await wait_done(await client.connectivity.vpc_peering.delete(sid, peering, confirm=True))
    assert (len(before), len(after)) == (0, 2)

    aa = await active_pro(client, pro_plan("peered-aa", "us-east-1", "eu-west-1"))
    spec = AwsActiveActiveVpcPeeringCreateSpec(
        source_region="eu-west-1",
        destination_region="us-west-2",
        aws_account_id=AWS_ACCOUNT,
        vpc_id=VPC,
        vpc_cidrs=["172.16.0.0/24"],
    )
    aa_peering = await wait_created(
        await client.connectivity.vpc_peering.create_active_active(aa, spec)
    )
    regions: list[
        ActiveActiveVpcPeeringRegion
    ] = await client.connectivity.vpc_peering.list_active_active(aa)
    assert [len(r.vpc_peerings) for r in regions] == [0, 1]
    cidr = VpcPeeringUpdateSpec(vpc_cidr="172.18.0.0/24")
    await wait_done(
        await client.connectivity.vpc_peering.update_active_active(aa, aa_peering, cidr)
    )
    await wait_done(
        await client.connectivity.vpc_peering.delete_active_active(aa, aa_peering, confirm=True)
    )


async def test_private_link(client: AsyncClient, fake: FakeRedisCloud) -> None:
    sid = await active_pro(client, pro_plan("linked", "us-east-1"))
    create = PrivateLinkCreateSpec(share_name="share", principal=AWS_ACCOUNT)
    await wait_done(await client.connectivity.private_link.create(sid, create))
    role = PrivateLinkPrincipalSpec(principal=ROLE_ARN, alias="app")
    await wait_done(await client.connectivity.private_link.add_principal(sid, role))
    await settle(fake)
    link: PrivateLinkConfig = await client.connectivity.private_link.get(sid)
    script: PrivateLinkEndpointScript = await client.connectivity.private_link.endpoint_script(sid)
    assert len(link.principals) == 2
    assert script.resource_endpoint_script

    connect(fake.sim, sid, AWS_ACCOUNT, endpoint_id=VPC_ENDPOINT)
    connect(fake.sim, sid, ROLE_ARN)
    await wait_done(
        await client.connectivity.private_link.disassociate_endpoints(
            sid, [VPC_ENDPOINT], confirm=True
        )
    )
    rest = PrivateLinkDisassociateSpec.of(
        (await client.connectivity.private_link.get(sid)).connections
    )
    await wait_done(await client.connectivity.private_link.disassociate(sid, rest, confirm=True))
    for principal in (AWS_ACCOUNT, ROLE_ARN):
        await wait_done(
            await client.connectivity.private_link.remove_principal(sid, principal, confirm=True)
        )
    await wait_done(await client.connectivity.private_link.delete(sid, confirm=True))

    aa = await active_pro(client, pro_plan("linked-aa", "us-east-1", "eu-west-1"))
    east = await region_id_of(client, aa, "us-east-1")
    await wait_done(await client.connectivity.private_link.create_for_region(aa, east, create))
    await wait_done(await client.connectivity.private_link.add_principal_for_region(aa, east, role))
    regional: PrivateLinkConfig = await client.connectivity.private_link.get_for_region(aa, east)
    regional_script: PrivateLinkEndpointScript = (
        await client.connectivity.private_link.endpoint_script_for_region(aa, east)
    )
    assert regional.region_id == east
    assert regional_script.resource_endpoint_script

    first: dict[str, Any] = connect(fake.sim, aa, AWS_ACCOUNT, region_id=east)
    connect(fake.sim, aa, ROLE_ARN, region_id=east)
    await wait_done(
        await client.connectivity.private_link.disassociate_endpoints_for_region(
            aa, east, [first["connectionId"]], confirm=True
        )
    )
    remaining = (await client.connectivity.private_link.get_for_region(aa, east)).connections
    await wait_done(
        await client.connectivity.private_link.disassociate_for_region(
            aa, east, PrivateLinkDisassociateSpec.of(remaining), confirm=True
        )
    )
    for principal in (AWS_ACCOUNT, ROLE_ARN):
        await wait_done(
            await client.connectivity.private_link.remove_principal_for_region(
                aa, east, principal, confirm=True
            )
        )
    await wait_done(
        await client.connectivity.private_link.delete_for_region(aa, east, confirm=True)
    )


async def test_transit_gateway(client: AsyncClient, fake: FakeRedisCloud) -> None:
    sid = await active_pro(client, pro_plan("tgw", "us-east-1"))
    empty: list[TransitGatewayDetails] = await client.connectivity.transit_gateway.list(sid)
    spec = TransitGatewayCreateSpec(
        aws_tgw_uid=TGW, aws_account_id=AWS_ACCOUNT, cidrs=["172.20.0.0/16"]
    )
    gateway = await wait_created(await client.connectivity.transit_gateway.create(sid, spec))
    invitations: list[
        TransitGatewayInvitation
    ] = await client.connectivity.transit_gateway.list_invitations(sid)
    [invitation] = invitations
    await wait_done(await client.connectivity.transit_gateway.accept_invitation(sid, invitation.id))
    other = TransitGatewayCreateSpec(aws_tgw_uid=OTHER_TGW, aws_account_id=AWS_ACCOUNT)
    await wait_done(await client.connectivity.transit_gateway.create(sid, other))
    [pending] = [
        i
        for i in await client.connectivity.transit_gateway.list_invitations(sid)
        if i.status == "pending"
    ]
    await wait_done(
        await client.connectivity.transit_gateway.reject_invitation(sid, pending.id, confirm=True)
    )
    await wait_done(await client.connectivity.transit_gateway.create_attachment(sid, gateway))
    await settle(fake)
    routes = TransitGatewayAttachmentUpdateSpec(cidrs=["172.20.0.0/16", "172.21.0.0/16"])
    await wait_done(
        await client.connectivity.transit_gateway.update_attachment(sid, gateway, routes)
    )
    await wait_done(
        await client.connectivity.transit_gateway.delete_attachment(sid, gateway, confirm=True)
    )
    assert empty == []

    aa = await active_pro(client, pro_plan("tgw-aa", "us-east-1", "eu-west-1"))
    west = await region_id_of(client, aa, "eu-west-1")
    regional = TransitGatewayCreateSpec(
        aws_tgw_uid=TGW, aws_account_id=AWS_ACCOUNT, region="eu-west-1"
    )
    aa_gateway = await wait_created(await client.connectivity.transit_gateway.create(aa, regional))
    [aa_invitation] = await client.connectivity.transit_gateway.list_invitations_for_region(
        aa, west
    )
    await wait_done(
        await client.connectivity.transit_gateway.accept_invitation_for_region(
            aa, west, aa_invitation.id
        )
    )
    regional_other = TransitGatewayCreateSpec(
        aws_tgw_uid=OTHER_TGW, aws_account_id=AWS_ACCOUNT, region="eu-west-1"
    )
    await wait_done(await client.connectivity.transit_gateway.create(aa, regional_other))
    aa_invitations: list[
        TransitGatewayInvitation
    ] = await client.connectivity.transit_gateway.list_invitations_for_region(aa, west)
    [aa_pending] = [i for i in aa_invitations if i.status == "pending"]
    await wait_done(
        await client.connectivity.transit_gateway.reject_invitation_for_region(
            aa, west, aa_pending.id, confirm=True
        )
    )
    await wait_done(
        await client.connectivity.transit_gateway.create_attachment_for_region(aa, west, aa_gateway)
    )
    await settle(fake)
    aa_routes = TransitGatewayAttachmentUpdateSpec(cidrs=["172.30.0.0/16"])
    await wait_done(
        await client.connectivity.transit_gateway.update_attachment_for_region(
            aa, west, aa_gateway, aa_routes
        )
    )
    gateways: list[
        TransitGatewayDetails
    ] = await client.connectivity.transit_gateway.list_for_region(aa, west)
    assert {g.id for g in gateways} >= {aa_gateway}
    await wait_done(
        await client.connectivity.transit_gateway.delete_attachment_for_region(
            aa, west, aa_gateway, confirm=True
        )
    )


async def test_private_service_connect(client: AsyncClient, fake: FakeRedisCloud) -> None:
    sid = await active_pro(client, pro_plan("psc", "us-central1", provider="GCP"))
    service_id = await wait_created(await client.connectivity.private_service_connect.create(sid))
    await settle(fake)
    service: PscService = await client.connectivity.private_service_connect.get(sid)
    assert_type(await client.connectivity.private_service_connect.get(sid), PscService)
    assert service.id == service_id
    first = await wait_created(
        await client.connectivity.private_service_connect.create_endpoint(
            sid, service_id, psc_endpoint_spec("redis-a")
        )
    )
    second = await wait_created(
        await client.connectivity.private_service_connect.register_endpoint(
            sid, service_id, psc_endpoint_spec("redis-b")
        )
    )
    endpoints: list[PscEndpoint] = await client.connectivity.private_service_connect.list_endpoints(
        sid, service_id
    )
    creation: PscScript = await client.connectivity.private_service_connect.creation_script(
        sid, service_id, first
    )
    deletion: PscScript = await client.connectivity.private_service_connect.deletion_script(
        sid, service_id, first
    )
    assert [e.id for e in endpoints] == [first, second]
    assert creation.bash
    assert deletion.bash
    accept = PscEndpointUpdateSpec(action=PscEndpointAction.ACCEPT)
    await wait_done(
        await client.connectivity.private_service_connect.update_endpoint(
            sid, service_id, first, accept
        )
    )
    await settle(fake)
    for endpoint in (first, second):
        await wait_done(
            await client.connectivity.private_service_connect.delete_endpoint(
                sid, service_id, endpoint, confirm=True
            )
        )
    await settle(fake)
    await wait_done(await client.connectivity.private_service_connect.delete(sid, confirm=True))

    aa = await active_pro(client, pro_plan("psc-aa", "us-central1", "europe-west1", provider="GCP"))
    europe = await region_id_of(client, aa, "europe-west1")
    aa_service = await wait_created(
        await client.connectivity.private_service_connect.create_for_region(aa, europe)
    )
    regional: PscService = await client.connectivity.private_service_connect.get_for_region(
        aa, europe
    )
    assert regional.id == aa_service
    one = await wait_created(
        await client.connectivity.private_service_connect.create_endpoint_for_region(
            aa, europe, aa_service, psc_endpoint_spec("eu-a")
        )
    )
    two = await wait_created(
        await client.connectivity.private_service_connect.register_endpoint_for_region(
            aa, europe, aa_service, psc_endpoint_spec("eu-b")
        )
    )
    regional_endpoints: list[
        PscEndpoint
    ] = await client.connectivity.private_service_connect.list_endpoints_for_region(
        aa, europe, aa_service
    )
    made: PscScript = await client.connectivity.private_service_connect.creation_script_for_region(
        aa, europe, aa_service, one
    )
    removed: PscScript = (
        await client.connectivity.private_service_connect.deletion_script_for_region(
            aa, europe, aa_service, one
        )
    )
    assert [e.id for e in regional_endpoints] == [one, two]
    assert made.bash
    assert removed.powershell
    reject = PscEndpointUpdateSpec(action="reject")
    await wait_done(
        await client.connectivity.private_service_connect.update_endpoint_for_region(
            aa, europe, aa_service, two, reject
        )
    )
    await settle(fake)
    for endpoint in (one, two):
        await wait_done(
            await client.connectivity.private_service_connect.delete_endpoint_for_region(
                aa, europe, aa_service, endpoint, confirm=True
            )
        )
    await settle(fake)
    await wait_done(
        await client.connectivity.private_service_connect.delete_for_region(
            aa, europe, confirm=True
        )
    )
