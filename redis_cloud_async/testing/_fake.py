"""`FakeRedisCloud`: the public face of the simulator."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from .._redirect import ClockOptions, Redirect
from ._client_options import client_options
from .engine.clock import loop_time
from .engine.config import Durations, Faults
from .engine.ratelimit import WindowKind
from .engine.simulation import Simulation, TasksList
from .engine.stats import Stats
from .frontend.app import SimulatorApp
from .frontend.observe import Observer
from .frontend.transport import asgi_transport
from .routes import route_table
from .service.account import open_account

if TYPE_CHECKING:
    from redis_cloud_async import AsyncClient


#: The base URL of an in-process simulator (its host is never resolved).
_BASE_URL = "http://localhost/v1"


class FakeRedisCloud:
    """An in-memory Redis Cloud account behind the real API's routes, limits and faults.

    Use ``fake.app`` (an ASGI app) in-process through ``httpx.ASGITransport``, or serve it
    over loopback with ``python -m redis_cloud_async.testing``. ``fake.client()`` returns an
    `AsyncClient` wired to it. ``speed`` is how many times faster than the real service its
    `Durations` run (18000 turns 15 minutes into 50 ms); the rate limit is
    ``requests_per_minute`` per key over a ``rate_window`` of loop seconds (unscaled),
    sliding, or with ``rate_window_kind="fixed"`` reset at each window's start (nothing
    published says which the service uses; the Go SDK assumes a fixed one). ``seed``
    drives the `Faults` and the generated data. ``tasks_list`` makes ``GET /tasks`` list
    the ``"recent"`` tasks (the service's docs) or only the ``"running"`` ones (the
    published document's summary). ``unique_names=False`` accepts a create whose name is
    taken (or claimed by a queued create) instead of answering 409, as the service does
    for some names: only the client then stands between a lost answer and a duplicate.

    Observers (``fake.observers``, and ``FakeRedisCloud.default_observers`` for every
    instance) are called with an `ObservedExchange` before each answer is sent; one that
    raises fails that request, which is how a test suite can check every answer against
    the published contract.
    """

    #: Observers of every simulator (a conftest can append a contract checker here).
    default_observers: ClassVar[list[Observer]] = []

    def __init__(
        self,
        *,
        api_key: str = "test-key",
        api_secret: str = "test-secret",  # noqa: S107 - the documented test key
        speed: float = 18000.0,
        requests_per_minute: int = 400,
        seed: int = 0,
        durations: Durations | None = None,
        faults: Faults | None = None,
        rate_window: float = 60.0,
        tasks_list: TasksList = "recent",
        rate_window_kind: WindowKind = "sliding",
        unique_names: bool = True,
    ) -> None:
        self.api_key = api_key
        self.api_secret = api_secret
        self.seed = seed
        self.sim = Simulation(
            api_key=api_key,
            api_secret=api_secret,
            speed=speed,
            requests_per_minute=requests_per_minute,
            rate_window=rate_window,
            rate_window_kind=rate_window_kind,
            seed=seed,
            durations=durations or Durations(),
            faults=faults or Faults(),
            tasks_list=tasks_list,
            unique_names=unique_names,
            open_account=open_account,
        )
        self.observers: list[Observer] = []
        self.app = SimulatorApp(self.sim, route_table(), self._all_observers)

    def __repr__(self) -> str:
        return (
            f"FakeRedisCloud(speed={self.speed:g}, "
            f"requests_per_minute={self.sim.limiter.limit}, seed={self.seed})"
        )

    @property
    def stats(self) -> Stats:
        return self.sim.stats

    @property
    def speed(self) -> float:
        return self.sim.speed

    @property
    def durations(self) -> Durations:
        return self.sim.durations

    @property
    def faults(self) -> Faults:
        return self.sim.faults.faults

    def set_faults(self, faults: Faults) -> None:
        """Inject `faults` from now on (a test can turn some off between phases); the
        seeded draws go on from where they are, so a run stays reproducible."""
        self.sim.faults.faults = faults

    @property
    def rate_window(self) -> float:
        """Loop seconds of the rate limit's sliding window."""
        return self.sim.limiter.window

    def client_options(self, requests_per_minute: float | None = None) -> ClockOptions:
        """Polling, retry back-off and a rate budget on this simulator's clock (scaled by
        `speed`, the budget on `requests_per_minute`, by default the simulator's own, per
        `rate_window`), fresh each call; `fake.client()` uses them unless told otherwise."""
        return client_options(
            speed=self.speed,
            rate_window=self.rate_window,
            requests_per_minute=(
                self.sim.limiter.limit if requests_per_minute is None else requests_per_minute
            ),
            min_grace=2 * self.faults.task_404_window,
        )

    def client(self, **options: Any) -> AsyncClient:
        """An `AsyncClient` talking to this simulator in-process (no sockets), on its clock.

        `options` are any of `AsyncClient`'s, keys included (``api_key="wrong"`` tests
        the authentication path); each wins over the default it replaces: the
        simulator's keys, its in-process transport (an `http_client` replaces it too),
        and `client_options()` (a `requests_per_minute` builds a budget of that size on
        the simulator's window).
        """
        from redis_cloud_async import AsyncClient

        defaults: dict[str, Any] = {
            **self._route(),
            **self.client_options(options.get("requests_per_minute")),
        }
        if "http_client" in options:
            del defaults["transport"]
        return AsyncClient(**{**defaults, **options})

    def redirect(self) -> Redirect:
        """Where `mock_redis_cloud()` sends the clients built for the real service."""
        return Redirect(**self._route(), clock=self.client_options)

    def _route(self) -> dict[str, Any]:
        return {
            "api_key": self.api_key,
            "api_secret": self.api_secret,
            "base_url": _BASE_URL,
            "transport": asgi_transport(self.app),
        }

    def advance(self, now: float | None = None) -> None:
        """Apply everything due by ``now`` (default: the running loop's time).

        Requests do this themselves; call it before reading `stats` or after sleeping
        without making requests.
        """
        self.sim.advance(loop_time() if now is None else now)

    def stop_traffic(self, subscription_id: int, database_id: int, reason: str) -> None:
        """Make a database a stopped redirect source, so its traffic operations answer."""
        for sub in self.sim.account.all_subscriptions():
            if sub.id == subscription_id and database_id in sub.databases:
                sub.databases[database_id].traffic = {"stopReason": reason}
                return
        raise KeyError(f"no database {database_id} in subscription {subscription_id}")

    def _all_observers(self) -> list[Observer]:
        return [*type(self).default_observers, *self.observers]
