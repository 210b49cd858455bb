"""The simulator served for real over loopback by uvicorn: a thread, and the command line."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from redis_cloud_async.testing import FakeRedisCloud, Faults, serve_in_thread
from tests.helpers.simulator import HEADERS, subscription_body

ROOT = Path(__file__).resolve().parents[2]


async def test_real_http_over_loopback_including_a_dropped_connection() -> None:
    faults = Faults(drop_rate={("GET", "/tasks"): 1.0})
    fake = FakeRedisCloud(faults=faults)
    with serve_in_thread(fake) as base_url:
        assert base_url.startswith("http://127.0.0.1:")
        async with httpx.AsyncClient(base_url=base_url, headers=HEADERS, timeout=5) as http:
            created = await http.post("/subscriptions", json=subscription_body())
            assert created.status_code == 202
            assert created.headers["x-rate-limit-remaining"] == "399"
            task = await http.get(f"/tasks/{created.json()['taskId']}")
            assert task.status_code == 200
            assert task.json()["links"][0]["href"].startswith(base_url)
            with pytest.raises(httpx.RemoteProtocolError):
                await http.get("/tasks")
            again = await http.get("/subscriptions")  # the server is still up
            assert again.status_code == 200
            unauthorized = await http.get("/", headers={"x-api-key": "nope"})
            assert unauthorized.status_code == 401
    assert fake.stats.faults["drop"] == 1


async def test_a_lost_response_over_loopback_still_acts() -> None:
    fake = FakeRedisCloud(faults=Faults(lost_response_rate={("POST", "/subscriptions"): 1.0}))
    with serve_in_thread(fake) as base_url:
        async with httpx.AsyncClient(base_url=base_url, headers=HEADERS, timeout=5) as http:
            with pytest.raises(httpx.RemoteProtocolError):
                await http.post("/subscriptions", json=subscription_body("lost"))
            tasks = (await http.get("/tasks")).json()["tasks"]
    assert [t["commandType"] for t in tasks] == ["subscriptionCreateRequest"]


def test_the_command_line_serves_and_prints_its_url_and_keys() -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [
        sys.executable, "-m", "redis_cloud_async.testing", "--port", "0", "--rpm", "50",
        "--fault-drop-rate", "0", "--task-404-window", "0.5", "--log-level", "warning",
    ]  # fmt: skip
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env) as server:
        try:
            assert server.stdout is not None
            lines = [server.stdout.readline() for _ in range(3)]
            url = lines[0].split()[-1]
            assert url.startswith("http://127.0.0.1:")
            assert url.endswith("/v1")
            assert lines[1].strip() == "x-api-key: test-key"
            assert lines[2].strip() == "x-api-secret-key: test-secret"
            deadline = time.monotonic() + 10
            while True:
                try:
                    answer = httpx.get(url + "/", headers=HEADERS, timeout=2)
                    break
                except httpx.TransportError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.05)
            assert answer.status_code == 200
            assert answer.headers["x-rate-limit-remaining"] == "49"
        finally:
            server.terminate()
            server.wait(timeout=10)
