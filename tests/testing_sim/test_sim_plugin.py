"""The pytest plugin's fixtures (imported by this directory's conftest)."""

from __future__ import annotations

from typing import Any

import pytest

from redis_cloud_async.testing import FakeRedisCloud, Faults


def test_the_fake_fixture_has_the_default_options(redis_cloud_fake: FakeRedisCloud) -> None:
    assert redis_cloud_fake.speed == 18000
    assert redis_cloud_fake.faults == Faults()


@pytest.mark.redis_cloud_fake(speed=60, seed=4, requests_per_minute=10)
def test_a_marker_sets_options(redis_cloud_fake: FakeRedisCloud) -> None:
    assert (redis_cloud_fake.speed, redis_cloud_fake.seed) == (60, 4)
    assert redis_cloud_fake.sim.limiter.limit == 10


class TestOverridingTheOptionsFixture:
    @pytest.fixture
    def redis_cloud_fake_options(self) -> dict[str, Any]:
        return {"api_key": "key-1", "api_secret": "s3cr3t-value"}

    def test_it(self, redis_cloud_fake: FakeRedisCloud) -> None:
        assert redis_cloud_fake.api_key == "key-1"
        assert "s3cr3t" not in repr(redis_cloud_fake)
        assert "key-1" not in repr(redis_cloud_fake)


async def test_the_client_fixture_talks_to_the_fake(
    redis_cloud_fake: FakeRedisCloud, redis_cloud_client: Any
) -> None:
    from redis_cloud_async import AsyncClient

    assert isinstance(redis_cloud_client, AsyncClient)
