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
"""

from __future__ import annotations

from ._fake import FakeRedisCloud
from ._server import serve_in_thread
from .engine.config import Durations, Faults
from .engine.stats import Stats
from .frontend.observe import ObservedExchange, Observer
from .frontend.transport import SimulatedDisconnect

__all__ = [
    "Durations",
    "FakeRedisCloud",
    "Faults",
    "ObservedExchange",
    "Observer",
    "SimulatedDisconnect",
    "Stats",
    "serve_in_thread",
]
