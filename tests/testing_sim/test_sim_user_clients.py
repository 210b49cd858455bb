"""How users' clients meet the simulator: on its clock, with any option, and through
`mock_redis_cloud()` when application code builds its own client."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from redis_cloud_async import (
    DEFAULT_BASE_URL,
    AsyncClient,
    AuthenticationError,
    DatabaseCreateSpec,
    PollPolicy,
    RateBudget,
)
from redis_cloud_async.testing import FakeRedisCloud, Faults, client_options, mock_redis_cloud
from tests.helpers.cli import CREDENTIAL_VARS
from tests.helpers.subscriptions import new_subscription


@pytest.fixture
def no_environment(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """No credential or base-URL variable set, whatever the machine has."""
    for name in CREDENTIAL_VARS:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_client_options_scale_the_defaults_by_the_speed() -> None:
    options = client_options(speed=1000, rate_window=6.0, requests_per_minute=50)
    poll, retry, budget = options["poll"], options["retry"], options["rate_budget"]
    defaults = PollPolicy()
    assert (poll.initial, poll.maximum, poll.grace) == pytest.approx(
        (defaults.initial / 1000, defaults.maximum / 1000, defaults.grace / 1000)
    )
    assert (retry.backoff_initial, retry.backoff_max) == pytest.approx((0.5 / 1000, 30 / 1000))
    assert retry.timeout == 300  # a deadline bounds real work too: not scaled
    assert isinstance(budget, RateBudget)
    assert (budget.capacity, budget.period) == (50, 6.0)
    assert client_options(speed=1)["rate_budget"] is not client_options(speed=1)["rate_budget"]


def test_a_fake_client_is_on_the_fakes_clock() -> None:
    fake = FakeRedisCloud(speed=600, requests_per_minute=30, rate_window=2.0)
    client = fake.client()
    assert client.poll.initial == pytest.approx(1 / 600)
    assert isinstance(client.rate_budget, RateBudget)
    assert (client.rate_budget.capacity, client.rate_budget.period) == (30, 2.0)


def test_the_grace_covers_the_fakes_404_window_on_fresh_tasks() -> None:
    fake = FakeRedisCloud(faults=Faults(task_404_window=0.5))
    assert fake.client().poll.grace >= 0.5


@pytest.mark.looptime(end=60)
async def test_the_quick_start_waits_as_long_as_the_simulated_work() -> None:
    """On the real service's pace (1 s polls backing off to 15 s), waiting for a
    subscription 18000 times faster would take seconds of loop time; on the simulator's
    clock it takes about the simulated durations."""
    fake = FakeRedisCloud(speed=18000)
    work = (fake.durations.subscription_create + fake.durations.database_create) / fake.speed
    loop = asyncio.get_running_loop()
    async with fake.client() as client:
        began = loop.time()
        sub_id = await new_subscription(client)
        handle = await client.databases.create(sub_id, DatabaseCreateSpec(name="cache"))
        await client.databases.wait_until_active(sub_id, await handle.wait_for_resource_id())
        took = loop.time() - began
    assert work <= took <= 2 * work


async def test_any_client_option_wins_keys_included() -> None:
    fake = FakeRedisCloud()
    poll = PollPolicy(initial=0.5)
    assert fake.client(poll=poll).poll is poll
    assert fake.client(requests_per_minute=10).rate_budget.capacity == 10  # type: ignore[attr-defined]
    async with fake.client(api_key="wrong", api_secret="wrong") as client:
        with pytest.raises(AuthenticationError):
            await client.subscriptions.list()
    http = httpx.AsyncClient(transport=httpx.ASGITransport(app=fake.app))
    async with http, fake.client(http_client=http) as client:
        assert await client.subscriptions.list() == []


def test_the_base_url_comes_from_the_environment(no_environment: pytest.MonkeyPatch) -> None:
    keys = {"api_key": "k" * 8, "api_secret": "s" * 8}
    assert str(AsyncClient(**keys).base_url) == DEFAULT_BASE_URL
    no_environment.setenv("REDIS_CLOUD_BASE_URL", "http://127.0.0.1:8765/v1")
    assert str(AsyncClient(**keys).base_url) == "http://127.0.0.1:8765/v1"
    explicit = AsyncClient(**keys, base_url="https://example.test/v1")
    assert str(explicit.base_url) == "https://example.test/v1"


async def provision() -> int:
    """Application code: builds its own client from the environment, as in production."""
    async with AsyncClient() as client:
        return await new_subscription(client, name="app")


async def test_inside_the_mock_application_clients_reach_one_simulator(
    no_environment: pytest.MonkeyPatch,
) -> None:
    async with mock_redis_cloud(speed=9000) as fake:
        sub_id = await provision()
        assert [s.id for s in fake.sim.account.all_subscriptions()] == [sub_id]
        built = AsyncClient()
        assert built.poll.initial == pytest.approx(1 / 9000)  # on the simulator's clock
        await built.aclose()
    assert fake.stats.count() > 0
    assert fake.stats.duplicates() == {}
    with pytest.raises(Exception, match="credentials"):
        AsyncClient()  # outside: no keys anywhere, and the real service again


async def test_the_mock_takes_the_environments_keys_and_refuses_wrong_ones(
    no_environment: pytest.MonkeyPatch,
) -> None:
    no_environment.setenv("REDIS_API_KEY", "env-key-1234")
    no_environment.setenv("REDIS_API_SECRET", "env-secret-1234")
    with mock_redis_cloud() as fake:
        assert fake.api_key == "env-key-1234"
        await provision()
        async with AsyncClient("wrong-key", "wrong-secret") as client:
            with pytest.raises(AuthenticationError):
                await client.subscriptions.list()


def test_the_mock_leaves_clients_with_their_own_destination_alone(
    no_environment: pytest.MonkeyPatch,
) -> None:
    keys = {"api_key": "k" * 8, "api_secret": "s" * 8}
    with mock_redis_cloud() as fake:
        assert str(AsyncClient(**keys).base_url) == "http://localhost/v1"
        assert str(AsyncClient(**keys, base_url=DEFAULT_BASE_URL).base_url) == (
            "http://localhost/v1"
        )
        elsewhere = AsyncClient(**keys, base_url="http://127.0.0.1:9/v1")
        assert str(elsewhere.base_url) == "http://127.0.0.1:9/v1"
        no_environment.setenv("REDIS_CLOUD_BASE_URL", "http://127.0.0.1:9/v1")
        assert str(AsyncClient(**keys).base_url) == "http://localhost/v1"  # the mock wins
    assert fake.stats.count() == 0
    assert str(AsyncClient(**keys).base_url) == "http://127.0.0.1:9/v1"


def test_inside_the_mock_a_clients_own_pace_wins(no_environment: pytest.MonkeyPatch) -> None:
    """Options the application gives its client win over the mock's, as with fake.client():
    a limit of its own is a budget of that size on the simulator's window."""
    keys = {"api_key": "k" * 8, "api_secret": "s" * 8}
    with mock_redis_cloud(requests_per_minute=50, rate_window=3.0):
        own = AsyncClient(**keys, requests_per_minute=20).rate_budget
        assert isinstance(own, RateBudget)
        assert (own.capacity, own.period) == (20, 3.0)
        default = AsyncClient(**keys).rate_budget
        assert isinstance(default, RateBudget)
        assert (default.capacity, default.period) == (50, 3.0)
    outside = AsyncClient(**keys, base_url="http://127.0.0.1:9/v1").rate_budget
    assert isinstance(outside, RateBudget)
    assert outside.capacity == 400


def test_the_mock_decorates_sync_and_async_functions(no_environment: pytest.MonkeyPatch) -> None:
    seen: list[int] = []

    @mock_redis_cloud()
    def sync_test() -> None:
        seen.append(asyncio.run(provision()))

    @mock_redis_cloud()
    async def async_test() -> None:
        seen.append(await provision())

    sync_test()
    asyncio.run(async_test())
    assert len(seen) == 2  # each call had its own simulator: both made their first subscription
    assert seen[0] == seen[1]


async def test_a_given_fake_is_the_one_used_and_mocks_nest(
    no_environment: pytest.MonkeyPatch,
) -> None:
    outer, inner = FakeRedisCloud(), FakeRedisCloud()
    with mock_redis_cloud(outer):
        with mock_redis_cloud(inner):
            await provision()
        async with AsyncClient() as client:
            assert await client.subscriptions.list() == []  # the outer one again
    assert len(inner.sim.account.all_subscriptions()) == 1
    with pytest.raises(TypeError):
        mock_redis_cloud(outer, speed=2)  # type: ignore[call-overload]
