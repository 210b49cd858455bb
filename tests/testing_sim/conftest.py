"""Fixtures for the simulator's own tests: raw HTTP against ``FakeRedisCloud``.

The plugin's fixtures (``redis_cloud_fake``, ``redis_cloud_client``) come from the
installed package's ``pytest11`` entry point, as they do for users. Every simulator of
the suite has the contract checker attached (see ``tests/conftest.py``).
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from redis_cloud_async.testing import FakeRedisCloud
from tests.helpers.simulator import http_client


@pytest.fixture
def fake() -> FakeRedisCloud:
    """At the real service's pace (speed 1): the tests run on looptime's fake clock."""
    return FakeRedisCloud(speed=1)


@pytest.fixture
async def http(fake: FakeRedisCloud) -> AsyncIterator[httpx.AsyncClient]:
    async with http_client(fake) as client:
        yield client
