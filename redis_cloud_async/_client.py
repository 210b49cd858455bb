"""`AsyncClient`: one connection pool, one rate budget, one watcher, every namespace."""

from __future__ import annotations

import math
import os
from collections.abc import Callable
from typing import Self

from ._auth import ApiKeyAuth, check_transport_security, resolve_credentials
from ._body import ACCEPT_ENCODING
from ._budget import RateBudget, RateBudgetProtocol
from ._closing import AsyncClosing
from ._converter import make_converter
from ._core import Core, RequestStats
from ._errors import ClientClosedError, ConfigurationError
from ._http import httpx
from ._permits import SubscriptionLanes, WriteGate
from ._polling import PollPolicy
from ._readiness import DEFAULT_READY_TIMEOUT, ReadinessWatcher
from ._redirect import active_redirect
from ._retry import RetryEvent, RetryPolicy
from ._watcher import DEFAULT_TASK_TIMEOUT, TaskWatcher
from ._writes import WriteCoordinator
from .resources._base import ClientContext
from .resources.account import Account
from .resources.acl import Acl
from .resources.active_active import ActiveActive
from .resources.cloud_accounts import CloudAccounts
from .resources.connectivity import Connectivity
from .resources.cost_reports import CostReports
from .resources.databases import Databases
from .resources.essentials import Essentials
from .resources.subscriptions import Subscriptions
from .resources.tasks import Tasks
from .resources.users import AccountUsers

__all__ = ["BASE_URL_ENV", "DEFAULT_BASE_URL", "AsyncClient"]

DEFAULT_BASE_URL = "https://api.redislabs.com/v1"
#: Where a client built without `base_url` takes it from, before `DEFAULT_BASE_URL`.
BASE_URL_ENV = "REDIS_CLOUD_BASE_URL"
_USER_AGENT = "redis-cloud-async/0.1"


class AsyncClient(AsyncClosing):
    """An asyncio client for the Redis Cloud REST API.

    Use it as an async context manager (or call `aclose()`)::

        async with AsyncClient() as client:          # keys from REDIS_API_KEY/REDIS_API_SECRET
            handle = await client.subscriptions.create(spec)
            task = await handle.wait()
            sub = await client.subscriptions.wait_until_active(task.resource_id)

    Every coroutine of a client shares its connection pool, its rate budget (400
    requests/min by default; pass the same `RateBudget` to several clients to share it,
    or a `RedisRateBudget` to share it across processes),
    its gate on writes in flight, its per-subscription lanes and its task watcher.

    Every wait has a deadline. `task_timeout` (an hour) bounds each wait for a task that
    is given no timeout (`handle.wait()`, `tasks.wait()`, `tasks.as_completed()`) and how
    long a write holds its permit and its subscription's lane: a task that never ends
    releases them then, and its waits raise `TaskTimeoutError`. `ready_timeout` (an
    hour) bounds each wait for a subscription or database to become active or gone.

    `base_url` defaults to ``$REDIS_CLOUD_BASE_URL``, else the real API. Inside
    `redis_cloud_async.testing.mock_redis_cloud()`, a client built without a base URL (or
    with `DEFAULT_BASE_URL`) and without a transport talks to the mock's simulator.
    """

    def __init__(
        self,
        api_key: str | None = None,
        api_secret: str | None = None,
        *,
        base_url: str | None = None,
        timeout: float | httpx.Timeout = 30.0,
        limits: httpx.Limits | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        http_client: httpx.AsyncClient | None = None,
        rate_budget: RateBudgetProtocol | None = None,
        requests_per_minute: float | None = None,
        max_writes_in_flight: int = 32,
        retry: RetryPolicy | None = None,
        poll: PollPolicy | None = None,
        task_timeout: float = DEFAULT_TASK_TIMEOUT,
        ready_timeout: float = DEFAULT_READY_TIMEOUT,
        strict: bool = False,
    ) -> None:
        #: Seconds a wait for a task, or a write's permits, last at most by default.
        self.task_timeout = _seconds("task_timeout", task_timeout)
        #: Seconds a wait for a resource to be active (or gone) lasts at most by default.
        self.ready_timeout = _seconds("ready_timeout", ready_timeout)
        redirect = None
        if transport is None and http_client is None and base_url in (None, DEFAULT_BASE_URL):
            redirect = active_redirect()
        if redirect is not None:
            base_url, transport = redirect.base_url, redirect.transport
            if api_key is None and api_secret is None and not _credentials_in_environment():
                api_key, api_secret = redirect.api_key, redirect.api_secret
            clock = redirect.clock(requests_per_minute)
            poll, retry = poll or clock["poll"], retry or clock["retry"]
            rate_budget = rate_budget or clock["rate_budget"]
        self._credentials = resolve_credentials(api_key, api_secret)
        url = _url(base_url or os.environ.get(BASE_URL_ENV) or DEFAULT_BASE_URL)
        check_transport_security(url)
        if http_client is not None and transport is not None:
            raise ConfigurationError("pass either transport or http_client, not both")
        self.base_url = url
        auth = ApiKeyAuth(self._credentials, url)
        self._owns_http = http_client is None
        self._http = http_client or httpx.AsyncClient(
            transport=transport,
            timeout=timeout,
            limits=limits or httpx.Limits(max_connections=20, max_keepalive_connections=20),
            follow_redirects=False,
            headers={
                "user-agent": _USER_AGENT,
                "accept": "application/json",
                "accept-encoding": ACCEPT_ENCODING,  # what the client inflates with a cap
            },
            # Plain http goes to loopback only: never through a proxy of the environment
            # (HTTP_PROXY...), which would carry the keys in clear text. https keeps them.
            trust_env=url.scheme != "http",
        )
        self.rate_budget: RateBudgetProtocol = rate_budget or (
            RateBudget() if requests_per_minute is None else RateBudget(requests_per_minute)
        )
        self._retry_listeners: list[Callable[[RetryEvent], object]] = []
        self._core = Core(
            http=self._http,
            base_url=url,
            auth=auth,
            budget=self.rate_budget,
            retry=retry or RetryPolicy(),
            on_retry=self._notify_retry,
        )
        self.converter = make_converter(strict=strict)
        #: How every shared wait polls; its `grace` is how long a fresh id may answer 404.
        self.poll = poll or PollPolicy()
        self._watcher = TaskWatcher(
            self._core, self.converter, self.poll, deadline=self.task_timeout
        )
        self._readiness = ReadinessWatcher(self._core, self.poll, deadline=self.ready_timeout)
        self.write_gate = WriteGate(max_writes_in_flight)
        self.lanes = SubscriptionLanes()
        writes = WriteCoordinator(
            core=self._core,
            converter=self.converter,
            watcher=self._watcher,
            readiness=self._readiness,
            gate=self.write_gate,
            lanes=self.lanes,
        )
        context = ClientContext(
            core=self._core,
            converter=self.converter,
            watcher=self._watcher,
            readiness=self._readiness,
            writes=writes,
            task_timeout=self.task_timeout,
        )
        self._context = context
        self.subscriptions = Subscriptions(context)
        self.databases = Databases(context)
        self.tasks = Tasks(context)
        self.active_active = ActiveActive(context)
        self.essentials = Essentials(context)
        self.connectivity = Connectivity(context)
        self.acl = Acl(context)
        self.cloud_accounts = CloudAccounts(context)
        self.users = AccountUsers(context)
        self.account = Account(context)
        self.cost_reports = CostReports(context)
        self._closed = False

    # -- lifecycle -----------------------------------------------------------------------
    async def __aenter__(self) -> Self:
        if self._closed:
            raise ClientClosedError("the client is closed and cannot be reopened")
        return self

    async def aclose(self) -> None:
        """End every wait (with `ClientClosedError`) and close the pool. Idempotent."""
        if self._closed:
            return
        self._closed = True
        await self._core.aclose()
        await self._watcher.aclose()
        await self._readiness.aclose()
        if self._owns_http:
            await self._http.aclose()

    @property
    def closed(self) -> bool:
        return self._closed

    # -- introspection -------------------------------------------------------------------
    @property
    def stats(self) -> RequestStats:
        """Requests sent, by status; transport errors; 429s received; retries."""
        return self._core.stats

    def on_retry(self, listener: Callable[[RetryEvent], object]) -> Callable[[], None]:
        """Call `listener(event)` for every retry the client schedules (progress, metrics).

        Returns a function that removes the listener again.
        """
        self._retry_listeners.append(listener)

        def remove() -> None:
            if listener in self._retry_listeners:
                self._retry_listeners.remove(listener)

        return remove

    def _notify_retry(self, event: RetryEvent) -> None:
        for listener in self._retry_listeners:
            listener(event)

    def __repr__(self) -> str:
        state = "closed" if self._closed else "open"
        return f"<AsyncClient {self.base_url} {state}>"


def _seconds(name: str, value: object) -> float:
    """A deadline: a positive, finite number of seconds (every wait has a bound)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ConfigurationError(f"{name} must be a number of seconds, got {type(value).__name__}")
    if not math.isfinite(value) or value <= 0:
        raise ConfigurationError(f"{name} must be a positive, finite number of seconds")
    return float(value)


def _url(text: str) -> httpx.URL:
    try:
        return httpx.URL(text)
    except httpx.InvalidURL as error:
        raise ConfigurationError(f"base_url is not a URL: {error}") from None


def _credentials_in_environment() -> bool:
    try:
        resolve_credentials(None, None)
    except ConfigurationError:
        return False
    return True
