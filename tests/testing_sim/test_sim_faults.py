"""Seeded faults: dropped connections, lost responses, injected errors, latency, bursts."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from redis_cloud_async.testing import FakeRedisCloud, Faults, SimulatedDisconnect
from tests.helpers.simulator import http_client, settle, submit, subscription_body

pytestmark = pytest.mark.looptime


async def test_a_dropped_connection_is_a_transport_error_and_nothing_is_done() -> None:
    fake = FakeRedisCloud(faults=Faults(drop_rate={("POST", "/subscriptions"): 1.0}))
    async with http_client(fake) as http:
        with pytest.raises(httpx.TransportError, match="simulated dropped connection"):
            await http.post("/subscriptions", json=subscription_body())
        assert (await http.get("/subscriptions")).status_code == 200  # other routes work
    assert fake.stats.faults["drop"] == 1
    assert fake.stats.tasks_submitted == 0
    assert fake.stats.count(method="POST") == 0


async def test_a_lost_response_was_applied_exactly_once() -> None:
    fake = FakeRedisCloud(faults=Faults(lost_response_rate={("POST", "/subscriptions"): 1.0}))
    async with http_client(fake) as http:
        with pytest.raises(SimulatedDisconnect):
            await http.post("/subscriptions", json=subscription_body("once"))
        # A blind retry would make a duplicate: the name is still held by the queued create.
        with pytest.raises(httpx.RemoteProtocolError):
            await http.post("/subscriptions", json=subscription_body("once"))
        await settle(fake)
        subs = (await http.get("/subscriptions")).json()["subscriptions"]
    assert [s["name"] for s in subs] == ["once"]
    assert fake.stats.created[("subscription", "once")] == 1
    assert fake.stats.faults["lost_response"] == 2
    assert fake.stats.duplicates() == {}


async def test_injected_errors_follow_the_table_and_do_not_act() -> None:
    faults = Faults(errors={("GET", "*"): {500: 0.5, 503: 0.5}, ("POST", "*"): {}})
    fake = FakeRedisCloud(faults=faults)
    async with http_client(fake) as http:
        statuses = {(await http.get("/subscriptions")).status_code for _ in range(20)}
        assert statuses == {500, 503}
        answer = await http.get("/")
        assert answer.json()["message"] == "Simulated server error (fault injection)"
        assert (await http.post("/subscriptions", json=subscription_body())).status_code == 202
    assert fake.stats.faults["error_500"] + fake.stats.faults["error_503"] == 21


async def test_latency_is_added_in_loop_seconds() -> None:
    fake = FakeRedisCloud(faults=Faults(latency=2.0, latency_jitter=1.0))
    loop = asyncio.get_running_loop()
    async with http_client(fake) as http:
        start = loop.time()
        await http.get("/")
        elapsed = loop.time() - start
    assert 2.0 <= elapsed <= 3.0


async def test_a_burst_answers_429_with_the_retry_header_for_its_length() -> None:
    fake = FakeRedisCloud(faults=Faults(burst_rate=1.0, burst_length=5.0))
    async with http_client(fake) as http:
        first = await http.get("/")
        assert first.status_code == 429
        assert first.headers["x-rate-limit-retry-after-seconds"] == "5"
        await asyncio.sleep(2)
        assert (await http.get("/")).headers["x-rate-limit-retry-after-seconds"] == "3"
    assert fake.stats.faults["burst_429"] == 2
    assert fake.stats.too_many_requests == 2


async def test_faults_can_be_aimed_at_one_route() -> None:
    fake = FakeRedisCloud(faults=Faults(drop_rate={("*", "/tasks/{taskId}"): 1.0}))
    async with http_client(fake) as http:
        task_id = (await http.post("/subscriptions", json=subscription_body())).json()["taskId"]
        with pytest.raises(httpx.TransportError):
            await http.get(f"/tasks/{task_id}")
        assert (await http.get("/tasks")).status_code == 200


async def test_the_fault_sequence_depends_only_on_the_seed() -> None:
    outcomes = []
    for _ in range(2):
        fake = FakeRedisCloud(seed=3, faults=Faults(drop_rate=0.3))
        seen = []
        async with http_client(fake) as http:
            for _ in range(30):
                try:
                    seen.append((await http.get("/")).status_code)
                except httpx.TransportError:
                    seen.append(0)
        outcomes.append(seen)
    assert outcomes[0] == outcomes[1]
    assert 0 in outcomes[0]
    assert 200 in outcomes[0]


def test_fault_settings_are_validated() -> None:
    with pytest.raises(ValueError, match="drop_rate"):
        Faults(drop_rate=1.5)
    with pytest.raises(ValueError, match="not an error status"):
        Faults(errors={("GET", "*"): {200: 0.1}})
    with pytest.raises(ValueError, match="more than 1"):
        Faults(errors={("GET", "*"): {500: 0.7, 503: 0.7}})
    with pytest.raises(ValueError, match="latency"):
        Faults(latency=-1)


async def test_a_submitted_task_survives_a_lost_response_of_its_poll() -> None:
    fake = FakeRedisCloud(faults=Faults(lost_response_rate={("GET", "/tasks/{taskId}"): 1.0}))
    async with http_client(fake) as http:
        task = await http.post("/subscriptions", json=subscription_body())
        with pytest.raises(httpx.TransportError):
            await http.get(f"/tasks/{task.json()['taskId']}")
        await settle(fake)
        assert (await http.get("/subscriptions")).json()["subscriptions"][0]["status"] == "active"


async def test_submit_helper_works_without_faults(http: httpx.AsyncClient) -> None:
    task = await submit(http, "POST", "/acl/redisRules", {"name": "r", "redisRule": "+@all"})
    assert task["status"] == "processing-completed"
