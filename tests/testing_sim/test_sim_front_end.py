"""The front end's rules, through HTTP: auth, rate budget, routing, bodies, pages."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from redis_cloud_async.testing import FakeRedisCloud
from tests.helpers.simulator import HEADERS, http_client, settle, submit, subscription_body

pytestmark = pytest.mark.looptime


async def test_wrong_or_missing_keys_answer_401_with_a_spring_body(fake: FakeRedisCloud) -> None:
    for headers in ({}, {**HEADERS, "x-api-secret-key": "wrong"}, {"x-api-key": "test-key"}):
        async with http_client(fake, headers=headers) as client:
            answer = await client.get("/subscriptions")
        assert answer.status_code == 401
        body = answer.json()
        assert body["status"] == 401
        assert body["error"] == "Unauthorized"
        assert body["path"] == "/v1/subscriptions"
        assert set(body) == {"timestamp", "status", "error", "message", "path"}
    assert fake.stats.count(status=401) == 3


async def test_every_answer_carries_the_remaining_budget(http: httpx.AsyncClient) -> None:
    seen = []
    for path in ("/subscriptions", "/nowhere", "/tasks/missing", "/"):
        answer = await http.get(path)
        seen.append(int(answer.headers["X-Rate-Limit-Remaining"]))
    assert seen == [399, 398, 397, 396]


async def test_past_the_budget_answers_429_with_the_retry_header_and_does_not_act() -> None:
    fake = FakeRedisCloud(requests_per_minute=5)
    async with http_client(fake) as http:
        for _ in range(5):
            assert (await http.get("/subscriptions")).status_code == 200
        refused = await http.post("/subscriptions", json=subscription_body())
        assert refused.status_code == 429
        assert refused.headers["X-Rate-Limit-Remaining"] == "0"
        assert float(refused.headers["x-rate-limit-retry-after-seconds"]) == pytest.approx(60, 0.01)
        assert refused.json()["status"] == 429
        assert fake.stats.rate_limited == 1
        assert fake.stats.tasks_submitted == 0
        await asyncio.sleep(60)  # the window slides in loop seconds, unscaled
        assert (await http.get("/subscriptions")).headers["X-Rate-Limit-Remaining"] == "4"


async def test_the_rate_window_is_configurable_for_benchmarks() -> None:
    fake = FakeRedisCloud(requests_per_minute=2, rate_window=1.0)
    async with http_client(fake) as http:
        await http.get("/")
        await asyncio.sleep(0.5)
        await http.get("/")
        refused = await http.get("/")
        assert refused.status_code == 429
        assert refused.headers["x-rate-limit-retry-after-seconds"] == "0.5"
        await asyncio.sleep(0.5)
        assert (await http.get("/")).status_code == 200


async def test_unknown_paths_methods_and_ids(http: httpx.AsyncClient) -> None:
    missing = await http.get("/no/such/thing")
    assert missing.status_code == 404
    assert missing.json()["error"] == "Not Found"
    assert (await http.patch("/subscriptions")).status_code == 405
    assert (await http.get("/subscriptions/abc")).status_code == 400
    gone = await http.get("/subscriptions/99999")
    assert gone.status_code == 404
    assert gone.json()["message"] == "Subscription 99999 not found"
    outside = await http.get("http://localhost/v2/subscriptions")
    assert outside.status_code == 404


async def test_malformed_json_and_missing_fields_answer_400(http: httpx.AsyncClient) -> None:
    broken = await http.post(
        "/subscriptions", content=b"{nope", headers={"content-type": "application/json"}
    )
    assert broken.status_code == 400
    assert broken.json()["message"].startswith("JSON parse error")
    no_databases = await http.post("/subscriptions", json={"name": "x", "cloudProviders": []})
    assert no_databases.status_code == 400
    wrong_type = await http.post("/subscriptions", json={**subscription_body(), "dryRun": "yes"})
    assert wrong_type.status_code == 400
    assert "dryRun" in wrong_type.json()["message"]


async def test_pro_database_pages_404_past_the_end(
    fake: FakeRedisCloud, http: httpx.AsyncClient
) -> None:
    body = subscription_body(databases=[{"name": "db", "quantity": 3}])
    task = await submit(http, "POST", "/subscriptions", body)
    sub_id = task["response"]["resourceId"]
    await settle(fake)
    first = await http.get(f"/subscriptions/{sub_id}/databases", params={"limit": 2})
    assert first.status_code == 200
    listing = first.json()["subscription"]
    assert isinstance(listing, list)
    assert listing[0]["subscriptionId"] == sub_id
    assert [db["name"] for db in listing[0]["databases"]] == ["db", "db-2"]
    assert "password" not in listing[0]["databases"][0]["security"]
    second = await http.get(f"/subscriptions/{sub_id}/databases?offset=2&limit=2")
    assert [db["name"] for db in second.json()["subscription"][0]["databases"]] == ["db-3"]
    past = await http.get(f"/subscriptions/{sub_id}/databases?offset=4&limit=2")
    assert past.status_code == 404
    assert past.json()["status"] == 404


async def test_essentials_database_pages_are_an_object_and_404_past_the_end(
    fake: FakeRedisCloud, http: httpx.AsyncClient
) -> None:
    plans = (await http.get("/fixed/plans", params={"provider": "AWS"})).json()["plans"]
    plan = next(p for p in plans if p["maximumDatabases"] >= 4)
    task = await submit(http, "POST", "/fixed/subscriptions", {"name": "e", "planId": plan["id"]})
    sub_id = task["response"]["resourceId"]
    await settle(fake)
    empty = await http.get(f"/fixed/subscriptions/{sub_id}/databases")
    assert empty.status_code == 404  # an empty first page is past the end too
    for name in ("a", "b"):
        await submit(http, "POST", f"/fixed/subscriptions/{sub_id}/databases", {"name": name})
        await settle(fake)
    page = await http.get(f"/fixed/subscriptions/{sub_id}/databases?offset=1&limit=1")
    assert page.json()["subscription"]["databases"][0]["name"] == "b"
    assert (await http.get(f"/fixed/subscriptions/{sub_id}/databases?offset=2")).status_code == 404


async def test_logs_and_session_logs_page_and_404_past_the_end(
    fake: FakeRedisCloud, http: httpx.AsyncClient
) -> None:
    sessions = await http.get("/session-logs", params={"limit": 2})
    assert len(sessions.json()["entries"]) == 2
    assert (await http.get("/session-logs?offset=5")).status_code == 404
    assert (await http.get("/session-logs?limit=101")).status_code == 400
    assert (await http.get("/logs")).status_code == 404  # nothing happened yet
    await submit(http, "POST", "/subscriptions", subscription_body("logged"))
    logs = (await http.get("/logs")).json()["entries"]
    assert logs[0]["description"] == "Subscription logged was created"
    assert (await http.get("/logs?offset=1")).status_code == 404
