"""ACL, account users, cloud accounts, reference data and cost reports."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from redis_cloud_async.testing import FakeRedisCloud
from tests.helpers.simulator import active_subscription, settle, submit

pytestmark = pytest.mark.looptime


async def test_reference_data(http: httpx.AsyncClient) -> None:
    account = (await http.get("/")).json()["account"]
    assert account["id"] == 40131
    regions = (await http.get("/regions", params={"provider": "GCP"})).json()["regions"]
    assert {r["provider"] for r in regions} == {"GCP"}
    modules = (await http.get("/database-modules")).json()["modules"]
    assert "RedisJSON" in {m["name"] for m in modules}
    persistence = (await http.get("/data-persistence")).json()["dataPersistence"]
    assert persistence[0]["name"] == "none"
    methods = (await http.get("/payment-methods")).json()["paymentMethods"]
    assert methods[0]["id"] == 8241
    factors = (await http.get("/query-performance-factors")).json()["queryPerformanceFactors"]
    assert "2x" in factors


async def test_acl_rules_roles_and_users(fake: FakeRedisCloud, http: httpx.AsyncClient) -> None:
    rules = (await http.get("/acl/redisRules")).json()["redisRules"]
    assert [r["name"] for r in rules] == ["Full-Access", "Read-Write", "Read-Only"]
    default = rules[0]["id"]
    assert (await http.get(f"/acl/redisRules/{default}")).json()["isDefault"] is True
    fixed = await submit(http, "DELETE", f"/acl/redisRules/{default}")
    assert fixed["response"]["error"]["type"] == "ACL_REDIS_RULE_CANNOT_DELETE_DEFAULT"
    bad = await submit(http, "POST", "/acl/redisRules", {"name": "bad", "redisRule": "read all"})
    assert bad["response"]["error"]["type"] == "ACL_REDIS_RULE_PATTERN_NOT_VALID"
    rule = await submit(
        http, "POST", "/acl/redisRules", {"name": "cache", "redisRule": "+@read ~c:*"}
    )
    rule_id = rule["response"]["resourceId"]
    assert (
        await http.post("/acl/redisRules", json={"name": "cache", "redisRule": "+@all"})
    ).status_code == 409
    sub_id = await active_subscription(fake, http)
    dbs = (await http.get(f"/subscriptions/{sub_id}/databases")).json()["subscription"][0]
    target = {"subscriptionId": sub_id, "databaseId": dbs["databases"][0]["databaseId"]}
    role_body = {"name": "reader", "redisRules": [{"ruleName": "cache", "databases": [target]}]}
    role = await submit(http, "POST", "/acl/roles", role_body)
    role_id = role["response"]["resourceId"]
    shown = (await http.get(f"/acl/roles/{role_id}")).json()
    assert shown["redisRules"][0]["ruleId"] == rule_id
    assert shown["redisRules"][0]["databases"][0]["databaseName"] == "first"
    no_rule = {"name": "x", "redisRules": [{"ruleName": "nope", "databases": [target]}]}
    assert (await submit(http, "POST", "/acl/roles", no_rule))["response"]["error"]["type"] == (
        "ACL_REDIS_RULE_DOES_NOT_EXISTS"
    )
    short = await submit(
        http, "POST", "/acl/users", {"name": "app", "role": "reader", "password": "short"}
    )
    assert short["response"]["error"]["type"] == "ACL_USER_PASSWORD_NOT_VALID"
    user = await submit(
        http, "POST", "/acl/users", {"name": "app", "role": "reader", "password": "Long-enough-1"}
    )
    user_id = user["response"]["resourceId"]
    shown_user = (await http.get(f"/acl/users/{user_id}")).json()
    assert shown_user == {**shown_user, "name": "app", "role": "reader", "status": "active"}
    assert "password" not in str(shown_user)
    in_use = await submit(http, "DELETE", f"/acl/roles/{role_id}")
    assert in_use["response"]["error"]["type"] == "ACL_ROLE_HAS_ACTIVE_USERS_AND_CANNOT_BE_DELETED"
    assert (await submit(http, "PUT", f"/acl/roles/{role_id}", {"name": "renamed"}))["status"] == (
        "processing-completed"
    )
    assert (await http.get(f"/acl/users/{user_id}")).json()["role"] == "renamed"
    used = await submit(http, "DELETE", f"/acl/redisRules/{rule_id}")
    assert (
        used["response"]["error"]["type"]
        == "ACL_REDIS_RULE_CANNOT_DELETE_WHEN_ASSOCIATED_WITH_ROLES"
    )
    await submit(http, "PUT", f"/acl/users/{user_id}", {"password": "Another-passw0rd"})
    await submit(http, "DELETE", f"/acl/users/{user_id}")
    await submit(http, "DELETE", f"/acl/roles/{role_id}")
    await submit(
        http, "PUT", f"/acl/redisRules/{rule_id}", {"name": "cache2", "redisRule": "+@all"}
    )
    assert (await submit(http, "DELETE", f"/acl/redisRules/{rule_id}"))["status"] == (
        "processing-completed"
    )
    assert (await http.get(f"/acl/redisRules/{rule_id}")).status_code == 404


async def test_account_users(http: httpx.AsyncClient) -> None:
    users = (await http.get("/users")).json()["users"]
    owner = users[0]["id"]
    assert (await http.get(f"/users/{owner}")).json()["role"] == "Owner"
    own = await submit(http, "DELETE", f"/users/{owner}")
    assert own["response"]["error"]["type"] == "USER_CANNOT_DELETE_OWN_USER"
    invited = await submit(
        http, "POST", "/users", {"name": "Jane", "email": "jane@example.com", "role": "member"}
    )
    jane = invited["response"]["resourceId"]
    assert (
        await http.post("/users", json={"name": "J", "email": "jane@example.com"})
    ).status_code == 409
    assert (await submit(http, "PUT", f"/users/{jane}", {"name": "Jane D", "role": "viewer"}))[
        "status"
    ] == ("processing-completed")
    assert (await http.get(f"/users/{jane}")).json()["role"] == "Viewer"
    assert (await http.put(f"/users/{jane}", json={"role": "viewer"})).status_code == 400
    await submit(http, "DELETE", f"/users/{jane}")
    assert (await http.get(f"/users/{jane}")).status_code == 404


async def test_cloud_accounts_hide_secrets(fake: FakeRedisCloud, http: httpx.AsyncClient) -> None:
    body = {
        "name": "prod-aws",
        "provider": "AWS",
        "accessKeyId": "AKIAEXAMPLEKEY",
        "accessSecretKey": "very-secret",
        "consoleUsername": "redis",
        "consolePassword": "also-secret",
        "signInLoginUrl": "https://example.signin.aws.amazon.com/console",
    }
    missing = {k: v for k, v in body.items() if k != "consolePassword"}
    assert (await http.post("/cloud-accounts", json=missing)).status_code == 400
    cloud_id = (await submit(http, "POST", "/cloud-accounts", body))["response"]["resourceId"]
    shown = (await http.get(f"/cloud-accounts/{cloud_id}")).json()
    assert shown["status"] == "pending"
    assert shown["accessKeyId"] == "A***Y"
    assert "secret" not in str(shown)
    await settle(fake)
    listing = (await http.get("/cloud-accounts")).json()["cloudAccounts"]
    assert [c["name"] for c in listing] == ["Redis Internal Resources", "prod-aws"]
    update = {**body, "name": "prod"}
    assert (await submit(http, "PUT", f"/cloud-accounts/{cloud_id}", update))["status"] == (
        "processing-completed"
    )
    internal = await submit(http, "DELETE", "/cloud-accounts/1")
    assert internal["status"] == "processing-error"
    assert (await submit(http, "DELETE", f"/cloud-accounts/{cloud_id}"))["status"] == (
        "processing-completed"
    )


async def test_cost_reports(fake: FakeRedisCloud, http: httpx.AsyncClient) -> None:
    await active_subscription(fake, http)
    today = fake.sim.clock.at(asyncio.get_running_loop().time()).date()
    assert (await http.post("/cost-report", json={"startDate": "2025-01-01"})).status_code == 400
    too_long = await submit(
        http, "POST", "/cost-report", {"startDate": "2025-01-01", "endDate": "2025-03-01"}
    )
    assert too_long["response"]["error"]["type"] == "COST_REPORT_DATE_RANGE_EXCEEDS_LIMIT"
    body = {"startDate": str(today.replace(day=1)), "endDate": str(today)}
    task = await submit(http, "POST", "/cost-report", body)
    report_id = task["response"]["resource"]["costReportId"]
    report = await http.get(f"/cost-report/{report_id}")
    assert report.headers["content-type"].startswith("text/csv")
    assert report.text.splitlines()[0].startswith("BillingPeriodStart")
    as_json = await submit(http, "POST", "/cost-report", {**body, "format": "json"})
    rows = (
        await http.get(f"/cost-report/{as_json['response']['resource']['costReportId']}")
    ).json()
    assert rows[0]["ResourceName"] == "first"
    assert len((await http.get("/cost-report")).json()["costReports"]) == 2
    assert (await http.get("/cost-report/unknown")).status_code == 404
