"""pytest fixtures for testing code against the simulator (registered as a ``pytest11``
entry point, so they exist wherever redis-cloud-async is installed).

- ``redis_cloud_fake``: a fresh `FakeRedisCloud` per test.
- ``redis_cloud_client``: an `AsyncClient` wired to it in-process, on its clock (see
  `FakeRedisCloud.client`), opened and closed around the test. An async fixture: it
  runs under pytest-asyncio (strict or auto mode) and under anyio's pytest plugin
  (``@pytest.mark.anyio``, backend ``asyncio``).

Options, the closest winning per option: ini settings for the whole suite
(``redis_cloud_speed``, ``redis_cloud_seed``, ``redis_cloud_requests_per_minute``,
``redis_cloud_rate_window``), then markers on the module, class and test:
``@pytest.mark.redis_cloud(speed=..., seed=..., faults=Faults(...), durations=...,
requests_per_minute=..., client=dict(...))`` (``client``: `AsyncClient` options; the
others: `FakeRedisCloud`'s, as is the older ``@pytest.mark.redis_cloud_fake(...)``), and
fixtures a test module can override: ``redis_cloud_fake_options`` and
``redis_cloud_client_options``.

This module imports nothing optional: without the ``testing`` extra, pytest runs as
usual and only these fixtures fail, saying what to install.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from redis_cloud_async import AsyncClient

    from ._fake import FakeRedisCloud

#: Ini settings: name -> (the `FakeRedisCloud` keyword, its type, help).
_INI: dict[str, tuple[str, Callable[[str], Any], str]] = {
    "redis_cloud_speed": ("speed", float, "how many times faster than the service"),
    "redis_cloud_seed": ("seed", int, "seed of the faults and the generated data"),
    "redis_cloud_requests_per_minute": ("requests_per_minute", int, "rate limit per key"),
    "redis_cloud_rate_window": ("rate_window", float, "the rate limit's window, loop seconds"),
}
_MARKERS = ("redis_cloud", "redis_cloud_fake")
_CLIENT = "client"


def pytest_addoption(parser: pytest.Parser) -> None:
    for name, (_, _, text) in _INI.items():
        parser.addini(name, f"redis_cloud_fake: {text} (default: the simulator's)")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "redis_cloud(speed=, seed=, faults=, durations=, requests_per_minute=, client={}): "
        "options of the redis_cloud_fake simulator and (client=) of redis_cloud_client",
    )
    config.addinivalue_line(
        "markers", "redis_cloud_fake(**options): FakeRedisCloud options for redis_cloud_fake"
    )


def _marked(request: pytest.FixtureRequest) -> list[dict[str, Any]]:
    """The keyword arguments of the plugin's markers, farthest first."""
    found = [m for m in request.node.iter_markers() if m.name in _MARKERS]
    for marker in found:
        if marker.args:
            raise pytest.UsageError(f"@pytest.mark.{marker.name} takes keyword arguments only")
    return [dict(marker.kwargs) for marker in reversed(found)]


@pytest.fixture
def redis_cloud_fake_options(request: pytest.FixtureRequest) -> dict[str, Any]:
    """Keyword arguments for `FakeRedisCloud`: the ini settings, then the markers."""
    options: dict[str, Any] = {}
    for name, (keyword, kind, _) in _INI.items():
        text = request.config.getini(name)
        if text:
            try:
                options[keyword] = kind(str(text).strip())
            except ValueError:
                raise pytest.UsageError(f"ini setting {name}: not a number: {text!r}") from None
    for marked in _marked(request):
        marked.pop(_CLIENT, None)
        options.update(marked)
    return options


@pytest.fixture
def redis_cloud_client_options(request: pytest.FixtureRequest) -> dict[str, Any]:
    """Keyword arguments for ``redis_cloud_fake.client()``: the markers' ``client=``."""
    options: dict[str, Any] = {}
    for marked in _marked(request):
        options.update(marked.get(_CLIENT) or {})
    return options


@pytest.fixture
def redis_cloud_fake(redis_cloud_fake_options: dict[str, Any]) -> FakeRedisCloud:
    """A fresh simulated Redis Cloud account."""
    try:
        from . import FakeRedisCloud
    except ImportError as missing:
        pytest.fail(str(missing), pytrace=False)
    return FakeRedisCloud(**redis_cloud_fake_options)


@pytest.fixture
def redis_cloud_client(request: pytest.FixtureRequest) -> AsyncClient:
    """An `AsyncClient` talking to ``redis_cloud_fake`` in-process, on its clock.

    Opened in the test's event loop by whichever runner the test uses.
    """
    if "anyio_backend" in request.fixturenames:
        return request.getfixturevalue("_redis_cloud_client_anyio")  # type: ignore[no-any-return]
    if _asyncio_fixture is not None:
        return request.getfixturevalue("_redis_cloud_client_asyncio")  # type: ignore[no-any-return]
    pytest.fail(
        "redis_cloud_client is an async fixture: install pytest-asyncio, or run the test "
        "under anyio's plugin (@pytest.mark.anyio)",
        pytrace=False,
    )


def _opened_client() -> Callable[..., AsyncIterator[AsyncClient]]:
    """A new async fixture function each call: each runner marks its own."""

    async def opened(
        redis_cloud_fake: FakeRedisCloud, redis_cloud_client_options: dict[str, Any]
    ) -> AsyncIterator[AsyncClient]:
        async with redis_cloud_fake.client(**redis_cloud_client_options) as client:
            yield client

    return opened


def _pytest_asyncio_fixture() -> Callable[..., Any] | None:
    """pytest-asyncio's fixture decorator, when it is installed (strict mode needs it)."""
    try:
        import pytest_asyncio
    except ImportError:
        return None
    return pytest_asyncio.fixture(name="_redis_cloud_client_asyncio")(_opened_client())


_redis_cloud_client_anyio = pytest.fixture(name="_redis_cloud_client_anyio")(_opened_client())
_asyncio_fixture = _pytest_asyncio_fixture()
