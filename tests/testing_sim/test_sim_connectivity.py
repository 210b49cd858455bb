"""VPC peering, PrivateLink, Transit Gateway and PSC, single-region and per region.

Their reads are asynchronous: 202 with a task whose ``response.resource`` has the data.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from redis_cloud_async.testing import FakeRedisCloud
from tests.helpers.simulator import active_active_body, active_subscription, settle, submit

pytestmark = pytest.mark.looptime


async def read(http: httpx.AsyncClient, path: str) -> Any:
    answer = await http.get(path)
    assert answer.status_code == 202, answer.text
    task = await submit(http, "GET", path)
    assert task["status"] == "processing-completed", task
    return task["response"]["resource"]


async def active_active(fake: FakeRedisCloud, http: httpx.AsyncClient) -> int:
    task = await submit(http, "POST", "/subscriptions", active_active_body())
    await settle(fake)
    return int(task["response"]["resourceId"])


async def test_vpc_peering(fake: FakeRedisCloud, http: httpx.AsyncClient) -> None:
    sub_id = await active_subscription(fake, http)
    base = f"/subscriptions/{sub_id}/peerings"
    assert (await read(http, base)) == {"peerings": []}
    assert (await http.post(base, json={"region": "us-east-1"})).status_code == 400
    body = {
        "region": "us-east-1",
        "awsAccountId": "123456789012",
        "vpcId": "vpc-1",
        "vpcCidr": "172.31.0.0/16",
    }
    created = await submit(http, "POST", base, body)
    peering_id = created["response"]["resourceId"]
    again = await submit(http, "POST", base, body)
    assert again["response"]["error"]["type"] == "VPC_PEERING_ALREADY_EXIST"
    overlap = await submit(http, "POST", base, {**body, "vpcId": "vpc-2", "vpcCidr": "10.0.0.0/8"})
    assert overlap["response"]["error"]["type"] == "VPC_PEERING_CIDR_OVERLAP"
    peerings = (await read(http, base))["peerings"]
    assert (peerings[0]["vpcPeeringId"], peerings[0]["status"]) == (
        peering_id,
        "initiating-request",
    )
    await settle(fake)
    assert (await read(http, base))["peerings"][0]["status"] == "active"
    update = await submit(http, "PUT", f"{base}/{peering_id}", {"vpcCidrs": ["172.30.0.0/16"]})
    assert update["status"] == "processing-completed"
    assert (await read(http, base))["peerings"][0]["vpcCidr"] == "172.30.0.0/16"
    await submit(http, "DELETE", f"{base}/{peering_id}")
    await settle(fake)
    assert (await read(http, base)) == {"peerings": []}
    gone = await submit(http, "DELETE", f"{base}/{peering_id}")
    assert gone["response"]["error"]["type"] == "VPC_PEERING_NOT_FOUND"


async def test_active_active_peering(fake: FakeRedisCloud, http: httpx.AsyncClient) -> None:
    sub_id = await active_active(fake, http)
    base = f"/subscriptions/{sub_id}/regions/peerings"
    body = {
        "sourceRegion": "eu-west-1",
        "destinationRegion": "eu-west-1",
        "awsAccountId": "1",
        "vpcId": "vpc-9",
    }
    created = await submit(http, "POST", base, body)
    peering_id = created["response"]["resourceId"]
    regions = (await read(http, base))["regions"]
    by_region = {r["region"]: r["vpcPeerings"] for r in regions}
    assert by_region["us-east-1"] == []
    assert by_region["eu-west-1"][0]["id"] == peering_id
    assert (await submit(http, "PUT", f"{base}/{peering_id}", {"vpcCidr": "192.168.0.0/24"}))[
        "status"
    ] == "processing-completed"
    assert (await submit(http, "DELETE", f"{base}/{peering_id}"))[
        "status"
    ] == "processing-completed"
    single = await active_subscription(fake, http, "single")
    refused = await submit(http, "POST", f"/subscriptions/{single}/regions/peerings", body)
    assert refused["response"]["error"]["type"].startswith("CREATING_AN_ACTIVE_ACTIVE_VPC_PEERING")


async def test_private_link(fake: FakeRedisCloud, http: httpx.AsyncClient) -> None:
    sub_id = await active_subscription(fake, http)
    base = f"/subscriptions/{sub_id}/private-link"
    missing = await submit(http, "GET", base)
    assert missing["response"]["error"]["type"] == "PRIVATE_LINK_NOT_FOUND"
    body = {"shareName": "share", "principal": "123456789012", "type": "aws_account"}
    assert (await submit(http, "POST", base, body))["status"] == "processing-completed"
    link = await read(http, base)
    assert (link["status"], link["principals"][0]["principal"]) == ("initializing", "123456789012")
    await settle(fake)
    assert (await read(http, base))["status"] == "active"
    await submit(http, "POST", base + "/principals", {"principal": "arn:aws:iam::1:root"})
    dup = await submit(http, "POST", base + "/principals", {"principal": "arn:aws:iam::1:root"})
    assert dup["response"]["error"]["type"] == "PRIVATE_LINK_PRINCIPAL_ALREADY_EXISTS"
    assert "resourceEndpointScript" in await read(http, base + "/endpoint-script")
    for method in ("POST", "PUT"):
        body = {"connections": [{"associationId": "a", "principalId": "p", "type": "t"}]}
        assert (await submit(http, method, base + "/connections/disassociate", body))["status"] == (
            "processing-completed"
        )
    blocked = await submit(http, "DELETE", base)
    assert blocked["response"]["error"]["type"].startswith("PRIVATE_LINK_ALL_PRINCIPALS")
    for principal in ("123456789012", "arn:aws:iam::1:root"):
        await submit(http, "DELETE", base + "/principals", {"principal": principal})
    assert (await submit(http, "DELETE", base))["status"] == "processing-completed"


async def test_private_link_per_region(fake: FakeRedisCloud, http: httpx.AsyncClient) -> None:
    sub_id = await active_active(fake, http)
    base = f"/subscriptions/{sub_id}/regions/4/private-link"
    body = {"shareName": "s", "principal": "1", "type": "aws_account"}
    assert (await submit(http, "POST", base, body))["status"] == "processing-completed"
    assert (await read(http, base))["regionId"] == 4
    connections = {"connections": [{"associationId": "a", "principalId": "p", "type": "t"}]}
    for method in ("POST", "PUT"):
        task = await submit(http, method, base + "/connections/disassociate", connections)
        assert task["status"] == "processing-completed"
    assert (await http.get(f"/subscriptions/{sub_id}/regions/99/private-link")).status_code == 404
    wrong_form = await submit(http, "POST", f"/subscriptions/{sub_id}/private-link", body)
    assert wrong_form["response"]["error"]["type"].startswith("PRIVATE_LINK_CREATE_A_FLEXIBLE")


async def test_transit_gateway(fake: FakeRedisCloud, http: httpx.AsyncClient) -> None:
    sub_id = await active_subscription(fake, http)
    base = f"/subscriptions/{sub_id}/transitGateways"
    body = {"awsTgwUid": "tgw-1", "awsAccountId": "123456789012", "cidrs": ["172.16.0.0/16"]}
    tgw_id = (await submit(http, "POST", base, body))["response"]["resourceId"]
    invitation = (await read(http, base + "/invitations"))["resources"][0]
    early = await submit(http, "POST", f"{base}/{tgw_id}/attachment")
    assert early["response"]["error"]["type"] == "TGW_RESOURCE_SHARE_DOES_NOT_EXIST"
    await submit(http, "PUT", f"{base}/invitations/{invitation['id']}/accept")
    assert (await read(http, base))["tgws"][0]["status"] == "available"
    assert (await submit(http, "POST", f"{base}/{tgw_id}/attachment"))["status"] == (
        "processing-completed"
    )
    await settle(fake)
    tgw = (await read(http, base))["tgws"][0]
    assert (tgw["attachmentStatus"], tgw["cidrs"][0]["cidrAddress"]) == (
        "available",
        "172.16.0.0/16",
    )
    same = await submit(http, "PUT", f"{base}/{tgw_id}/attachment", {"cidrs": ["172.16.0.0/16"]})
    assert same["response"]["error"]["type"] == "TGW_ATTACHMENT_CIDRS_ARE_THE_SAME_AS_EXISTING_ONES"
    await submit(http, "PUT", f"{base}/{tgw_id}/attachment", {"cidrs": ["172.17.0.0/16"]})
    await submit(http, "DELETE", f"{base}/{tgw_id}/attachment")
    gone = await submit(http, "DELETE", f"{base}/{tgw_id}/attachment")
    assert gone["response"]["error"]["type"] == "TGW_ATTACHMENT_DOES_NOT_EXIST"
    rejected = await submit(http, "PUT", f"{base}/invitations/{invitation['id']}/reject")
    assert rejected["status"] == "processing-completed"


async def test_transit_gateway_per_region(fake: FakeRedisCloud, http: httpx.AsyncClient) -> None:
    sub_id = await active_active(fake, http)
    body = {"awsTgwUid": "tgw-2", "awsAccountId": "1", "region": "us-east-1"}
    tgw_id = (await submit(http, "POST", f"/subscriptions/{sub_id}/transitGateways", body))[
        "response"
    ]["resourceId"]
    base = f"/subscriptions/{sub_id}/regions/1/transitGateways"
    invitation = (await read(http, base + "/invitations"))["resources"][0]
    await submit(http, "PUT", f"{base}/invitations/{invitation['id']}/accept")
    await submit(http, "POST", f"{base}/{tgw_id}/attachment", {"cidrs": ["172.20.0.0/16"]})
    assert (await read(http, base))["tgws"][0]["id"] == tgw_id
    assert (await read(http, f"/subscriptions/{sub_id}/regions/4/transitGateways")) == {"tgws": []}
    await submit(http, "PUT", f"{base}/{tgw_id}/attachment", {"cidrs": ["172.21.0.0/16"]})
    await submit(http, "DELETE", f"{base}/{tgw_id}/attachment")
    await submit(http, "PUT", f"{base}/invitations/{invitation['id']}/reject")
    single_form = await submit(http, "GET", f"/subscriptions/{sub_id}/transitGateways")
    assert single_form["response"]["error"]["type"].startswith("TGW_GETTING_SINGLE_REGION")


def gcp_body(name: str, **extra: Any) -> dict[str, Any]:
    return {
        "name": name,
        "cloudProviders": [{"provider": "GCP", "regions": [{"region": "us-central1"}]}],
        "databases": [{"name": "first"}],
        **extra,
    }


async def test_private_service_connect(fake: FakeRedisCloud, http: httpx.AsyncClient) -> None:
    aws = await active_subscription(fake, http, "aws")
    refused = await submit(http, "POST", f"/subscriptions/{aws}/private-service-connect")
    assert refused["response"]["error"]["type"] == "PSC_CLOUD_PROVIDER_IS_NOT_SUPPORTED"
    sub_id = (await submit(http, "POST", "/subscriptions", gcp_body("gcp")))["response"][
        "resourceId"
    ]
    await settle(fake)
    base = f"/subscriptions/{sub_id}/private-service-connect"
    service_id = (await submit(http, "POST", base))["response"]["resourceId"]
    await settle(fake)
    assert (await read(http, base))["status"] == "active"
    endpoint = {
        "gcpProjectId": "p",
        "gcpVpcName": "v",
        "gcpVpcSubnetName": "s",
        "endpointConnectionName": "e1",
    }
    e1 = (await submit(http, "POST", f"{base}/{service_id}", endpoint))["response"]["resourceId"]
    guide = {"gcpProjectId": "p", "endpointConnectionName": "e2"}
    e2 = (await submit(http, "POST", f"{base}/{service_id}/endpoints", guide))["response"][
        "resourceId"
    ]
    listed = await read(http, f"{base}/{service_id}")
    assert [e["id"] for e in listed["endpoints"]] == [e1, e2]
    script = await read(http, f"{base}/{service_id}/endpoints/{e1}/creationScripts")
    assert "gcloud" in script["script"]["bash"]
    assert (
        "bash"
        in (await read(http, f"{base}/{service_id}/endpoints/{e1}/deletionScripts"))["script"]
    )
    # An update with both the action and endpoint fields is accepted, as the service's
    # recorded answers show (the Go SDK sends both): the fields change, the action applies.
    both = {"action": "accept", "gcpProjectId": "p2"}
    accepted = await submit(http, "PUT", f"{base}/{service_id}/endpoints/{e1}", both)
    assert accepted["status"] == "processing-completed"
    assert accepted["commandType"] == "pscEndpointUpdateRequest"
    await settle(fake)
    first = (await read(http, f"{base}/{service_id}"))["endpoints"][0]
    assert (first["status"], first["gcpProjectId"]) == ("active", "p2")
    busy = await submit(http, "DELETE", base)
    assert (
        busy["response"]["error"]["type"]
        == "PSC_SERVICE_CANNOT_DELETE_SERVICE_WITH_ACTIVE_ENDPOINTS"
    )
    for endpoint_id in (e1, e2):
        await submit(http, "DELETE", f"{base}/{service_id}/endpoints/{endpoint_id}")
    await settle(fake)
    assert (await submit(http, "DELETE", base))["status"] == "processing-completed"


async def test_private_service_connect_per_region(
    fake: FakeRedisCloud, http: httpx.AsyncClient
) -> None:
    regions = [
        {"region": "us-central1", "networking": {"deploymentCIDR": "10.0.0.0/24"}},
        {"region": "europe-west1", "networking": {"deploymentCIDR": "10.0.1.0/24"}},
    ]
    body = gcp_body("gcp-aa", deploymentType="active-active")
    body["cloudProviders"][0]["regions"] = regions
    sub_id = (await submit(http, "POST", "/subscriptions", body))["response"]["resourceId"]
    await settle(fake)
    base = f"/subscriptions/{sub_id}/regions/35/private-service-connect"
    service_id = (await submit(http, "POST", base))["response"]["resourceId"]
    endpoint = {"gcpProjectId": "p", "endpointConnectionName": "e"}
    e1 = (await submit(http, "POST", f"{base}/{service_id}", endpoint))["response"]["resourceId"]
    path = f"{base}/{service_id}/endpoints/{e1}"
    assert (await submit(http, "POST", path, {"gcpVpcName": "renamed"}))["status"] == (
        "processing-completed"
    )
    assert (await read(http, f"{base}/{service_id}"))["endpoints"][0]["gcpVpcName"] == "renamed"
    assert "script" in await read(http, path + "/creationScripts")
    assert "script" in await read(http, path + "/deletionScripts")
    await submit(http, "PUT", path, {"action": "reject"})
    await submit(http, "DELETE", path)
    await settle(fake)
    assert (await submit(http, "DELETE", base))["status"] == "processing-completed"
