"""An embedded simulator of the Redis Cloud REST API, like moto for AWS.

``FakeRedisCloud`` keeps an account in memory behind the real API's routes (base path
``/v1``), shapes, status codes and limits: 401 for wrong keys, 400 requests per minute
per key with ``X-Rate-Limit-Remaining`` and 429 + ``x-rate-limit-retry-after-seconds``,
tasks processed one at a time, resources going ``pending`` -> ``active``, at most three
subscriptions changing at once, 409 on duplicate names, pages that 404 past the end.
Its durations run ``speed`` times faster than the real service, on the event loop's
clock (so ``looptime`` works), and seeded `Faults` break things on purpose.

In-process::

    fake = FakeRedisCloud(speed=18000, faults=Faults(lost_response_rate=0.05))
    async with fake.client() as client:
        ...
    # or raw: httpx.AsyncClient(transport=httpx.ASGITransport(app=fake.app), ...)

Over loopback (uvicorn), from the command line::

    python -m redis_cloud_async.testing --host 127.0.0.1 --port 8765 --speed 18000 \\
        --rpm 400 --seed 0 --fault-5xx-rate 0.01 --fault-drop-rate 0.01 \\
        --fault-lost-response-rate 0.01 --task-404-window 1.0

prints the base URL and the keys to use; ``--help`` lists every option. From Python,
``with serve_in_thread(fake) as base_url:`` serves one over loopback (port 0: a free one)
until the block ends. In pytest, the plugin ``redis_cloud_async.testing.pytest_plugin``
gives the fixtures ``redis_cloud_fake`` and ``redis_cloud_client``.

``mock_redis_cloud()`` routes every `AsyncClient` built for the real service to one
in-process simulator, as moto's ``mock_aws()`` does; `client_options` puts a client on a
simulator's clock.

The simulator needs the ``testing`` extra (starlette; uvicorn to serve it): this package
imports without it (the pytest plugin does), and says what to install when a name that
needs it is first used.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .._redirect import ClockOptions
from ._client_options import client_options
from .engine.config import Durations, Faults
from .engine.stats import Stats
from .frontend.observe import ObservedExchange, Observer
from .frontend.transport import SimulatedDisconnect

if TYPE_CHECKING:
    from ._fake import FakeRedisCloud
    from ._mock import MockRedisCloud, mock_redis_cloud
    from ._server import serve_in_thread

__all__ = [
    "ClockOptions",
    "Durations",
    "FakeRedisCloud",
    "Faults",
    "MockRedisCloud",
    "ObservedExchange",
    "Observer",
    "SimulatedDisconnect",
    "Stats",
    "client_options",
    "mock_redis_cloud",
    "serve_in_thread",
]

#: The names that need the extra, and the module of each.
_NEEDS_EXTRA = {
    "FakeRedisCloud": "._fake",
    "MockRedisCloud": "._mock",
    "mock_redis_cloud": "._mock",
    "serve_in_thread": "._server",
}
INSTALL_HINT = "pip install 'redis-cloud-async[testing]'"


def __getattr__(name: str) -> Any:
    if name not in _NEEDS_EXTRA:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    try:
        module = importlib.import_module(_NEEDS_EXTRA[name], __name__)
    except ImportError as missing:
        raise ImportError(
            f"redis_cloud_async.testing.{name} needs the simulator's dependencies "
            f"({missing}): {INSTALL_HINT}"
        ) from missing
    return getattr(module, name)
