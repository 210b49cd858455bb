"""The simulator held against the service's recorded behaviour (issue 16, points 1-10).

Each test names what the behaviour rests on: the published document, the guide, or the
service's answers recorded in the official Go SDK's tests (RedisLabs/rediscloud-go-api).
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from redis_cloud_async.testing import FakeRedisCloud
from redis_cloud_async.testing.engine.ratelimit import (
    FixedWindowLimiter,
    SlidingWindowLimiter,
    limiter,
)
from tests.helpers.simulator import (
    active_active_body,
    active_subscription,
    http_client,
    settle,
    submit,
    wait_task,
)

pytestmark = pytest.mark.looptime


async def read(http: httpx.AsyncClient, path: str) -> dict[str, Any]:
    """An asynchronous read: its finished task."""
    return await submit(http, "GET", path)


# -- 1. payment methods ----------------------------------------------------------------
async def test_a_card_ends_with_a_number(http: httpx.AsyncClient) -> None:
    """Recorded answers carry a number (the document's example shows a string)."""
    card = (await http.get("/payment-methods")).json()["paymentMethods"][0]
    assert isinstance(card["creditCardEndsWith"], int)


# -- 2. the regional PrivateLink read before any exists ----------------------------------
async def test_a_region_without_a_private_link_reads_as_an_empty_resource(
    fake: FakeRedisCloud, http: httpx.AsyncClient
) -> None:
    """Recorded: the task completes with ``{"links": []}``; the subscription-wide read of
    a single-region subscription still fails its task."""
    aa = (await submit(http, "POST", "/subscriptions", active_active_body()))["response"][
        "resourceId"
    ]
    await settle(fake)
    task = await read(http, f"/subscriptions/{aa}/regions/4/private-link")
    assert task["status"] == "processing-completed"
    assert task["commandType"] == "activeActivePrivateLinkGetRequest"
    assert task["response"]["resource"] == {"links": []}
    single = await active_subscription(fake, http, "single")
    failed = await read(http, f"/subscriptions/{single}/private-link")
    assert failed["response"]["error"]["type"] == "PRIVATE_LINK_NOT_FOUND"


# -- 3. ACL writes by an id that does not exist ----------------------------------------
@pytest.mark.parametrize(
    ("path", "body", "command", "error"),
    [
        (
            "/acl/redisRules/40004",
            {"name": "r", "redisRule": "+@read"},
            "aclRedisRuleUpdateRequest",
            "ACL_REDIS_RULE_NOT_FOUND",
        ),
        ("/acl/redisRules/40004", None, "aclRedisRuleDeleteRequest", "ACL_REDIS_RULE_NOT_FOUND"),
        ("/acl/roles/40004", {"name": "r"}, "aclRoleUpdateRequest", "ACL_ROLE_NOT_FOUND"),
        ("/acl/roles/40004", None, "aclRoleDeleteRequest", "ACL_ROLE_NOT_FOUND"),
        ("/acl/users/40004", {"role": "r"}, "aclUserUpdateRequest", "ACL_USER_NOT_FOUND"),
        ("/acl/users/40004", None, "aclUserDeleteRequest", "ACL_USER_NOT_FOUND"),
    ],
)
async def test_an_acl_write_to_a_missing_id_is_accepted_and_its_task_fails(
    http: httpx.AsyncClient, path: str, body: Any, command: str, error: str
) -> None:
    """Recorded for rules and users (updates and deletes); roles as issue 16.3 records."""
    method = "DELETE" if body is None else "PUT"
    answer = await http.request(method, path, json=body)
    assert answer.status_code == 202
    assert answer.json()["commandType"] == command
    task = await wait_task(http, answer.json()["taskId"])
    assert task["response"]["error"] == {
        "type": error,
        "status": "404 NOT_FOUND",
        "description": task["response"]["error"]["description"],
    }
    # Reads of a missing id still answer 404 at once (recorded: GET /acl/users/{id}).
    assert (await http.get(path)).status_code == 404


# -- 5. the ACL user password rule -------------------------------------------------------
@pytest.mark.parametrize(
    ("password", "valid"),
    [
        ("someRandom.pa55word", True),  # recorded: accepted
        ("mY.passw0rd", True),  # the Terraform provider's example
        ("I do not meet requirements", False),  # recorded: refused (no digit)
        ("alllowercase1!", False),
        ("ALLUPPERCASE1!", False),
        ("NoDigitsHere!", False),
        ("N0SpecialChar", False),
        ("Sh0rt!", False),
        ("L0ng!" + "x" * 124, False),  # 129 characters
    ],
)
async def test_acl_user_passwords_follow_the_documented_rule(
    fake: FakeRedisCloud, http: httpx.AsyncClient, password: str, valid: bool
) -> None:
    """redis.io: 8 to 128 characters; the Terraform provider's documentation: a lower-case
    letter, an upper-case letter, a number and a special character. A refusal carries the
    recorded error and its additional info."""
    sub = await active_subscription(fake, http)
    db = (await http.get(f"/subscriptions/{sub}/databases")).json()["subscription"][0]
    target = {"subscriptionId": sub, "databaseId": db["databases"][0]["databaseId"]}
    rules = [{"ruleName": "Read-Only", "databases": [target]}]
    await submit(http, "POST", "/acl/roles", {"name": "reader", "redisRules": rules})
    user = {"name": "app", "role": "reader", "password": password}
    task = await submit(http, "POST", "/acl/users", user)
    if valid:
        assert task["status"] == "processing-completed"
    else:
        assert task["response"]["error"]["type"] == "ACL_USER_PASSWORD_NOT_VALID"
        assert task["response"]["additionalInfo"] == "cluster-user-password-wrong-pattern"


# -- 6. a role's rule naming a subscription that does not exist --------------------------
async def test_a_role_on_subscription_0_fails_on_the_subscription(http: httpx.AsyncClient) -> None:
    """The service checks the subscription before its database (issue 16.6, recorded)."""
    rules = [{"ruleName": "Read-Only", "databases": [{"subscriptionId": 0, "databaseId": 1}]}]
    task = await submit(http, "POST", "/acl/roles", {"name": "r", "redisRules": rules})
    assert task["response"]["error"]["type"] == "SUBSCRIPTION_NOT_FOUND"


# -- 7. command types ----------------------------------------------------------------------
async def test_command_types_are_the_services(
    fake: FakeRedisCloud, http: httpx.AsyncClient
) -> None:
    """The names the issue records (tgwAcceptInvitationRequest, tgwUpdateCidrsRequest) and
    the Go SDK's recordings (PSC's script and endpoint reads)."""
    sub = await active_subscription(fake, http)
    base = f"/subscriptions/{sub}/transitGateways"
    body = {"awsTgwUid": "tgw-1", "awsAccountId": "123456789012", "cidrs": ["172.16.0.0/16"]}
    tgw = (await submit(http, "POST", base, body))["response"]["resourceId"]
    invitation = (await read(http, base + "/invitations"))["response"]["resource"]["resources"][0]
    accepted = await submit(http, "PUT", f"{base}/invitations/{invitation['id']}/accept")
    assert accepted["commandType"] == "tgwAcceptInvitationRequest"
    await submit(http, "POST", f"{base}/{tgw}/attachment")
    await settle(fake)
    cidrs = await submit(http, "PUT", f"{base}/{tgw}/attachment", {"cidrs": ["172.17.0.0/16"]})
    assert (cidrs["commandType"], cidrs["status"]) == (
        "tgwUpdateCidrsRequest",
        "processing-completed",
    )
    # 8. a connectivity change's task carries its resource id and no additional one.
    assert cidrs["response"] == {"resourceId": tgw}


async def test_active_active_psc_and_essentials_upgrade_command_types(
    fake: FakeRedisCloud, http: httpx.AsyncClient
) -> None:
    regions = [
        {"region": "us-central1", "networking": {"deploymentCIDR": "10.0.0.0/24"}},
        {"region": "europe-west1", "networking": {"deploymentCIDR": "10.0.1.0/24"}},
    ]
    body = {
        "name": "gcp-aa",
        "deploymentType": "active-active",
        "cloudProviders": [{"provider": "GCP", "regions": regions}],
        "databases": [{"name": "first"}],
    }
    sub = (await submit(http, "POST", "/subscriptions", body))["response"]["resourceId"]
    await settle(fake)
    base = f"/subscriptions/{sub}/regions/35/private-service-connect"
    created = await submit(http, "POST", base)
    assert created["commandType"] == "activeActivePscServiceCreateRequest"
    service = created["response"]["resourceId"]
    listed = await read(http, f"{base}/{service}")
    assert listed["commandType"] == "activeActivePscServiceEndpointsGetRequest"

    plans = (await http.get("/fixed/plans", params={"provider": "AWS"})).json()["plans"]
    plan = next(p for p in plans if p["name"] == "Standard 250MB")
    essentials = await submit(
        http, "POST", "/fixed/subscriptions", {"name": "e", "planId": plan["id"]}
    )
    fixed = essentials["response"]["resourceId"]
    await settle(fake)
    db = await submit(http, "POST", f"/fixed/subscriptions/{fixed}/databases", {"name": "d"})
    path = f"/fixed/subscriptions/{fixed}/databases/{db['response']['resourceId']}/upgrade"
    answer = await http.post(path, json={"targetRedisVersion": "7.4"})
    assert answer.json()["commandType"] == "fixedDatabaseUpgradeRedisVersionRequest"


# -- 8. the shape of tasks --------------------------------------------------------------
async def test_tasks_carry_a_response_only_once_they_end(http: httpx.AsyncClient) -> None:
    """Recorded: the 202 answer to a write has no ``response``; a failed task carries
    ``additionalInfo`` beside its error where the service gives one (the document's
    `ProcessorResponse`)."""
    answer = await http.post("/acl/redisRules", json={"name": "bad", "redisRule": "read all"})
    assert "response" not in answer.json()
    running = (await http.get(f"/tasks/{answer.json()['taskId']}")).json()
    assert "response" not in running
    failed = await wait_task(http, answer.json()["taskId"])
    assert failed["response"]["error"]["type"] == "ACL_REDIS_RULE_PATTERN_NOT_VALID"
    assert failed["response"]["additionalInfo"] == "redis-acl-wrong-acl-rule-pattern"
    assert failed["description"].startswith("Task request failed during processing")


# -- 9. peering CIDRs ------------------------------------------------------------------------
async def test_a_peering_cidr_state_is_a_string(
    fake: FakeRedisCloud, http: httpx.AsyncClient
) -> None:
    """The Go SDK and redis-cloud-rs both model ``vpcCidrs[].active`` as a string."""
    sub = await active_subscription(fake, http)
    body = {
        "region": "us-east-1",
        "awsAccountId": "123456789012",
        "vpcId": "vpc-0123abcd",
        "vpcCidrs": ["10.10.0.0/16"],
    }
    await submit(http, "POST", f"/subscriptions/{sub}/peerings", body)
    peering = (await read(http, f"/subscriptions/{sub}/peerings"))["response"]["resource"]
    assert peering["peerings"][0]["vpcCidrs"] == [{"vpcCidr": "10.10.0.0/16", "active": "active"}]


# -- 10. the rate window's kind ------------------------------------------------------------
def test_a_fixed_window_resets_at_each_window_start() -> None:
    """Nothing published says which window the service uses: both are modelled."""
    fixed = FixedWindowLimiter(2, 60.0)  # windows from the key's first request: 10 s, 70 s...
    assert [fixed.acquire("k", t).allowed for t in (10.0, 69.5, 69.9)] == [True, True, False]
    refused = fixed.acquire("k", 69.9)
    assert refused.retry_after == pytest.approx(0.1)
    assert fixed.acquire("k", 70.0).allowed  # a new window: the count starts again
    assert fixed.remaining("k", 70.5) == 1
    assert fixed.remaining("other", 70.5) == 2  # each key has its own windows
    sliding = SlidingWindowLimiter(2, 60.0)
    assert [sliding.acquire("k", t).allowed for t in (59.0, 59.5, 60.0)] == [True, True, False]
    assert sliding.acquire("k", 119.1).allowed
    with pytest.raises(ValueError, match="rate_window_kind"):
        limiter("tumbling", 2, 60.0)  # type: ignore[arg-type]


async def test_the_simulator_takes_the_window_kind() -> None:
    fake = FakeRedisCloud(requests_per_minute=3, rate_window=60.0, rate_window_kind="fixed")
    assert isinstance(fake.sim.limiter, FixedWindowLimiter)
    async with http_client(fake) as http:
        statuses = [(await http.get("/subscriptions")).status_code for _ in range(4)]
        assert statuses == [200, 200, 200, 429]
    assert isinstance(FakeRedisCloud().sim.limiter, SlidingWindowLimiter)


def test_the_served_simulator_takes_the_window_kind() -> None:
    from redis_cloud_async.testing.__main__ import parser

    assert parser().parse_args(["--rate-window-kind", "fixed"]).rate_window_kind == "fixed"
    assert parser().parse_args([]).rate_window_kind == "sliding"
