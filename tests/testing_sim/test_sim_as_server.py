"""The simulator served to others (issue 14.11): no request may hang it or exhaust it.

It authenticates before it reads a body, reads at most `MAX_BODY_BYTES` of one, and
refuses quantities it would have to build one by one (a subscription asking for thirty
million databases, or for many regions whose CIDRs it checks pair by pair) with a 400
naming the field, before anything is queued.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from redis_cloud_async.testing import FakeRedisCloud
from redis_cloud_async.testing.frontend.app import MAX_BODY_BYTES
from redis_cloud_async.testing.routes._shared import MAX_QUANTITY
from redis_cloud_async.testing.routes.subscriptions import MAX_REGIONS
from tests.helpers.simulator import HEADERS, http_client, subscription_body

pytestmark = pytest.mark.looptime


async def _call(fake: FakeRedisCloud, headers: dict[str, str], chunks: list[bytes]) -> Any:
    """POST /v1/subscriptions straight to the ASGI app; returns (status, chunks read)."""
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/v1/subscriptions",
        "raw_path": b"/v1/subscriptions",
        "query_string": b"",
        "root_path": "",
        "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()],
        "server": ("localhost", 80),
        "client": ("127.0.0.1", 5000),
    }
    read: list[bytes] = []
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        if len(read) < len(chunks):
            read.append(chunks[len(read)])
            return {"type": "http.request", "body": read[-1], "more_body": len(read) < len(chunks)}
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    await fake.app(scope, receive, send)
    status = next(m["status"] for m in sent if m["type"] == "http.response.start")
    return status, len(read)


async def test_wrong_keys_are_refused_before_the_body_is_read() -> None:
    fake = FakeRedisCloud()
    chunks = [b"{" + b" " * 1024] * 8
    status, read = await _call(fake, {"x-api-key": "test-key", "x-api-secret-key": "no"}, chunks)
    assert (status, read) == (401, 0)


async def test_a_body_declared_too_large_is_refused_unread() -> None:
    fake = FakeRedisCloud()
    headers = {**HEADERS, "content-length": str(MAX_BODY_BYTES + 1)}
    status, read = await _call(fake, headers, [b" " * 1024] * 8)
    assert (status, read) == (413, 0)


async def test_a_streamed_body_is_read_no_further_than_the_bound() -> None:
    fake = FakeRedisCloud()
    chunk = b" " * (64 * 1024)
    chunks = [chunk] * (MAX_BODY_BYTES // len(chunk) + 50)
    status, read = await _call(fake, dict(HEADERS), chunks)
    assert status == 413
    assert read * len(chunk) <= MAX_BODY_BYTES + len(chunk)
    assert fake.stats.tasks_submitted == 0


@pytest.fixture
async def http(fake: FakeRedisCloud) -> AsyncIterator[Any]:
    async with http_client(fake) as client:
        yield client


@pytest.mark.parametrize("quantity", [0, MAX_QUANTITY + 1, 30_000_000])
async def test_a_quantity_out_of_bounds_is_a_400_naming_the_field(http: Any, quantity: int) -> None:
    body = subscription_body("many")
    body["databases"][0]["quantity"] = quantity
    answer = await http.post("/subscriptions", json=body)
    assert answer.status_code == 400
    assert "databases[0].quantity" in answer.json()["message"]
    assert (await http.get("/tasks")).json().get("tasks", []) == []


async def test_the_largest_quantity_is_accepted(http: Any) -> None:
    body = subscription_body("thousand")
    body["databases"][0]["quantity"] = MAX_QUANTITY
    assert (await http.post("/subscriptions", json=body)).status_code == 202


async def test_the_databases_of_one_request_are_bounded_together(http: Any) -> None:
    body = subscription_body("many-specs")
    body["databases"] = [
        {"name": f"db{i}", "datasetSizeInGb": 1, "quantity": MAX_QUANTITY} for i in range(3)
    ]
    answer = await http.post("/subscriptions", json=body)
    assert answer.status_code == 400
    assert "Field 'databases'" in answer.json()["message"]
    assert (await http.get("/tasks")).json().get("tasks", []) == []


async def test_the_regions_of_one_request_are_bounded(http: Any) -> None:
    body = subscription_body("many-regions", deploymentType="active-active")
    body["cloudProviders"][0]["regions"] = [
        {"region": "us-east-1", "networking": {"deploymentCIDR": f"10.{i // 256}.{i % 256}.0/24"}}
        for i in range(MAX_REGIONS + 1)
    ]
    answer = await http.post("/subscriptions", json=body)
    assert answer.status_code == 400
    assert "cloudProviders[0].regions" in answer.json()["message"]


@pytest.mark.parametrize("number", ["Infinity", "NaN", "1e999"])
async def test_a_number_json_cannot_say_is_a_400(http: Any, number: str) -> None:
    raw = (
        '{"name": "inf", "cloudProviders": [{"regions": [{"region": "us-east-1"}]}],'
        f' "databases": [{{"name": "db", "datasetSizeInGb": {number}}}]}}'
    )
    answer = await http.post(
        "/subscriptions", content=raw, headers={"content-type": "application/json"}
    )
    assert answer.status_code == 400
    assert "datasetSizeInGb" in answer.json()["message"]


async def test_a_deeply_nested_body_is_a_400(http: Any) -> None:
    raw = "[" * 100_000 + "]" * 100_000
    answer = await http.post(
        "/subscriptions", content=raw, headers={"content-type": "application/json"}
    )
    assert answer.status_code == 400
