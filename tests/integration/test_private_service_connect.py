"""`client.connectivity.private_service_connect` against the simulator: every operation,
single-region and per Active-Active region, with the data users read back after each change."""

from __future__ import annotations

import pytest

from redis_cloud_async import AsyncClient, ConfirmationRequiredError, TaskFailedError
from redis_cloud_async.models.private_service_connect import (
    PscEndpointAction,
    PscEndpointCreateSpec,
    PscEndpointStatus,
    PscEndpointUpdateSpec,
    PscServiceStatus,
)
from redis_cloud_async.testing import FakeRedisCloud
from tests.helpers.connectivity import (
    raw_http,
    record_writes,
    region_id,
    settle,
    writes,
)
from tests.helpers.subscriptions import new_subscription

_SUB = "/subscriptions/{subscriptionId}/private-service-connect"


def endpoint(name: str) -> PscEndpointCreateSpec:
    return PscEndpointCreateSpec(
        gcp_project_id="my-gcp-project",
        gcp_vpc_name="my-vpc",
        gcp_vpc_subnet_name="my-subnet",
        endpoint_connection_name=name,
    )


async def test_private_service_connect_lifecycle(client: AsyncClient, fake: FakeRedisCloud) -> None:
    sub = await new_subscription(client, provider="GCP", regions=("us-central1",))
    psc = client.connectivity.private_service_connect

    with pytest.raises(TaskFailedError) as missing:
        await psc.get(sub)
    assert missing.value.error_type == "PSC_SERVICE_NOT_FOUND"

    created = await (await psc.create(sub)).wait()
    service_id = created.resource_id
    assert service_id is not None
    await settle(fake)
    service = await psc.get(sub)
    assert (service.id, service.status) == (service_id, PscServiceStatus.ACTIVE)
    assert service.service_attachment_name
    assert service.connection_host_name

    sent = record_writes(fake)
    first = await (await psc.create_endpoint(sub, service_id, endpoint("redis-a"))).wait()
    second = await (await psc.register_endpoint(sub, service_id, endpoint("redis-b"))).wait()
    # The guide's form is served by the published route.
    assert [(x.method, x.route) for x in sent] == [("POST", _SUB + "/{pscServiceId}")] * 2
    assert sent[-1].request_body == {
        "gcpProjectId": "my-gcp-project",
        "gcpVpcName": "my-vpc",
        "gcpVpcSubnetName": "my-subnet",
        "endpointConnectionName": "redis-b",
    }
    e1, e2 = first.resource_id, second.resource_id
    assert e1 is not None
    assert e2 is not None
    listed = await psc.list_endpoints(sub, service_id)
    assert [(e.id, e.endpoint_connection_name) for e in listed] == [
        (e1, "redis-a"),
        (e2, "redis-b"),
    ]
    assert listed[0].status == PscEndpointStatus.INITIALIZED
    assert listed[0].gcp_project_id == "my-gcp-project"

    assert (await psc.creation_script(sub, service_id, e1)).terraform_gcp is None
    created_by = await psc.creation_script(sub, service_id, e1, include_terraform_gcp_script=True)
    assert created_by.bash
    assert "redis-a" in created_by.bash
    assert created_by.terraform_gcp is not None
    assert created_by.terraform_gcp.service_attachments[0].forwarding_rule_name == "redis-a"
    deleted_by = await psc.deletion_script(sub, service_id, e1)
    assert deleted_by.bash
    assert "delete" in deleted_by.bash
    assert deleted_by.terraform_gcp is None

    await (
        await psc.update_endpoint(sub, service_id, e2, PscEndpointUpdateSpec(gcp_vpc_name="vpc-2"))
    ).wait()
    accept = PscEndpointUpdateSpec(action=PscEndpointAction.ACCEPT)
    await (await psc.update_endpoint(sub, service_id, e1, accept)).wait()
    await settle(fake)
    by_id = {e.id: e for e in await psc.list_endpoints(sub, service_id)}
    assert by_id[e1].status == PscEndpointStatus.ACTIVE
    assert by_id[e2].gcp_vpc_name == "vpc-2"

    with pytest.raises(TaskFailedError) as busy:
        await (await psc.delete(sub, confirm=True)).wait()
    assert busy.value.error_type == "PSC_SERVICE_CANNOT_DELETE_SERVICE_WITH_ACTIVE_ENDPOINTS"
    for endpoint_id in (e1, e2):
        await (await psc.delete_endpoint(sub, service_id, endpoint_id, confirm=True)).wait()
    await settle(fake)
    assert await psc.list_endpoints(sub, service_id) == []
    await (await psc.delete(sub, confirm=True)).wait()
    await settle(fake)
    with pytest.raises(TaskFailedError) as gone:
        await psc.get(sub)
    assert gone.value.error_type == "PSC_SERVICE_NOT_FOUND"


async def test_private_service_connect_per_active_active_region(
    client: AsyncClient, fake: FakeRedisCloud
) -> None:
    sub = await new_subscription(
        client, provider="GCP", regions=("us-central1", "europe-west1"), name="gcp-aa"
    )
    central, europe = region_id(fake, sub, "us-central1"), region_id(fake, sub, "europe-west1")
    psc = client.connectivity.private_service_connect

    service_id = (await (await psc.create_for_region(sub, europe)).wait()).resource_id
    assert service_id is not None
    assert (await psc.get_for_region(sub, europe)).id == service_id
    with pytest.raises(TaskFailedError):
        await psc.get_for_region(sub, central)  # only the region it was set up in

    spec = endpoint("eu-redis")
    e1 = await (await psc.create_endpoint_for_region(sub, europe, service_id, spec)).wait()
    e2 = await (
        await psc.register_endpoint_for_region(sub, europe, service_id, endpoint("eu-two"))
    ).wait()
    assert e1.resource_id is not None
    assert e2.resource_id is not None
    listed = await psc.list_endpoints_for_region(sub, europe, service_id)
    assert [e.endpoint_connection_name for e in listed] == ["eu-redis", "eu-two"]

    script = await psc.creation_script_for_region(sub, europe, service_id, e1.resource_id)
    assert script.bash
    assert "eu-redis" in script.bash
    removal = await psc.deletion_script_for_region(sub, europe, service_id, e1.resource_id)
    assert removal.powershell

    rename = PscEndpointUpdateSpec(gcp_vpc_subnet_name="subnet-2")
    await (
        await psc.update_endpoint_for_region(sub, europe, service_id, e2.resource_id, rename)
    ).wait()
    reject = PscEndpointUpdateSpec(action="reject")
    await (
        await psc.update_endpoint_for_region(sub, europe, service_id, e1.resource_id, reject)
    ).wait()
    await settle(fake)
    by_id = {e.id: e for e in await psc.list_endpoints_for_region(sub, europe, service_id)}
    assert by_id[e1.resource_id].status == PscEndpointStatus.REJECTED
    assert by_id[e2.resource_id].gcp_vpc_subnet_name == "subnet-2"

    for task in (e1, e2):
        assert task.resource_id is not None
        await (
            await psc.delete_endpoint_for_region(
                sub, europe, service_id, task.resource_id, confirm=True
            )
        ).wait()
    await settle(fake)
    await (await psc.delete_for_region(sub, europe, confirm=True)).wait()
    await settle(fake)
    with pytest.raises(TaskFailedError) as gone:
        await psc.get_for_region(sub, europe)
    assert gone.value.error_type == "PSC_SERVICE_NOT_FOUND"


async def test_psc_needs_a_google_cloud_subscription(client: AsyncClient) -> None:
    sub = await new_subscription(client)  # AWS
    with pytest.raises(TaskFailedError) as info:
        await (await client.connectivity.private_service_connect.create(sub)).wait()
    assert info.value.error_type == "PSC_CLOUD_PROVIDER_IS_NOT_SUPPORTED"


async def test_destructive_calls_need_confirmation_and_send_nothing(
    client: AsyncClient, fake: FakeRedisCloud
) -> None:
    psc = client.connectivity.private_service_connect
    before = fake.stats.count()
    for call in (
        psc.delete(1),
        psc.delete_for_region(1, 2),
        psc.delete_endpoint(1, 2, 3),
        psc.delete_endpoint_for_region(1, 2, 3, 4),
    ):
        with pytest.raises(ConfirmationRequiredError) as info:
            await call
        assert info.value.field == "confirm"
    assert fake.stats.count() == before


async def test_an_invalid_update_is_refused_before_sending(
    client: AsyncClient, fake: FakeRedisCloud
) -> None:
    before = writes(fake)
    with pytest.raises(ValueError, match=r"PscEndpointUpdateSpec\.action"):
        PscEndpointUpdateSpec(action="accept", gcp_vpc_name="other")
    with pytest.raises(ValueError, match=r"PscEndpointCreateSpec\.gcp_project_id"):
        PscEndpointCreateSpec(
            gcp_project_id="My_Project",
            gcp_vpc_name="v",
            gcp_vpc_subnet_name="s",
            endpoint_connection_name="e",
        )
    assert writes(fake) == before


async def test_the_guide_routes_are_served(client: AsyncClient, fake: FakeRedisCloud) -> None:
    """Raw requests in the guide's forms: ``POST .../endpoints`` registers an endpoint; per
    region, ``POST .../endpoints/{endpointId}`` registers one (or changes an existing one)."""
    sub = await new_subscription(
        client, provider="GCP", regions=("us-central1", "europe-west1"), name="guide"
    )
    region = region_id(fake, sub, "us-central1")
    psc = client.connectivity.private_service_connect
    service_id = (await (await psc.create_for_region(sub, region)).wait()).resource_id
    base = f"/subscriptions/{sub}/regions/{region}/private-service-connect/{service_id}"
    guide = {"gcpProjectId": "my-gcp-project", "endpointConnectionName": "guide-ep"}
    async with raw_http(fake) as http:
        answer = await http.post(f"{base}/endpoints/999999", json=guide)
        assert answer.status_code == 202
        created = await client.tasks.wait(answer.json()["taskId"])
        assert created.resource_id is not None
        listed = await psc.list_endpoints_for_region(sub, region, service_id)
        assert [e.endpoint_connection_name for e in listed] == ["guide-ep"]
        change = await http.post(
            f"{base}/endpoints/{created.resource_id}", json={"gcpVpcName": "changed"}
        )
        await client.tasks.wait(change.json()["taskId"])
        listed = await psc.list_endpoints_for_region(sub, region, service_id)
        assert [e.gcp_vpc_name for e in listed] == ["changed"]
