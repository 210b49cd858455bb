"""The pytest plugin in users' projects (pytester): under each async runner, with ini
settings and markers, and without the ``testing`` extra."""

from __future__ import annotations

import pytest

#: A user's test module; MARK is what its runner needs on async tests.
USER_TESTS = """
import pytest

from redis_cloud_async import (
    AsyncClient, AuthenticationError, CloudProviderSpec, RegionSpec,
    SubscriptionCreateSpec, SubscriptionDatabaseSpec,
)
from redis_cloud_async.testing import FakeRedisCloud, Faults

pytestmark = MARK
SPEC = SubscriptionCreateSpec(
    name="app",
    cloud_providers=[CloudProviderSpec(provider="AWS", regions=[RegionSpec(region="us-east-1")])],
    databases=[SubscriptionDatabaseSpec(name="db", dataset_size_in_gb=1)],
)


async def test_provisioning(redis_cloud_client: AsyncClient, redis_cloud_fake: FakeRedisCloud):
    sub_id = await (await redis_cloud_client.subscriptions.create(SPEC)).wait_for_resource_id()
    sub = await redis_cloud_client.subscriptions.wait_until_active(sub_id)
    assert sub.status == "active"
    assert redis_cloud_fake.speed == 36000  # the ini setting
    assert redis_cloud_client.poll.initial == pytest.approx(1 / 36000)


@pytest.mark.redis_cloud(
    speed=900, seed=3, faults=Faults(task_404_window=0.01),
    client=dict(api_key="wrong", api_secret="wrong"),
)
async def test_wrong_keys(redis_cloud_client: AsyncClient, redis_cloud_fake: FakeRedisCloud):
    assert (redis_cloud_fake.speed, redis_cloud_fake.seed) == (900, 3)
    with pytest.raises(AuthenticationError):
        await redis_cloud_client.subscriptions.list()


@pytest.mark.redis_cloud(speed=1000, requests_per_minute=20)
class TestMarkers:
    @pytest.mark.redis_cloud_fake(speed=2000)
    async def test_the_closest_marker_wins(self, redis_cloud_client, redis_cloud_fake):
        assert (redis_cloud_fake.speed, redis_cloud_fake.sim.limiter.limit) == (2000, 20)
        assert redis_cloud_client.rate_budget.capacity == 20
"""

_LOOP_SCOPE = "asyncio_default_fixture_loop_scope = function"
#: Runner: its ini lines, the mark of async tests, pytest's arguments (looptime, a plugin
#: of this suite's environment, needs pytest-asyncio: it goes when that goes).
RUNNERS = {
    "pytest-asyncio auto": (f"asyncio_mode = auto\n{_LOOP_SCOPE}", "[]", ()),
    "pytest-asyncio strict": (f"asyncio_mode = strict\n{_LOOP_SCOPE}", "pytest.mark.asyncio", ()),
    "anyio": ("", "pytest.mark.anyio", ("-p", "no:asyncio", "-p", "no:looptime_plugin")),
    "anyio beside strict pytest-asyncio": (
        f"asyncio_mode = strict\n{_LOOP_SCOPE}",
        "pytest.mark.anyio",
        (),
    ),
}


@pytest.mark.parametrize("runner", RUNNERS)
def test_the_fixtures_work_under_each_runner(pytester: pytest.Pytester, runner: str) -> None:
    ini, mark, args = RUNNERS[runner]
    pytester.makeini(f"[pytest]\n{ini}\nredis_cloud_speed = 36000\n")
    pytester.makepyfile(test_user=USER_TESTS.replace("MARK", mark))
    result = pytester.runpytest_inprocess(*args, "-p", "no:cacheprovider")
    result.assert_outcomes(passed=3)


def test_without_the_extra_pytest_runs_and_the_fixtures_say_what_to_install(
    pytester: pytest.Pytester,
) -> None:
    # Loaded with -p before the entry points: the simulator's dependencies are missing.
    pytester.makepyfile(
        hide_extra="import sys\nsys.modules.update(starlette=None, uvicorn=None)\n",
        test_user="def test_unrelated():\n    pass\n\n"
        "def test_simulated(redis_cloud_fake):\n    pass\n",
    )
    result = pytester.runpytest_subprocess("-p", "hide_extra", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=1, errors=1)
    assert "pip install 'redis-cloud-async[testing]'" in result.stdout.str()
    assert "Error while loading plugin" not in result.stdout.str() + result.stderr.str()
