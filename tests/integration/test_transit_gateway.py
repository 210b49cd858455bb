"""`client.connectivity.transit_gateway` against the simulator: register a gateway,
answer its invitation, attach it, route CIDRs, detach, single-region and per
Active-Active region."""

from __future__ import annotations

import asyncio

import pytest

from redis_cloud_async import (
    AsyncClient,
    ConfirmationRequiredError,
    TaskFailedError,
    ValidationError,
)
from redis_cloud_async.models.transit_gateway import (
    TransitGatewayAttachmentUpdateSpec,
    TransitGatewayCreateSpec,
)
from redis_cloud_async.testing import FakeRedisCloud
from tests.helpers.subscriptions import new_subscription

ACCOUNT = "123456789012"
TGW = "tgw-0abc123def456789"


async def _attachment_settles(fake: FakeRedisCloud) -> None:
    await asyncio.sleep(fake.durations.connectivity / fake.speed * 2)


async def test_the_single_region_flow_from_registration_to_detachment(
    client: AsyncClient, fake: FakeRedisCloud
) -> None:
    tgw = client.connectivity.transit_gateway
    sub = await new_subscription(client, name="tgw", regions=("us-east-1",))
    assert await tgw.list(sub) == []
    assert await tgw.list_invitations(sub) == []

    spec = TransitGatewayCreateSpec(
        aws_tgw_uid=TGW, aws_account_id=ACCOUNT, cidrs=["172.20.0.0/16"]
    )
    gateway_id = (await (await tgw.create(sub, spec)).wait()).resource_id
    assert gateway_id is not None
    [gateway] = await tgw.list(sub)
    assert (gateway.id, gateway.aws_tgw_uid, gateway.status) == (gateway_id, TGW, "pending")
    [invitation] = await tgw.list_invitations(sub)
    assert (invitation.status, invitation.aws_account_id) == ("pending", ACCOUNT)
    assert invitation.resource_share_uid
    assert invitation.shared_date

    await (await tgw.accept_invitation(sub, invitation.id)).wait()
    assert (await tgw.list_invitations(sub))[0].status == "accepted"
    assert (await tgw.list(sub))[0].status == "available"

    await (await tgw.create_attachment(sub, gateway_id)).wait()
    await _attachment_settles(fake)
    [attached] = await tgw.list(sub)
    assert attached.attachment_uid
    assert attached.attachment_status == "available"
    assert attached.routed_cidrs == ["172.20.0.0/16"]

    routes = TransitGatewayAttachmentUpdateSpec(cidrs=["172.20.0.0/16", "172.21.0.0/16"])
    await (await tgw.update_attachment(sub, gateway_id, routes)).wait()
    assert (await tgw.list(sub))[0].routed_cidrs == ["172.20.0.0/16", "172.21.0.0/16"]

    await (await tgw.delete_attachment(sub, gateway_id, confirm=True)).wait()
    [detached] = await tgw.list(sub)
    assert (detached.attachment_uid, detached.routed_cidrs) == ("", [])


async def test_a_rejected_invitation_cannot_be_attached(client: AsyncClient) -> None:
    tgw = client.connectivity.transit_gateway
    sub = await new_subscription(client, name="tgw-reject", regions=("us-east-1",))
    spec = TransitGatewayCreateSpec(aws_tgw_uid=TGW, aws_account_id=ACCOUNT)
    gateway_id = (await (await tgw.create(sub, spec)).wait()).resource_id
    assert gateway_id is not None
    [invitation] = await tgw.list_invitations(sub)
    await (await tgw.reject_invitation(sub, invitation.id, confirm=True)).wait()
    assert (await tgw.list_invitations(sub))[0].status == "rejected"
    with pytest.raises(TaskFailedError):
        await (await tgw.create_attachment(sub, gateway_id)).wait()


async def test_the_per_region_flow_of_an_active_active_subscription(
    client: AsyncClient, fake: FakeRedisCloud
) -> None:
    tgw = client.connectivity.transit_gateway
    sub = await new_subscription(client, name="tgw-aa", regions=("us-east-1", "eu-west-1"))
    regions = await client.connectivity.vpc_peering.list_active_active(sub)
    region_id = next(r.id for r in regions if r.region == "eu-west-1")
    other_id = next(r.id for r in regions if r.region == "us-east-1")
    assert region_id is not None
    assert other_id is not None

    for uid in (TGW, "tgw-0123456789abcdef0"):
        spec = TransitGatewayCreateSpec(aws_tgw_uid=uid, aws_account_id=ACCOUNT, region="eu-west-1")
        await (await tgw.create(sub, spec)).wait()
    assert await tgw.list_for_region(sub, other_id) == []
    gateways = {g.aws_tgw_uid: g for g in await tgw.list_for_region(sub, region_id)}
    assert set(gateways) == {TGW, "tgw-0123456789abcdef0"}
    invitations = await tgw.list_invitations_for_region(sub, region_id)
    assert [i.status for i in invitations] == ["pending", "pending"]

    kept, refused = invitations
    await (await tgw.accept_invitation_for_region(sub, region_id, kept.id)).wait()
    await (await tgw.reject_invitation_for_region(sub, region_id, refused.id, confirm=True)).wait()
    answered = {i.id: i.status for i in await tgw.list_invitations_for_region(sub, region_id)}
    assert answered == {kept.id: "accepted", refused.id: "rejected"}

    gateway_id = gateways[TGW].id
    await (await tgw.create_attachment_for_region(sub, region_id, gateway_id)).wait()
    await _attachment_settles(fake)
    routes = TransitGatewayAttachmentUpdateSpec(cidrs=["172.30.0.0/16"])
    await (await tgw.update_attachment_for_region(sub, region_id, gateway_id, routes)).wait()
    attached = {g.id: g for g in await tgw.list_for_region(sub, region_id)}[gateway_id]
    assert (attached.attachment_status, attached.routed_cidrs) == ("available", ["172.30.0.0/16"])

    await (await tgw.delete_attachment_for_region(sub, region_id, gateway_id, confirm=True)).wait()
    detached = {g.id: g for g in await tgw.list_for_region(sub, region_id)}[gateway_id]
    assert detached.routed_cidrs == []


async def test_the_single_region_form_fails_on_an_active_active_subscription(
    client: AsyncClient,
) -> None:
    sub = await new_subscription(client, name="tgw-aa-wrong", regions=("us-east-1", "eu-west-1"))
    with pytest.raises(TaskFailedError) as info:
        await client.connectivity.transit_gateway.list(sub)
    assert info.value.error_type is not None
    assert "ACTIVE_ACTIVE" in info.value.error_type


async def test_destructive_calls_need_confirmation_and_send_nothing(
    client: AsyncClient, fake: FakeRedisCloud
) -> None:
    tgw = client.connectivity.transit_gateway
    calls = [
        tgw.reject_invitation(1, 2),
        tgw.reject_invitation_for_region(1, 2, 3),
        tgw.delete_attachment(1, 2),
        tgw.delete_attachment_for_region(1, 2, 3),
    ]
    for call in calls:
        with pytest.raises(ConfirmationRequiredError):
            await call
    assert fake.stats.count() == 0


async def test_a_spec_broken_after_it_was_built_is_refused_before_sending(
    client: AsyncClient, fake: FakeRedisCloud
) -> None:
    spec = TransitGatewayCreateSpec(aws_tgw_uid=TGW, aws_account_id=ACCOUNT)
    object.__setattr__(spec, "aws_tgw_uid", "tgw_123")
    routes = TransitGatewayAttachmentUpdateSpec(cidrs=["10.1.0.0/16"])
    object.__setattr__(routes, "cidrs", ["10.1.0.0/16", "10.1.2.0/24"])
    with pytest.raises(ValidationError) as info:
        await client.connectivity.transit_gateway.create(1, spec)
    assert info.value.field == "TransitGatewayCreateSpec.aws_tgw_uid"
    with pytest.raises(ValidationError) as info:
        await client.connectivity.transit_gateway.update_attachment_for_region(1, 2, 3, routes)
    assert info.value.field == "TransitGatewayAttachmentUpdateSpec.cidrs[1]"
    assert fake.stats.count() == 0
