"""Fixtures for the simulator's own tests: raw HTTP against ``FakeRedisCloud``.

Every simulator made in these tests has the contract checker attached, so each answer
is also checked against the published document's schema for its operation. The plugin's
fixtures are imported here because the package is not installed in the venv (its
``pytest11`` entry point is then inactive).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
from contract import ContractChecker
from sim_helpers import http_client

from redis_cloud_async.testing import FakeRedisCloud, ObservedExchange
from redis_cloud_async.testing.pytest_plugin import (
    pytest_configure,
    redis_cloud_client,
    redis_cloud_fake,
    redis_cloud_fake_options,
)

__all__ = [
    "pytest_configure",
    "redis_cloud_client",
    "redis_cloud_fake",
    "redis_cloud_fake_options",
]


@pytest.fixture(scope="session")
def contract_checker() -> ContractChecker | None:
    return ContractChecker.load()


@pytest.fixture(autouse=True)
def _check_contract(contract_checker: ContractChecker | None) -> Iterator[None]:
    """Attach the contract checker to every simulator of the test (if the document exists)."""
    if contract_checker is None:
        yield
        return

    def observe(exchange: ObservedExchange) -> None:
        contract_checker.check_exchange(exchange)

    FakeRedisCloud.default_observers.append(observe)
    try:
        yield
    finally:
        FakeRedisCloud.default_observers.remove(observe)


@pytest.fixture
def fake() -> FakeRedisCloud:
    """At the real service's pace (speed 1): the tests run on looptime's fake clock."""
    return FakeRedisCloud(speed=1)


@pytest.fixture
async def http(fake: FakeRedisCloud) -> AsyncIterator[httpx.AsyncClient]:
    async with http_client(fake) as client:
        yield client
