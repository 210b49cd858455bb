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

A day-2 change (`change`), as the provider's update functions do it (its pro and
Active-Active database resources and its Active-Active regions resource): first the
refresh, which reads every resource in the state (a subscription, a database, a
subscription's regions), then the updates at the same parallelism, each under its
subscription's lock:
- a Pro database: read its subscription (the default source IPs), wait for the
  subscription and the database to be active (10 s, then every 30 s), send the update
  (SDK task wait), wait for the database and then the subscription again, read it back;
- an Active-Active database: send the update, wait for the database and then the
  subscription, read it back;
- a region: list the regions, send the add (SDK task wait), wait for the subscription,
  sleep 30 s (the provider's own pause), wait for it again, list the regions back.
Databases of an Active-Active subscription whose regions change wait for them (the
library's plan has the same dependency). In its favour, the database tags the provider
reads and writes after each update are not modelled, and the plan is given (what
changed) rather than computed.
"""

from __future__ import annotations

import asyncio
import functools
import random
from collections import defaultdict
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any

import attrs
import httpx

from redis_cloud_async.bulk import Plan, ProSubscriptionPlan
from redis_cloud_async.models.databases import DatabaseCreateSpec

from ._api import RawApi, TaskFailed, body_of

__all__ = ["Change", "Outcome", "State", "change", "provision"]

PARALLELISM = 10
MAX_APPLIES = 30
_WINDOW_LIMIT = 400
_WINDOW_SECONDS = 60.0
_ATTEMPTS_ON_429 = 10
_WAIT_DELAY = 10.0
_WAIT_POLL = 30.0
#: The provider's pause after an Active-Active region is added.
_REGION_PAUSE = 30.0


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


@attrs.frozen(kw_only=True)
class State:
    """Terraform's state of a fleet: the ids it recorded."""

    subscriptions: Mapping[str, int]
    databases: Mapping[tuple[str, str], int]
    #: The Active-Active subscriptions (each with a regions resource).
    active_active: frozenset[str]


@attrs.frozen(kw_only=True)
class Change:
    """What `terraform plan` found to change: each database's update request (by
    subscription and database name), and the regions to add to each subscription."""

    databases: Mapping[tuple[str, str], Any]
    regions: Mapping[str, Sequence[Any]]


class _Updater(_Provider):
    """The provider's update functions over one SDK client."""

    def __init__(self, sdk: GoSdk, state: State) -> None:
        super().__init__(sdk)
        self.subscriptions.update(state.subscriptions)
        self.databases.update(state.databases)
        self.active_active = state.active_active

    async def _call(self, method: str, path: str, body: Any) -> None:
        """A write, then the SDK's `WaitForTaskToComplete`."""
        answer = await self.sdk.request(method, path, body)
        attempt = 0
        while True:
            task = await self.sdk.request("GET", f"/tasks/{answer['taskId']}")
            if task["status"] == "processing-completed":
                return
            if task["status"] == "processing-error":
                raise TaskFailed(task)
            await self.sdk.api.scale.sleep(self.sdk._delay(attempt, 30.0))
            attempt += 1

    async def update_database(self, sub: str, name: str, body: Any) -> None:
        sub_id = self.subscriptions[sub]
        sub_path = f"/subscriptions/{sub_id}"
        path = f"{sub_path}/databases/{self.databases[(sub, name)]}"
        async with self._locks[sub_id]:
            if sub in self.active_active:
                await self._call("PUT", f"{path}/regions", body)
            else:
                await self.sdk.request("GET", sub_path)  # the default source IPs
                await self._wait_active(sub_path)
                await self._wait_active(path)
                await self._call("PUT", path, body)
            await self._wait_active(path)
            await self._wait_active(sub_path)
        await self.sdk.request("GET", path)  # read back

    async def add_regions(self, sub: str, regions: Sequence[Any]) -> None:
        sub_path = f"/subscriptions/{self.subscriptions[sub]}"
        await self.sdk.request("GET", f"{sub_path}/regions")
        async with self._locks[self.subscriptions[sub]]:
            for region in regions:
                await self._call("POST", f"{sub_path}/regions", region)
                await self._wait_active(sub_path)
                await self.sdk.api.scale.sleep(_REGION_PAUSE)
                await self._wait_active(sub_path)
        await self.sdk.request("GET", f"{sub_path}/regions")  # read back

    async def refresh(self, slots: asyncio.Semaphore) -> None:
        await super().refresh(slots)

        async def regions(sub_id: int) -> None:
            async with slots:
                await self.sdk.request("GET", f"/subscriptions/{sub_id}/regions")

        await asyncio.gather(*(regions(self.subscriptions[s]) for s in self.active_active))


async def change(api: RawApi, state: State, planned: Change, *, seed: int = 0) -> Outcome:
    """One `terraform apply` of a day-2 change: refresh, then every update."""
    limiter = FixedWindow(_WINDOW_LIMIT, _WINDOW_SECONDS / api.scale.speed)
    provider = _Updater(GoSdk(api, limiter, random.Random(seed)), state)
    slots = asyncio.Semaphore(PARALLELISM)
    await provider.refresh(slots)
    failures = 0
    added = {sub: asyncio.Event() for sub in planned.regions}

    async def node(update: Callable[[], Awaitable[None]], after: asyncio.Event | None) -> None:
        nonlocal failures
        if after is not None:
            await after.wait()
        async with slots:
            try:
                await update()
            except (_Failed, TaskFailed):
                failures += 1

    async def regions(sub: str, specs: Sequence[Any]) -> None:
        try:
            await node(functools.partial(provider.add_regions, sub, specs), None)
        finally:
            added[sub].set()

    await asyncio.gather(
        *(regions(sub, specs) for sub, specs in planned.regions.items()),
        *(
            node(functools.partial(provider.update_database, sub, name, body), added.get(sub))
            for (sub, name), body in planned.databases.items()
        ),
    )
    return Outcome(1, failures)
