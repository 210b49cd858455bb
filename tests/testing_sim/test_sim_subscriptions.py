"""Pro subscriptions: the concurrency rules, names, dry runs, and their sub-resources."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from redis_cloud_async.testing import Durations, FakeRedisCloud
from tests.helpers.simulator import (
    active_active_body,
    active_subscription,
    http_client,
    settle,
    submit,
    subscription_body,
)

pytestmark = pytest.mark.looptime


async def test_a_fourth_changing_subscription_is_refused_with_429(http: httpx.AsyncClient) -> None:
    for name in ("a", "b", "c"):
        assert (await http.post("/subscriptions", json=subscription_body(name))).status_code == 202
    refused = await http.post("/subscriptions", json=subscription_body("d"))
    assert refused.status_code == 429
    assert "x-rate-limit-retry-after-seconds" not in refused.headers
    assert refused.json()["message"].startswith("Too many resources are concurrently created")
    dry = await http.post("/subscriptions", json=subscription_body("d", dryRun=True))
    assert dry.status_code == 202  # a dry run creates nothing, so it is not refused


async def test_subscriptions_still_pending_count_until_they_are_active() -> None:
    fake = FakeRedisCloud(speed=1, durations=Durations(task_pickup=0, task_processing=1))
    async with http_client(fake) as http:
        for name in ("a", "b", "c"):
            await submit(http, "POST", "/subscriptions", subscription_body(name))
        statuses = {s["status"] for s in (await http.get("/subscriptions")).json()["subscriptions"]}
        assert statuses == {"pending"}
        assert (await http.post("/subscriptions", json=subscription_body("d"))).status_code == 429
        await asyncio.sleep(900)  # fifteen minutes of provisioning, in loop time
        assert (await http.post("/subscriptions", json=subscription_body("d"))).status_code == 202
        assert fake.stats.concurrency_limited == 1


async def test_a_change_to_a_busy_subscription_fails_subscription_not_active(
    fake: FakeRedisCloud, http: httpx.AsyncClient
) -> None:
    sub_id = await active_subscription(fake, http)
    first = await submit(http, "POST", f"/subscriptions/{sub_id}/databases", {"name": "one"})
    assert first["status"] == "processing-completed"
    sub = (await http.get(f"/subscriptions/{sub_id}")).json()
    assert sub["status"] == "pending"  # a database create flips its subscription
    second = await submit(http, "POST", f"/subscriptions/{sub_id}/databases", {"name": "two"})
    assert second["status"] == "processing-error"
    error = second["response"]["error"]
    assert error["type"] == "SUBSCRIPTION_NOT_ACTIVE"
    assert error["status"] == "400 BAD_REQUEST"
    await settle(fake)
    assert (await http.get(f"/subscriptions/{sub_id}")).json()["status"] == "active"
    third = await submit(http, "POST", f"/subscriptions/{sub_id}/databases", {"name": "two"})
    assert third["status"] == "processing-completed"


async def test_a_pending_subscription_refuses_changes(http: httpx.AsyncClient) -> None:
    task = await submit(http, "POST", "/subscriptions", subscription_body())
    sub_id = task["response"]["resourceId"]
    update = await submit(http, "PUT", f"/subscriptions/{sub_id}", {"name": "renamed"})
    assert update["response"]["error"]["type"] == "SUBSCRIPTION_NOT_ACTIVE"


async def test_names_are_unique_even_while_the_create_is_queued(
    fake: FakeRedisCloud, http: httpx.AsyncClient
) -> None:
    assert (await http.post("/subscriptions", json=subscription_body("same"))).status_code == 202
    duplicate = await http.post("/subscriptions", json=subscription_body("same"))
    assert duplicate.status_code == 409
    assert duplicate.json()["error"] == "Conflict"
    await settle(fake)
    assert (await http.post("/subscriptions", json=subscription_body("same"))).status_code == 409
    sub_id = (await http.get("/subscriptions")).json()["subscriptions"][0]["id"]
    path = f"/subscriptions/{sub_id}/databases"
    assert (await http.post(path, json={"name": "first"})).status_code == 409
    assert (await http.post(path, json={"name": "new"})).status_code == 202
    assert (await http.post(path, json={"name": "new"})).status_code == 409
    assert fake.stats.duplicates() == {}


async def test_a_failed_create_frees_its_name(http: httpx.AsyncClient) -> None:
    body = subscription_body("reused")
    body["cloudProviders"][0]["regions"][0]["region"] = "mars-north-1"
    failed = await submit(http, "POST", "/subscriptions", body)
    assert failed["response"]["error"]["type"] == "SUBSCRIPTION_INVALID_REGION_NAME"
    assert (await http.post("/subscriptions", json=subscription_body("reused"))).status_code == 202


async def test_a_dry_run_prices_and_creates_nothing(
    fake: FakeRedisCloud, http: httpx.AsyncClient
) -> None:
    task = await submit(http, "POST", "/subscriptions", subscription_body(dryRun=True))
    assert task["status"] == "processing-completed"
    pricing = task["response"]["resource"]["pricing"]
    assert pricing[0]["type"] == "Shards"
    assert pricing[0]["region"] == "us-east-1"
    assert "resourceId" not in task["response"]
    assert (await http.get("/subscriptions")).json()["subscriptions"] == []
    assert not fake.stats.created


async def test_the_subscription_shape_follows_the_published_example(
    fake: FakeRedisCloud, http: httpx.AsyncClient
) -> None:
    sub_id = await active_subscription(fake, http, "shaped")
    sub = (await http.get(f"/subscriptions/{sub_id}")).json()
    assert sub["name"] == "shaped"
    assert sub["status"] == "active"
    assert sub["numberOfDatabases"] == 1
    region = sub["cloudDetails"][0]["regions"][0]
    assert region["region"] == "us-east-1"
    assert region["networking"][0]["deploymentCIDR"]
    assert sub["links"][0]["href"] == f"http://localhost/v1/subscriptions/{sub_id}"
    db = (await http.get(f"/subscriptions/{sub_id}/databases")).json()["subscription"][0]
    one = await http.get(f"/subscriptions/{sub_id}/databases/{db['databases'][0]['databaseId']}")
    assert len(one.json()["security"]["password"]) == 32
    assert one.json()["publicEndpoint"].endswith(f":{one.json()['publicEndpoint'].split(':')[1]}")
    assert (await http.get(f"/subscriptions/{sub_id}/pricing")).json()["pricing"]


async def test_deleting_a_subscription_with_databases_fails_in_use(
    fake: FakeRedisCloud, http: httpx.AsyncClient
) -> None:
    sub_id = await active_subscription(fake, http)
    task = await submit(http, "DELETE", f"/subscriptions/{sub_id}")
    assert task["response"]["error"]["type"] == "SUBSCRIPTION_IN_USE"
    assert task["response"]["error"]["status"] == "409 CONFLICT"
    dbs = (await http.get(f"/subscriptions/{sub_id}/databases")).json()["subscription"][0]
    db_id = dbs["databases"][0]["databaseId"]
    await submit(http, "DELETE", f"/subscriptions/{sub_id}/databases/{db_id}")
    assert (await http.get(f"/subscriptions/{sub_id}/databases/{db_id}")).json()["status"] == (
        "deleting"
    )
    await settle(fake)
    assert (await http.get(f"/subscriptions/{sub_id}/databases/{db_id}")).status_code == 404
    done = await submit(http, "DELETE", f"/subscriptions/{sub_id}")
    assert done["status"] == "processing-completed"
    assert (await http.get(f"/subscriptions/{sub_id}")).json()["status"] == "deleting"
    await settle(fake)
    assert (await http.get(f"/subscriptions/{sub_id}")).status_code == 404


async def test_update_renames_and_checks_the_payment_method(
    fake: FakeRedisCloud, http: httpx.AsyncClient
) -> None:
    sub_id = await active_subscription(fake, http, "old")
    await active_subscription(fake, http, "taken")
    assert (await http.put(f"/subscriptions/{sub_id}", json={"name": "taken"})).status_code == 409
    renamed = await submit(http, "PUT", f"/subscriptions/{sub_id}", {"name": "new"})
    assert renamed["status"] == "processing-completed"
    assert (await http.get(f"/subscriptions/{sub_id}")).json()["name"] == "new"
    bad = await submit(http, "PUT", f"/subscriptions/{sub_id}", {"paymentMethodId": 1})
    assert bad["response"]["error"]["type"] == "SUBSCRIPTION_PI_NOT_FOUND"
    keys = {"customerManagedKeys": [{"resourceName": "projects/p/keys/k"}]}
    await submit(http, "PUT", f"/subscriptions/{sub_id}", keys)
    sub = (await http.get(f"/subscriptions/{sub_id}")).json()
    assert "customerManagedKeyAccessDetails" in sub


async def test_cidr_allowlist_is_an_asynchronous_get(
    fake: FakeRedisCloud, http: httpx.AsyncClient
) -> None:
    cloud = {
        "name": "byoc",
        "provider": "AWS",
        "accessKeyId": "AKIASIMULATED",
        "accessSecretKey": "secret-value",
        "consoleUsername": "redis",
        "consolePassword": "console-secret",
        "signInLoginUrl": "https://example.signin.aws.amazon.com/console",
    }
    cloud_id = (await submit(http, "POST", "/cloud-accounts", cloud))["response"]["resourceId"]
    await settle(fake)
    providers = [
        {"provider": "AWS", "cloudAccountId": cloud_id, "regions": [{"region": "us-east-1"}]}
    ]
    sub_id = await active_subscription(fake, http, "byoc", cloudProviders=providers)
    update = await submit(
        http, "PUT", f"/subscriptions/{sub_id}/cidr", {"cidrIps": ["10.1.0.0/16"]}
    )
    assert update["status"] == "processing-completed"
    await settle(fake)
    read = await http.get(f"/subscriptions/{sub_id}/cidr")
    assert read.status_code == 202
    task = await submit(http, "GET", f"/subscriptions/{sub_id}/cidr")
    assert task["response"]["resource"]["cidr_ips"] == ["10.1.0.0/16"]
    internal = await active_subscription(fake, http, "internal")
    refused = await submit(http, "PUT", f"/subscriptions/{internal}/cidr", {"cidrIps": []})
    assert refused["response"]["error"]["type"] == "CIDR_WHITELIST_NOT_ALLOWED"


async def test_maintenance_windows_and_resource_tags(
    fake: FakeRedisCloud, http: httpx.AsyncClient
) -> None:
    sub_id = await active_subscription(fake, http)
    path = f"/subscriptions/{sub_id}/maintenance-windows"
    assert (await http.get(path)).json()["mode"] == "automatic"
    windows = {
        "mode": "manual",
        "windows": [{"days": ["Sunday"], "startHour": 2, "durationInHours": 4}],
    }
    assert (await submit(http, "PUT", path, windows))["status"] == "processing-completed"
    assert (await http.get(path)).json()["windows"] == windows["windows"]
    short = {
        "mode": "manual",
        "windows": [{"days": ["Sunday"], "startHour": 2, "durationInHours": 1}],
    }
    failed = await submit(http, "PUT", path, short)
    assert failed["response"]["error"]["type"] == "MAINTENANCE_WINDOW_INVALID_DURATION_IN_HOURS"
    assert (await http.put(path, json={"windows": []})).status_code == 400
    tags = {"resourceTags": [{"key": "team", "value": "cache"}]}
    await submit(http, "PUT", f"/subscriptions/{sub_id}/resource-tags", tags)
    assert (await http.get(f"/subscriptions/{sub_id}")).json()["resourceTags"] == tags[
        "resourceTags"
    ]
    dup = {"resourceTags": [{"key": "a", "value": "1"}, {"key": "a", "value": "2"}]}
    failed = await submit(http, "PUT", f"/subscriptions/{sub_id}/resource-tags", dup)
    assert failed["response"]["error"]["type"] == "RESOURCE_TAGS_DUPLICATE_KEY"


async def test_redis_versions(fake: FakeRedisCloud, http: httpx.AsyncClient) -> None:
    versions = (await http.get("/subscriptions/redis-versions")).json()["redisVersions"]
    assert [v["version"] for v in versions if v["isDefault"]] == ["7.4"]
    assert (await http.get("/subscriptions/redis-versions?subscriptionId=1")).status_code == 404


async def test_active_active_regions_are_added_and_removed(
    fake: FakeRedisCloud, http: httpx.AsyncClient
) -> None:
    sub_id = (await submit(http, "POST", "/subscriptions", active_active_body()))["response"][
        "resourceId"
    ]
    await settle(fake)
    path = f"/subscriptions/{sub_id}/regions"
    regions = (await http.get(path)).json()["regions"]
    assert [(r["regionId"], r["region"]) for r in regions] == [(1, "us-east-1"), (4, "eu-west-1")]
    assert regions[0]["databases"][0]["databaseName"] == "crdb"
    overlap = {"region": "us-west-2", "deploymentCIDR": "10.0.0.0/16"}
    assert (await http.post(path, json=overlap)).status_code == 409
    again = {"region": "us-east-1", "deploymentCIDR": "10.9.0.0/24"}
    assert (await http.post(path, json=again)).status_code == 409
    dry = await submit(
        http, "POST", path, {"region": "us-west-2", "deploymentCIDR": "10.0.2.0/24", "dryRun": True}
    )
    assert {p["region"] for p in dry["response"]["resource"]["pricing"]} == {
        "us-east-1",
        "eu-west-1",
        "us-west-2",
    }
    added = await submit(
        http, "POST", path, {"region": "us-west-2", "deploymentCIDR": "10.0.2.0/24"}
    )
    assert added["status"] == "processing-completed"
    assert (await http.get(f"/subscriptions/{sub_id}")).json()["status"] == "pending"
    await settle(fake)
    assert len((await http.get(path)).json()["regions"]) == 3
    everything = {"regions": [{"region": r} for r in ("us-east-1", "eu-west-1", "us-west-2")]}
    last = await http.request("DELETE", path, json=everything)
    assert last.status_code == 422
    removed = await submit(http, "DELETE", path, {"regionIds": [3]})
    assert removed["status"] == "processing-completed"
    await settle(fake)
    assert [r["region"] for r in (await http.get(path)).json()["regions"]] == [
        "us-east-1",
        "eu-west-1",
    ]
    db = (await http.get(f"/subscriptions/{sub_id}/databases")).json()["subscription"][0]
    crdb = db["databases"][0]
    assert crdb["activeActiveRedis"] is True
    assert [r["region"] for r in crdb["crdbDatabases"]] == ["us-east-1", "eu-west-1"]


async def test_regions_of_a_single_region_subscription_are_a_bad_request(
    fake: FakeRedisCloud, http: httpx.AsyncClient
) -> None:
    sub_id = await active_subscription(fake, http)
    assert (await http.get(f"/subscriptions/{sub_id}/regions")).status_code == 400
