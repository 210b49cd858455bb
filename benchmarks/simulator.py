"""Where a contender meets the simulator: in-process (ASGI) or over loopback (uvicorn).

Both give an `Endpoint` (a base URL, and the in-process transport when there is one)
and, once the contender is done, a `ServerView`: what the simulated service saw, counted
on its side, so that every contender is measured by the same ruler. The loopback
simulator runs in a subprocess (`python -m benchmarks.serve`), so that the contender's
process holds only the contender.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
from collections import Counter
from collections.abc import Callable, Coroutine, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import attrs
import httpx

from benchmarks.measure import Stopwatch
from benchmarks.wire import API_KEY, API_SECRET, ROOT, ServerView, module_command, module_env
from redis_cloud_async import AsyncClient
from redis_cloud_async.testing import ClockOptions, Durations, FakeRedisCloud, client_options
from redis_cloud_async.testing.engine.ratelimit import WindowKind

__all__ = [
    "API_KEY",
    "API_SECRET",
    "Endpoint",
    "ServerView",
    "SimulatorSettings",
    "in_process",
    "loopback",
    "raw_client",
    "run_against",
    "summarize",
]

_STOP_TIMEOUT = 30.0
T = TypeVar("T")


@attrs.frozen(kw_only=True)
class SimulatorSettings:
    """How the simulated service is set up: its time scale and limits.

    A faithful time-scaled replica: durations run `speed` times faster and the rate
    window shrinks with them (`60 / speed` seconds), so every ratio between waiting,
    polling and the rate limit is the real service's.
    """

    speed: float
    requests_per_minute: int = 400
    seed: int = 0
    durations: Durations = attrs.field(factory=Durations)
    #: The service's rate window slides, or resets each minute (nothing published says).
    rate_window_kind: WindowKind = "sliding"

    @property
    def rate_window(self) -> float:
        return 60.0 / self.speed

    def fake(self) -> FakeRedisCloud:
        return FakeRedisCloud(
            api_key=API_KEY,
            api_secret=API_SECRET,
            speed=self.speed,
            requests_per_minute=self.requests_per_minute,
            rate_window=self.rate_window,
            rate_window_kind=self.rate_window_kind,
            seed=self.seed,
            durations=self.durations,
        )

    def client_options(self) -> ClockOptions:
        """The library's defaults on this clock (`redis_cloud_async.testing.client_options`):
        polling, retry back-off and the rate budget (its window and margin) all scaled."""
        return client_options(
            speed=self.speed,
            rate_window=self.rate_window,
            requests_per_minute=self.requests_per_minute,
        )

    def arguments(self) -> list[str]:
        """The command line of `benchmarks.serve` for these settings."""
        return [
            f"--speed={self.speed!r}",
            f"--rpm={self.requests_per_minute}",
            f"--seed={self.seed}",
            f"--durations={json.dumps(attrs.asdict(self.durations))}",
            f"--rate-window-kind={self.rate_window_kind}",
        ]


@attrs.frozen
class Endpoint:
    """A base URL, and the in-process transport to reach it (None: the network)."""

    base_url: str
    transport: httpx.AsyncBaseTransport | None = None

    def client(self, **kwargs: Any) -> AsyncClient:
        """The library's client for this endpoint."""
        return AsyncClient(
            API_KEY, API_SECRET, base_url=self.base_url, transport=self.transport, **kwargs
        )


def raw_client(endpoint: Endpoint, **kwargs: Any) -> httpx.AsyncClient:
    """A plain httpx client with the key headers: what the baselines speak."""
    return httpx.AsyncClient(
        base_url=endpoint.base_url,
        transport=endpoint.transport,
        headers={"x-api-key": API_KEY, "x-api-secret-key": API_SECRET},
        **kwargs,
    )


def in_process(fake: FakeRedisCloud) -> Endpoint:
    return Endpoint("http://localhost/v1", httpx.ASGITransport(app=fake.app))


def summarize(fake: FakeRedisCloud) -> ServerView:
    """The view of an in-process simulator (call within its event loop)."""
    fake.advance()
    subscriptions = {
        sub.name: {
            "status": sub.effective_status(),
            "databases": {db.name: db.status for db in sub.databases.values()},
        }
        for sub in fake.sim.account.subscriptions.values()
    }
    return ServerView(
        requests=Counter(fake.stats.requests),
        subscriptions=subscriptions,
        duplicates=len(fake.stats.duplicates()),
    )


class LoopbackSimulator:
    """A simulator served by uvicorn in a subprocess; `view()` ends it and reads its stats."""

    def __init__(self, process: subprocess.Popen[str], base_url: str) -> None:
        self._process = process
        self.endpoint = Endpoint(base_url)
        self._view: ServerView | None = None

    def view(self) -> ServerView:
        """Stop the server (it stops when its stdin closes) and return what it saw."""
        if self._view is None:
            out, _ = self._process.communicate(timeout=_STOP_TIMEOUT)
            lines = [line for line in out.splitlines() if line.startswith("STATS ")]
            if not lines:
                raise RuntimeError("the simulator subprocess ended without its stats")
            self._view = ServerView.from_json(json.loads(lines[-1][len("STATS ") :]))
        return self._view

    def close(self) -> None:
        if self._process.poll() is None:
            try:
                self.view()
            except (RuntimeError, subprocess.TimeoutExpired):
                self._process.kill()
                self._process.wait()


@contextmanager
def loopback(settings: SimulatorSettings) -> Iterator[LoopbackSimulator]:
    """Serve a simulator with these settings on 127.0.0.1 from a subprocess."""
    process = subprocess.Popen(
        module_command("benchmarks.serve", *settings.arguments()),
        cwd=ROOT,
        env=module_env(),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    if not line.startswith("READY "):
        process.kill()
        process.wait()
        raise RuntimeError(f"the simulator subprocess did not start: {line!r}")
    simulator = LoopbackSimulator(process, line.split()[1])
    try:
        yield simulator
    finally:
        simulator.close()


def run_against(
    settings: SimulatorSettings, transport: str, work: Callable[[Endpoint], Coroutine[Any, Any, T]]
) -> tuple[T, ServerView, Stopwatch]:
    """Run `work` against a fresh simulator, in-process or over loopback, in a fresh
    event loop: what it returned, what the simulator saw, and how long it took."""
    watch = Stopwatch()
    if transport == "in-process":

        async def in_loop() -> tuple[T, ServerView]:
            fake = settings.fake()
            with watch:
                result = await work(in_process(fake))
            return result, summarize(fake)

        result, view = asyncio.run(in_loop())
        return result, view, watch
    with loopback(settings) as server:
        with watch:
            result = asyncio.run(work(server.endpoint))
        return result, server.view(), watch
