"""pytest fixtures for testing code against the simulator (registered as a ``pytest11``
entry point, so they exist wherever redis-cloud-async is installed).

- ``redis_cloud_fake``: a fresh `FakeRedisCloud` per test. Options come from the
  ``@pytest.mark.redis_cloud_fake(speed=..., faults=...)`` marker (the closest marker
  wins per option), or from overriding the ``redis_cloud_fake_options`` fixture.
- ``redis_cloud_client``: an `AsyncClient` wired to that simulator, opened and closed
  around the test.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import TYPE_CHECKING, Any, TypeVar, cast

import pytest

from ._fake import FakeRedisCloud

if TYPE_CHECKING:
    from redis_cloud_async import AsyncClient

F = TypeVar("F", bound=Callable[..., Any])


def _async_fixture(function: F) -> F:
    """pytest-asyncio's decorator when present (strict mode needs it), else pytest's."""
    try:
        import pytest_asyncio
    except ImportError:  # pragma: no cover - anyio or another runner
        return cast(F, pytest.fixture(function))
    return cast(F, pytest_asyncio.fixture(function))


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "redis_cloud_fake(**options): FakeRedisCloud options for redis_cloud_fake"
    )


@pytest.fixture
def redis_cloud_fake_options(request: pytest.FixtureRequest) -> dict[str, Any]:
    """Keyword arguments for `FakeRedisCloud`, from the ``redis_cloud_fake`` markers."""
    options: dict[str, Any] = {}
    for marker in reversed(list(request.node.iter_markers("redis_cloud_fake"))):
        options.update(marker.kwargs)
    return options


@pytest.fixture
def redis_cloud_fake(redis_cloud_fake_options: dict[str, Any]) -> FakeRedisCloud:
    """A fresh simulated Redis Cloud account."""
    return FakeRedisCloud(**redis_cloud_fake_options)


@_async_fixture
async def redis_cloud_client(redis_cloud_fake: FakeRedisCloud) -> AsyncIterator[AsyncClient]:
    """An `AsyncClient` talking to ``redis_cloud_fake`` in-process."""
    async with redis_cloud_fake.client() as client:
        yield client
