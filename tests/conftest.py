"""Fixtures shared by the whole suite.

Integration tests run against the embedded simulator in-process, with the strict
converter (a model that drops a field the simulator sends fails the test) and a poll
policy scaled to the simulator's speed.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from redis_cloud_async import AsyncClient, PollPolicy
from redis_cloud_async.testing import FakeRedisCloud

#: Polling for a simulator running 18000x faster than the service.
FAST_POLL = PollPolicy(initial=0.01, factor=1.5, maximum=0.1, grace=5.0)


@pytest.fixture
def fast_poll() -> PollPolicy:
    """The poll policy of `client`, for tests that build their own client."""
    return FAST_POLL


@pytest.fixture
def fake() -> FakeRedisCloud:
    """A fresh simulated account: 15 minutes of provisioning take 50 ms."""
    return FakeRedisCloud(speed=18000, seed=0)


@pytest.fixture
async def client(fake: FakeRedisCloud) -> AsyncIterator[AsyncClient]:
    """A strict client wired to `fake` in-process."""
    async with fake.client(strict=True, poll=FAST_POLL) as c:
        yield c
