"""The task queue: one task at a time, statuses, listing, the fresh-task 404 window."""

from __future__ import annotations

import asyncio
import uuid

import httpx
import pytest

from redis_cloud_async.testing import Durations, FakeRedisCloud, Faults
from tests.helpers.simulator import http_client, settle, submit, subscription_body, wait_task

pytestmark = pytest.mark.looptime

#: Real-service seconds, at speed 1, so looptime tests read like the service's clock.
SLOW = Durations(task_pickup=1.0, task_processing=2.0)


async def test_a_write_answers_202_with_a_received_task(http: httpx.AsyncClient) -> None:
    answer = await http.post("/subscriptions", json=subscription_body())
    assert answer.status_code == 202
    task = answer.json()
    uuid.UUID(task["taskId"])
    assert task["commandType"] == "subscriptionCreateRequest"
    assert task["status"] == "received"
    assert "response" not in task  # the service's 202 carries none (recorded answers)
    assert task["links"] == [
        {"rel": "task", "type": "GET", "href": f"http://localhost/v1/tasks/{task['taskId']}"}
    ]
    assert task["timestamp"].endswith("Z")


async def test_tasks_move_through_their_statuses_on_the_loop_clock() -> None:
    fake = FakeRedisCloud(speed=1, durations=SLOW)
    async with http_client(fake) as http:
        task_id = (await http.post("/subscriptions", json=subscription_body())).json()["taskId"]
        statuses = []
        for _ in range(4):
            statuses.append((await http.get(f"/tasks/{task_id}")).json()["status"])
            await asyncio.sleep(1.0)
        assert statuses == [
            "received",
            "processing-in-progress",
            "processing-in-progress",
            "processing-completed",
        ]
        done = (await http.get(f"/tasks/{task_id}")).json()
        assert done["response"]["resourceId"] > 0
        assert done["links"][1]["rel"] == "resource"


async def test_the_account_processes_one_task_at_a_time_in_order() -> None:
    fake = FakeRedisCloud(speed=1, durations=SLOW)
    async with http_client(fake) as http:
        ids = []
        for name in ("a", "b", "c"):
            body = {"name": name, "redisRule": "+@read ~*"}
            ids.append((await http.post("/acl/redisRules", json=body)).json()["taskId"])
        await asyncio.sleep(3.5)  # the first is done at 3 s, the second runs 3-5 s
        statuses = [(await http.get(f"/tasks/{i}")).json()["status"] for i in ids]
        assert statuses == ["processing-completed", "processing-in-progress", "received"]
        running = [t for t in (await http.get("/tasks")).json()["tasks"] if t["taskId"] in ids]
        assert [t["taskId"] for t in running] == ids[::-1]  # most recent first
        await asyncio.sleep(4)
        statuses = [(await http.get(f"/tasks/{i}")).json()["status"] for i in ids]
        assert statuses == ["processing-completed"] * 3
        assert fake.stats.tasks_by_status["processing-completed"] == 3


async def test_get_tasks_can_list_only_the_running_ones() -> None:
    fake = FakeRedisCloud(tasks_list="running")
    async with http_client(fake) as http:
        done = await submit(http, "POST", "/acl/redisRules", {"name": "r", "redisRule": "+@all"})
        queued = await http.post("/acl/redisRules", json={"name": "s", "redisRule": "+@all"})
        listed = [t["taskId"] for t in (await http.get("/tasks")).json()["tasks"]]
        assert listed == [queued.json()["taskId"]]
        assert done["taskId"] not in listed


async def test_an_unknown_task_answers_404(http: httpx.AsyncClient) -> None:
    answer = await http.get(f"/tasks/{uuid.uuid4()}")
    assert answer.status_code == 404
    assert answer.json()["error"] == "Not Found"


async def test_a_fresh_task_id_answers_404_for_the_window() -> None:
    fake = FakeRedisCloud(faults=Faults(task_404_window=2.0))
    async with http_client(fake) as http:
        task_id = (await http.post("/subscriptions", json=subscription_body())).json()["taskId"]
        assert (await http.get(f"/tasks/{task_id}")).status_code == 404
        assert task_id not in str((await http.get("/tasks")).json())
        await asyncio.sleep(1.9)
        assert (await http.get(f"/tasks/{task_id}")).status_code == 404
        await asyncio.sleep(0.2)
        assert (await http.get(f"/tasks/{task_id}")).status_code == 200


async def test_seeded_tasks_fail_or_never_end() -> None:
    fake = FakeRedisCloud(faults=Faults(task_failure_rate=1.0))
    async with http_client(fake) as http:
        task = await submit(http, "POST", "/subscriptions", subscription_body())
        assert task["status"] == "processing-error"
        assert task["response"]["error"]["type"] == "GENERAL_ERROR"
        assert task["response"]["error"]["status"] == "500 INTERNAL_SERVER_ERROR"
        assert (await http.get("/subscriptions")).json()["subscriptions"] == []
    stuck = FakeRedisCloud(faults=Faults(task_stuck_rate=1.0))
    async with http_client(stuck) as http:
        first = await http.post("/acl/redisRules", json={"name": "a", "redisRule": "+@all"})
        await settle(stuck, 5)
        task = (await http.get(f"/tasks/{first.json()['taskId']}")).json()
        assert task["status"] == "processing-in-progress"


async def test_the_same_seed_gives_the_same_task_ids_and_faults() -> None:
    runs = []
    for _ in range(2):
        fake = FakeRedisCloud(seed=7, faults=Faults(task_failure_rate=0.5))
        async with http_client(fake) as http:
            outcomes = []
            for n in range(6):
                body = {"name": f"r{n}", "redisRule": "+@all"}
                task = await submit(http, "POST", "/acl/redisRules", body)
                outcomes.append((task["taskId"], task["status"]))
            runs.append(outcomes)
    assert runs[0] == runs[1]
    assert {status for _, status in runs[0]} == {"processing-completed", "processing-error"}


async def test_wait_helper_sees_terminal_tasks(http: httpx.AsyncClient) -> None:
    answer = await http.post("/acl/redisRules", json={"name": "x", "redisRule": "+@all"})
    task = await wait_task(http, answer.json()["taskId"])
    assert task["status"] == "processing-completed"
