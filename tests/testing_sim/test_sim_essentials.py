"""Essentials: plans, versions, subscriptions and databases under ``/fixed``."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from redis_cloud_async.testing import FakeRedisCloud
from tests.helpers.simulator import settle, submit

pytestmark = pytest.mark.looptime


async def plan(http: httpx.AsyncClient, **wanted: Any) -> dict[str, Any]:
    plans = (await http.get("/fixed/plans")).json()["plans"]
    return next(p for p in plans if all(p[k] == v for k, v in wanted.items()))


async def test_plans_filter_and_lookup(http: httpx.AsyncClient) -> None:
    every = (await http.get("/fixed/plans")).json()["plans"]
    gcp = (await http.get("/fixed/plans", params={"provider": "GCP"})).json()["plans"]
    assert {p["provider"] for p in every} == {"AWS", "GCP", "AZURE"}
    assert {p["provider"] for p in gcp} == {"GCP"}
    one = await http.get(f"/fixed/plans/{every[0]['id']}")
    assert one.json()["name"] == every[0]["name"]
    assert (await http.get("/fixed/plans/1")).status_code == 404
    assert (await http.get("/fixed/plans?provider=IBM")).status_code == 400


async def test_subscription_lifecycle(fake: FakeRedisCloud, http: httpx.AsyncClient) -> None:
    small = await plan(http, name="Standard 250MB", region="us-east-1")
    bigger = await plan(http, name="Standard 5GB", region="us-east-1")
    other_region = await plan(http, name="Standard 5GB", region="eu-west-1")
    assert (await http.post("/fixed/subscriptions", json={"name": "e"})).status_code == 400
    task = await submit(http, "POST", "/fixed/subscriptions", {"name": "e", "planId": small["id"]})
    sub_id = task["response"]["resourceId"]
    assert (await http.get(f"/fixed/subscriptions/{sub_id}")).json()["status"] == "pending"
    dup = await http.post("/fixed/subscriptions", json={"name": "e", "planId": small["id"]})
    assert dup.status_code == 409
    await settle(fake)
    sub = (await http.get(f"/fixed/subscriptions/{sub_id}")).json()
    assert (sub["status"], sub["planId"], sub["region"]) == ("active", small["id"], "us-east-1")
    assert (await http.get(f"/subscriptions/{sub_id}")).status_code == 404  # not Pro
    compatible = (await http.get(f"/fixed/plans/subscriptions/{sub_id}")).json()["plans"]
    assert {p["region"] for p in compatible} == {"us-east-1"}
    versions = await http.get("/fixed/redis-versions", params={"subscriptionId": sub_id})
    assert versions.json()["redisVersions"]
    assert (await http.get("/fixed/redis-versions")).status_code == 400
    moved = await submit(
        http, "PUT", f"/fixed/subscriptions/{sub_id}", {"planId": other_region["id"]}
    )
    assert moved["response"]["error"]["type"] == (
        "FIXED_MISMATCH_BETWEEN_REQUEST_PLAN_REGION_AND_SUBSCRIPTION_REGION"
    )
    upgraded = await submit(http, "PUT", f"/fixed/subscriptions/{sub_id}", {"planId": bigger["id"]})
    assert upgraded["status"] == "processing-completed"
    listed = (await http.get("/fixed/subscriptions")).json()["subscriptions"]
    assert [(s["id"], s["planName"], s["status"]) for s in listed] == [
        (sub_id, "Standard 5GB", "pending")  # moving to another plan takes a while
    ]
    await settle(fake)
    await submit(http, "DELETE", f"/fixed/subscriptions/{sub_id}")
    await settle(fake)
    assert (await http.get(f"/fixed/subscriptions/{sub_id}")).status_code == 404


async def test_databases_respect_the_plan(fake: FakeRedisCloud, http: httpx.AsyncClient) -> None:
    one_db = await plan(http, name="Standard 250MB", region="us-east-1")
    task = await submit(http, "POST", "/fixed/subscriptions", {"name": "e", "planId": one_db["id"]})
    sub_id = task["response"]["resourceId"]
    await settle(fake)
    base = f"/fixed/subscriptions/{sub_id}/databases"
    created = await submit(
        http, "POST", base, {"name": "only", "dataEvictionPolicy": "allkeys-lru"}
    )
    db_path = f"{base}/{created['response']['resourceId']}"
    await settle(fake)
    db = (await http.get(db_path)).json()
    assert (db["status"], db["dataEvictionPolicy"], db["planMemoryLimit"]) == (
        "active",
        "allkeys-lru",
        250,
    )
    second = await submit(http, "POST", base, {"name": "second"})
    assert second["response"]["error"]["type"] == (
        "FIXED_DATABASE_FIXED_SUBSCRIPTION_REACHED_MAX_DATABASES_COUNT"
    )
    await submit(http, "PUT", db_path, {"name": "renamed"})
    await settle(fake)
    assert (await http.get(db_path)).json()["name"] == "renamed"
    assert (await http.post(db_path + "/tags", json={"key": "k", "value": "v"})).status_code == 200
    assert (await http.get(db_path + "/tags")).json()["tags"][0]["key"] == "k"
    assert (await submit(http, "GET", db_path + "/backup"))["status"] == "processing-completed"
    in_use = await submit(http, "DELETE", f"/fixed/subscriptions/{sub_id}")
    assert in_use["response"]["error"]["type"] == "SUBSCRIPTION_IN_USE"
    await submit(http, "DELETE", db_path)
    await settle(fake)
    assert (await http.get(db_path)).status_code == 404


async def test_only_one_free_plan_per_account(
    fake: FakeRedisCloud, http: httpx.AsyncClient
) -> None:
    free = await plan(http, price=0, region="us-east-1")
    await submit(http, "POST", "/fixed/subscriptions", {"name": "free", "planId": free["id"]})
    second = await submit(
        http, "POST", "/fixed/subscriptions", {"name": "free2", "planId": free["id"]}
    )
    assert (
        second["response"]["error"]["type"] == "FIXED_SUBSCRIPTION_ACCOUNT_ALREADY_HAS_A_FREE_PLAN"
    )
    unknown = await submit(http, "POST", "/fixed/subscriptions", {"name": "x", "planId": 1})
    assert unknown["response"]["error"]["type"] == "FIXED_SUBSCRIPTION_CREATE_PLAN_NOT_FOUND"
