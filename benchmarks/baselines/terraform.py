"""(b) Terraform and its provider, on the official Go SDK, as their sources do it.

The Go SDK (RedisLabs/rediscloud-go-api):
- every request first waits on a fixed-window limiter: 400 requests per window of a
  minute, the window opening at the first request; the count is re-synced from
  `X-Rate-Limit-Remaining`;
- a 429 is retried up to 10 attempts, 1 s doubling up to 60 s (+ up to 100 ms jitter);
- `WaitForTaskToComplete` polls each task in its own loop, 1 s doubling up to 30 s.

The provider (RedisLabs/terraform-provider-rediscloud), with Terraform's default
parallelism of 10 resources at a time:
- a subscription: create (SDK), then wait 10 s and read its status every 30 s until
  `active`; a database: take its subscription's lock, create, wait for the database and
  then the subscription to be `active` again (10 s, then every 30 s), release the lock;
  every created resource is read back once;
- a resource that fails fails the apply and its dependents are not attempted; the
  operator then runs `terraform apply` again (each apply first reads every resource in
  its state) until nothing fails.

In its favour, the provider's placeholder databases (`creation_plan`, created with the
subscription and deleted after it is active) are not modelled.
"""

from __future__ import annotations

import asyncio
import functools
import random
from collections import defaultdict
from collections.abc import Awaitable, Callable
from typing import Any

import attrs
import httpx

from redis_cloud_async.bulk import Plan, ProSubscriptionPlan
from redis_cloud_async.models.databases import DatabaseCreateSpec

from ._api import RawApi, TaskFailed, body_of

__all__ = ["Outcome", "provision"]

PARALLELISM = 10
MAX_APPLIES = 30
_WINDOW_LIMIT = 400
_WINDOW_SECONDS = 60.0
_ATTEMPTS_ON_429 = 10
_WAIT_DELAY = 10.0
_WAIT_POLL = 30.0


class _Failed(Exception):
    pass


class FixedWindow:
    """The SDK's `fixedWindowCountRateLimiter`, step for step."""

    def __init__(self, limit: int, period: float) -> None:
        self._limit = limit
        self._period = period
        self._start: float | None = None
        self._count = 0

    async def wait(self) -> None:
        loop = asyncio.get_running_loop()
        now = loop.time()
        if self._start is None:
            self._start = now
        end = self._start + self._period
        if now > end:
            self._count, self._start = 0, end
            end = self._start + self._period
        if self._count >= self._limit:
            await asyncio.sleep(end - now)
            end = self._start + self._period
            if loop.time() > end:
                self._count, self._start = 0, end
        self._count += 1

    def update(self, remaining: int) -> None:
        self._count = self._limit - remaining


@attrs.define
class GoSdk:
    """The Go SDK's HTTP layer and its task wait."""

    api: RawApi
    limiter: FixedWindow
    rng: random.Random

    def _delay(self, attempt: int, maximum: float) -> float:
        """retry-go's default: back-off doubling from 1 s, capped, plus up to 100 ms."""
        backoff: float = min(2.0**attempt, maximum)
        return backoff + self.rng.uniform(0.0, 0.1)

    async def request(self, method: str, path: str, body: Any = None) -> Any:
        for attempt in range(_ATTEMPTS_ON_429):
            await self.limiter.wait()
            response = await self.api.send(method, path, body)
            self._resync(response)
            if response.status_code == 429 and attempt < _ATTEMPTS_ON_429 - 1:
                await self.api.scale.sleep(self._delay(attempt, 60.0))
                continue
            if response.status_code >= 300:
                raise _Failed(f"{method} {path}: {response.status_code}")
            return response.json()
        raise AssertionError("unreachable")

    async def create(self, path: str, body: Any) -> int:
        """POST, then `WaitForTaskToComplete`: the new resource's id."""
        answer = await self.request("POST", path, body)
        attempt = 0
        while True:
            task = await self.request("GET", f"/tasks/{answer['taskId']}")
            if task["status"] == "processing-completed":
                return int(task["response"]["resourceId"])
            if task["status"] == "processing-error":
                raise TaskFailed(task)
            await self.api.scale.sleep(self._delay(attempt, 30.0))
            attempt += 1

    def _resync(self, response: httpx.Response) -> None:
        remaining = response.headers.get("x-rate-limit-remaining")
        if remaining is not None and remaining.isdigit():
            self.limiter.update(int(remaining))


@attrs.frozen
class Outcome:
    """How the operator got there: applies run and resources that failed in them."""

    applies: int
    failures: int


class _Provider:
    """The provider's resources over one SDK client; `state` is Terraform's."""

    def __init__(self, sdk: GoSdk) -> None:
        self.sdk = sdk
        self.subscriptions: dict[str, int] = {}
        self.databases: dict[tuple[str, str], int] = {}
        self._locks: defaultdict[int, asyncio.Lock] = defaultdict(asyncio.Lock)

    async def _wait_active(self, path: str) -> None:
        await self.sdk.api.scale.sleep(_WAIT_DELAY)
        while (await self.sdk.request("GET", path)).get("status") != "active":
            await self.sdk.api.scale.sleep(_WAIT_POLL)

    async def create_subscription(self, plan: ProSubscriptionPlan) -> None:
        sub_id = await self.sdk.create("/subscriptions", body_of(plan.spec))
        self.subscriptions[plan.name] = sub_id
        await self._wait_active(f"/subscriptions/{sub_id}")
        await self.sdk.request("GET", f"/subscriptions/{sub_id}")  # read back

    async def create_database(self, sub: str, spec: DatabaseCreateSpec) -> None:
        sub_id = self.subscriptions[sub]
        async with self._locks[sub_id]:
            path = f"/subscriptions/{sub_id}/databases"
            db_id = await self.sdk.create(path, body_of(spec))
            self.databases[(sub, spec.name)] = db_id
            await self._wait_active(f"{path}/{db_id}")
            await self._wait_active(f"/subscriptions/{sub_id}")
        await self.sdk.request("GET", f"{path}/{db_id}")  # read back

    async def refresh(self, slots: asyncio.Semaphore) -> None:
        paths = [f"/subscriptions/{i}" for i in self.subscriptions.values()]
        paths += [
            f"/subscriptions/{self.subscriptions[sub]}/databases/{db_id}"
            for (sub, _), db_id in self.databases.items()
        ]

        async def read(path: str) -> None:
            async with slots:
                await self.sdk.request("GET", path)

        await asyncio.gather(*(read(path) for path in paths))


async def _apply(provider: _Provider, plan: Plan) -> int:
    """One `terraform apply`: the resources that failed in it."""
    slots = asyncio.Semaphore(PARALLELISM)
    await provider.refresh(slots)
    failures = 0

    async def guarded(create: Callable[[], Awaitable[None]]) -> bool:
        nonlocal failures
        async with slots:
            try:
                await create()
            except (_Failed, TaskFailed):
                failures += 1
                return False
        return True

    async def subscription(sub: ProSubscriptionPlan) -> None:
        create = functools.partial(provider.create_subscription, sub)
        if sub.name not in provider.subscriptions and not await guarded(create):
            return  # its databases are not attempted
        missing = [db for db in sub.databases if (sub.name, db.name) not in provider.databases]
        creates = [functools.partial(provider.create_database, sub.name, db) for db in missing]
        await asyncio.gather(*(guarded(create) for create in creates))

    await asyncio.gather(*(subscription(sub) for sub in plan.subscriptions))
    return failures


async def provision(api: RawApi, plan: Plan, *, seed: int = 0) -> Outcome:
    """`terraform apply` until an apply has nothing left to fail."""
    limiter = FixedWindow(_WINDOW_LIMIT, _WINDOW_SECONDS / api.scale.speed)
    provider = _Provider(GoSdk(api, limiter, random.Random(seed)))
    failures = 0
    for applies in range(1, MAX_APPLIES + 1):
        failed = await _apply(provider, plan)
        failures += failed
        if not failed:
            return Outcome(applies, failures)
    return Outcome(MAX_APPLIES, failures)
