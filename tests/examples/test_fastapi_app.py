"""The FastAPI example against the simulator, in-process and on the fake clock.

The app is built by its own `create_app` with a client factory wired to a
`FakeRedisCloud`; requests go through `httpx.ASGITransport`, inside the app's lifespan.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from types import ModuleType

import httpx
import pytest

from redis_cloud_async import AsyncClient, DatabaseCreateSpec, PollPolicy
from redis_cloud_async.bulk import sample_plan
from redis_cloud_async.testing import Durations, FakeRedisCloud

pytestmark = pytest.mark.looptime

APP_FILE = Path(__file__).resolve().parents[2] / "examples" / "fastapi_app" / "app.py"


def _load_example() -> ModuleType:
    """The example's module, loaded from its file (examples are scripts, not a package)."""
    spec = importlib.util.spec_from_file_location("fastapi_app_example", APP_FILE)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # pydantic resolves the models' annotations here
    spec.loader.exec_module(module)
    return module


example = _load_example()


@pytest.fixture
def slow() -> FakeRedisCloud:
    """A simulator whose tasks each take 2 s of loop time (resources stay fast)."""
    return FakeRedisCloud(speed=18000, seed=0, durations=Durations(task_processing=36000.0))


@asynccontextmanager
async def app_for(fake: FakeRedisCloud, poll: PollPolicy) -> AsyncIterator[httpx.AsyncClient]:
    """The example app, its lifespan running, its client wired to `fake`."""
    app = example.create_app(
        client_factory=lambda: fake.client(strict=True, poll=poll),
        settings=example.Settings(max_wait=600.0),
    )
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://app") as http:
            yield http


async def _subscription(client: AsyncClient) -> int:
    """An active subscription (with a database "main") to provision into."""
    spec = sample_plan(subscriptions=1, active_active=0, databases=1).subscriptions[0].spec
    task = await (await client.subscriptions.create(spec)).wait()
    assert task.resource_id is not None
    await client.subscriptions.wait_until_active(task.resource_id)
    return task.resource_id


def _task_reads(fake: FakeRedisCloud) -> int:
    return fake.stats.count(route="/tasks") + fake.stats.count(route="/tasks/{taskId}")


async def test_provision_answers_202_then_reports_and_waits(
    fake: FakeRedisCloud, client: AsyncClient, fast_poll: PollPolicy
) -> None:
    sub_id = await _subscription(client)
    async with app_for(fake, fast_poll) as http:
        accepted = await http.post(f"/subscriptions/{sub_id}/databases", json={"name": "cache"})
        assert accepted.status_code == 202
        task_id = accepted.json()["task_id"]
        assert accepted.json()["status_url"] == f"http://app/tasks/{task_id}"
        assert accepted.json()["wait_url"] == f"http://app/tasks/{task_id}/wait"

        before = _task_reads(fake)
        status = await http.get(f"/tasks/{task_id}")
        assert status.status_code == 200
        assert status.json()["done"] is False
        assert _task_reads(fake) == before  # read from the shared watcher's memory

        waited = await http.get(f"/tasks/{task_id}/wait", params={"timeout": 60})
        assert waited.status_code == 200
        body = waited.json()
        assert body["status"] == "processing-completed"
        assert body["done"] is True
        assert body["command_type"] == "databaseCreateRequest"
        db = await client.databases.get(sub_id, body["resource_id"])
        assert db.name == "cache"

        settled = _task_reads(fake)
        for _ in range(5):
            assert (await http.get(f"/tasks/{task_id}")).json() == body
        assert _task_reads(fake) == settled


async def test_a_task_submitted_elsewhere_is_read_once_then_followed(
    slow: FakeRedisCloud, fast_poll: PollPolicy
) -> None:
    async with slow.client(poll=fast_poll) as client:
        sub_id = await _subscription(client)
        handle = await client.databases.create(sub_id, DatabaseCreateSpec(name="other"))
    async with app_for(slow, fast_poll) as http:
        first = await http.get(f"/tasks/{handle.task_id}")
        assert first.status_code == 200
        assert first.json()["done"] is False
        waited = await http.get(f"/tasks/{handle.task_id}/wait")
        assert waited.json()["status"] == "processing-completed"
        again = await http.get(f"/tasks/{handle.task_id}")
        assert again.json() == waited.json()


async def test_client_errors_become_http_statuses(
    fake: FakeRedisCloud, client: AsyncClient, fast_poll: PollPolicy
) -> None:
    sub_id = await _subscription(client)
    async with app_for(fake, fast_poll) as http:
        bad = await http.post(f"/subscriptions/{sub_id}/databases", json={"name": "no_underscore"})
        assert bad.status_code == 422
        assert "name" in bad.json()["detail"]
        twice = await http.post(f"/subscriptions/{sub_id}/databases", json={"name": "main"})
        assert twice.status_code == 409
        nowhere = await http.post("/subscriptions/999999/databases", json={"name": "x"})
        assert nowhere.status_code == 404
        assert (await http.get("/tasks/no-such-task")).status_code == 404
        assert (await http.get("/tasks/x/wait", params={"timeout": 0})).status_code == 422


async def test_a_failed_task_is_reported_by_wait(
    fake: FakeRedisCloud, client: AsyncClient, fast_poll: PollPolicy
) -> None:
    sub_id = await _subscription(client)
    # Another client changes the subscription meanwhile: the service fails the app's task.
    await client.databases.create(sub_id, DatabaseCreateSpec(name="first"))
    async with app_for(fake, fast_poll) as http:
        accepted = await http.post(f"/subscriptions/{sub_id}/databases", json={"name": "second"})
        assert accepted.status_code == 202
        waited = await http.get(f"/tasks/{accepted.json()['task_id']}/wait")
    assert waited.status_code == 200
    assert waited.json()["status"] == "processing-error"
    assert waited.json()["error_type"] == "SUBSCRIPTION_NOT_ACTIVE"


async def test_a_wait_past_its_timeout_answers_504(
    slow: FakeRedisCloud, fast_poll: PollPolicy
) -> None:
    async with slow.client(poll=fast_poll) as client:
        sub_id = await _subscription(client)
    async with app_for(slow, fast_poll) as http:
        accepted = await http.post(f"/subscriptions/{sub_id}/databases", json={"name": "slow"})
        task_id = accepted.json()["task_id"]
        late = await http.get(f"/tasks/{task_id}/wait", params={"timeout": 0.5})
        assert late.status_code == 504
        assert task_id in late.json()["detail"]
        assert (await http.get(f"/tasks/{task_id}/wait")).json()["done"] is True


def test_settings_come_from_the_environment() -> None:
    settings = example.Settings.from_env(
        {"REDIS_CLOUD_BASE_URL": "http://127.0.0.1:8765/v1", "REDIS_CLOUD_MAX_WAIT": "5"}
    )
    assert settings == example.Settings(base_url="http://127.0.0.1:8765/v1", max_wait=5.0)
    assert example.Settings.from_env({}).base_url == "https://api.redislabs.com/v1"


async def test_the_default_client_takes_its_keys_and_url_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("REDIS_API_KEY", "env-key")
    monkeypatch.setenv("REDIS_API_SECRET", "env-secret")
    monkeypatch.setenv("REDIS_CLOUD_BASE_URL", "http://127.0.0.1:9/v1")
    app = example.create_app()
    async with app.router.lifespan_context(app):
        client = app.state.client
        assert str(client.base_url) == "http://127.0.0.1:9/v1"
        assert "env-secret" not in repr(client)
    assert client.closed
