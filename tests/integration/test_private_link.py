"""`client.connectivity.private_link` against the simulator: every operation, single-region
and per Active-Active region, with the data users read back after each change."""

from __future__ import annotations

import pytest

from redis_cloud_async import (
    AsyncClient,
    ConfirmationRequiredError,
    NotFoundError,
    TaskFailedError,
    ValidationError,
)
from redis_cloud_async.models.private_link import (
    PrincipalType,
    PrivateLinkConfig,
    PrivateLinkConnectionSpec,
    PrivateLinkCreateSpec,
    PrivateLinkDisassociateSpec,
    PrivateLinkPrincipalSpec,
    PrivateLinkStatus,
)
from redis_cloud_async.testing import FakeRedisCloud
from redis_cloud_async.testing.routes.private_link import connect
from tests.helpers.connectivity import raw_http, record_writes, region_id, settle, writes
from tests.helpers.subscriptions import new_subscription

ACCOUNT = "123456789012"
_SUB = "/subscriptions/{subscriptionId}/private-link"
ROLE = "arn:aws:iam::210987654321:role/app"


async def test_private_link_lifecycle(client: AsyncClient, fake: FakeRedisCloud) -> None:
    sub = await new_subscription(client)
    links = client.connectivity.private_link
    sent = record_writes(fake)

    with pytest.raises(TaskFailedError) as missing:
        await links.get(sub)
    assert missing.value.error_type == "PRIVATE_LINK_NOT_FOUND"

    created = await (
        await links.create(sub, PrivateLinkCreateSpec(share_name="share", principal=ACCOUNT))
    ).wait()
    assert created.succeeded
    assert sent[-1].request_body == {
        "shareName": "share",
        "principal": ACCOUNT,
        "type": "aws_account",
    }
    link = await links.get(sub)
    assert isinstance(link, PrivateLinkConfig)
    assert link.share_name == "share"
    assert link.subscription_id == sub
    assert [(p.principal, p.type) for p in link.principals] == [
        (ACCOUNT, PrincipalType.AWS_ACCOUNT)
    ]
    assert [d.resource_link_endpoint for d in link.databases]
    assert link.share_arn
    assert link.resource_configuration_arn

    await (
        await links.add_principal(sub, PrivateLinkPrincipalSpec(principal=ROLE, alias="app"))
    ).wait()
    await settle(fake)
    link = await links.get(sub)
    assert link.status == PrivateLinkStatus.ACTIVE
    added = next(p for p in link.principals if p.principal == ROLE)
    assert (added.type, added.alias) == (PrincipalType.IAM_ROLE, "app")

    script = await links.endpoint_script(sub)
    assert script.resource_endpoint_script
    assert str(sub) in script.resource_endpoint_script
    assert script.terraform_aws_script is None
    with_terraform = await links.endpoint_script(sub, include_terraform_aws_script=True)
    assert with_terraform.terraform_aws_script
    assert "aws_vpc_endpoint" in with_terraform.terraform_aws_script

    # Connections appear when principals create VPC endpoints on their side.
    first = connect(fake.sim, sub, ACCOUNT, endpoint_id="vpce-0abc123def456789")
    second = connect(fake.sim, sub, ROLE)
    link = await links.get(sub)
    assert {c.connection_id for c in link.connections} == {
        first["connectionId"],
        second["connectionId"],
    }
    by_endpoint = await links.disassociate_endpoints(sub, ["vpce-0abc123def456789"], confirm=True)
    await by_endpoint.wait()
    # The guide's PUT is served by the published POST, with the connection looked up.
    assert (sent[-1].method, sent[-1].route) == ("POST", _SUB + "/connections/disassociate")
    assert sent[-1].request_body == {
        "connections": [
            {
                "associationId": first["associationId"],
                "principalId": ACCOUNT,
                "type": "vpc_endpoint",
                "connectionId": "vpce-0abc123def456789",
            }
        ]
    }
    link = await links.get(sub)
    assert [c.association_id for c in link.connections] == [second["associationId"]]
    assert link.connections[0].owner_id == "210987654321"
    await (
        await links.disassociate(
            sub, PrivateLinkDisassociateSpec.of(link.connections), confirm=True
        )
    ).wait()
    assert (await links.get(sub)).connections == []

    with pytest.raises(TaskFailedError) as blocked:
        await (await links.delete(sub, confirm=True)).wait()
    assert blocked.value.error_type.startswith("PRIVATE_LINK_ALL_PRINCIPALS")
    for principal in (ACCOUNT, ROLE):
        await (await links.remove_principal(sub, principal, confirm=True)).wait()
        assert sent[-1].request_body == {"principal": principal}
    assert (await links.get(sub)).principals == []
    assert not [x for x in sent if x.method == "PUT"]
    await (await links.delete(sub, confirm=True)).wait()
    await settle(fake)
    with pytest.raises(TaskFailedError) as gone:
        await links.get(sub)
    assert gone.value.error_type == "PRIVATE_LINK_NOT_FOUND"


async def test_private_link_per_active_active_region(
    client: AsyncClient, fake: FakeRedisCloud
) -> None:
    sub = await new_subscription(client, regions=("us-east-1", "eu-west-1"), name="aa")
    east, west = region_id(fake, sub, "us-east-1"), region_id(fake, sub, "eu-west-1")
    links = client.connectivity.private_link

    spec = PrivateLinkCreateSpec(share_name="east", principal=ACCOUNT, alias="prod")
    await (await links.create_for_region(sub, east, spec)).wait()
    link = await links.get_for_region(sub, east)
    assert (link.region_id, link.share_name) == (east, "east")
    assert link.principals[0].alias == "prod"
    # Only the region it was created in: for another region the service completes the read
    # with an empty resource (its recorded answers), which the client reports as 404.
    with pytest.raises(NotFoundError):
        await links.get_for_region(sub, west)

    await (
        await links.add_principal_for_region(sub, east, PrivateLinkPrincipalSpec(principal=ROLE))
    ).wait()
    assert {p.principal for p in (await links.get_for_region(sub, east)).principals} == {
        ACCOUNT,
        ROLE,
    }
    script = await links.endpoint_script_for_region(sub, east)
    assert script.resource_endpoint_script

    one = connect(fake.sim, sub, ACCOUNT, region_id=east)
    two = connect(fake.sim, sub, ROLE, region_id=east)
    await (
        await links.disassociate_endpoints_for_region(
            sub, east, [one["connectionId"]], confirm=True
        )
    ).wait()
    remaining = (await links.get_for_region(sub, east)).connections
    assert [c.association_id for c in remaining] == [two["associationId"]]
    await (
        await links.disassociate_for_region(
            sub, east, PrivateLinkDisassociateSpec.of(remaining), confirm=True
        )
    ).wait()
    assert (await links.get_for_region(sub, east)).connections == []

    for principal in (ACCOUNT, ROLE):
        await (await links.remove_principal_for_region(sub, east, principal, confirm=True)).wait()
    await (await links.delete_for_region(sub, east, confirm=True)).wait()
    await settle(fake)
    with pytest.raises(NotFoundError):
        await links.get_for_region(sub, east)
    # The regional tasks are named apart (recorded command types).
    commands = {t.command_type for t in await client.tasks.list()}
    assert "activeActivePrivateLinkGetRequest" in commands
    assert "activeActivePrivateLinkDeleteRequest" in commands
    assert "privateLinkGetRequest" not in commands

    # The subscription-wide form is refused for an Active-Active subscription.
    with pytest.raises(TaskFailedError) as wrong_form:
        await (await links.create(sub, spec)).wait()
    assert wrong_form.value.error_type.startswith("PRIVATE_LINK_CREATE_A_FLEXIBLE")


async def test_destructive_calls_need_confirmation_and_send_nothing(
    client: AsyncClient, fake: FakeRedisCloud
) -> None:
    links = client.connectivity.private_link
    spec = PrivateLinkDisassociateSpec(
        connections=[
            PrivateLinkConnectionSpec(association_id="rsa-1", principal_id=ACCOUNT, type="vpc")
        ]
    )
    before = fake.stats.count()
    calls = [
        links.delete(1),
        links.delete_for_region(1, 2),
        links.remove_principal(1, ACCOUNT),
        links.remove_principal_for_region(1, 2, ACCOUNT),
        links.disassociate(1, spec),
        links.disassociate_for_region(1, 2, spec),
        links.disassociate_endpoints(1, ["vpce-1"]),
        links.disassociate_endpoints_for_region(1, 2, ["vpce-1"]),
    ]
    for call in calls:
        with pytest.raises(ConfirmationRequiredError) as info:
            await call
        assert info.value.field == "confirm"
    assert fake.stats.count() == before


async def test_bad_principals_are_refused_before_sending(
    client: AsyncClient, fake: FakeRedisCloud
) -> None:
    links = client.connectivity.private_link
    before = writes(fake)
    with pytest.raises(ValidationError) as bad_arn:
        PrivateLinkCreateSpec(share_name="s", principal="arn:aws:iam::12345:root")
    assert bad_arn.value.field == "PrivateLinkCreateSpec.principal"
    with pytest.raises(ValidationError) as removed:
        await links.remove_principal(1, "not-a-principal", confirm=True)
    assert removed.value.field == "PrivateLinkPrincipalRemoveSpec.principal"
    with pytest.raises(ValidationError) as empty:
        await links.disassociate_endpoints(1, [], confirm=True)
    assert empty.value.field == "endpoint_ids"
    assert writes(fake) == before


async def test_unknown_endpoint_ids_are_refused_before_the_write(
    client: AsyncClient, fake: FakeRedisCloud
) -> None:
    sub = await new_subscription(client)
    links = client.connectivity.private_link
    await (await links.create(sub, PrivateLinkCreateSpec(share_name="s", principal=ACCOUNT))).wait()
    before = fake.stats.count(method="POST")
    with pytest.raises(ValidationError) as info:
        await links.disassociate_endpoints(sub, ["vpce-missing"], confirm=True)
    assert info.value.field == "endpoint_ids"
    assert "vpce-missing" in info.value.reason
    assert fake.stats.count(method="POST") == before


async def test_the_guide_disassociation_is_served(
    client: AsyncClient, fake: FakeRedisCloud
) -> None:
    """A raw ``PUT .../connections/disassociate`` with the guide's ``endpointIds``."""
    sub = await new_subscription(client)
    links = client.connectivity.private_link
    spec = PrivateLinkCreateSpec(share_name="s", principal=ACCOUNT)
    await (await links.create(sub, spec)).wait()
    kept = connect(fake.sim, sub, ACCOUNT)
    connect(fake.sim, sub, ACCOUNT, endpoint_id="vpce-0abc123def456789")
    async with raw_http(fake) as http:
        answer = await http.put(
            f"/subscriptions/{sub}/private-link/connections/disassociate",
            json={"endpointIds": ["vpce-0abc123def456789"]},
        )
    assert answer.status_code == 202
    await client.tasks.wait(answer.json()["taskId"])
    remaining = (await links.get(sub)).connections
    assert [c.connection_id for c in remaining] == [kept["connectionId"]]
