"""Readiness: waiting for subscriptions and databases to go `pending` -> `active`.

A finished task does not mean a usable resource, and polling each resource on its own
is what exhausts the rate limit. Every readiness wait of a client shares one loop: per
tick, one `GET /subscriptions` (or `/fixed/subscriptions`) serves every subscription
waiter, and one page walk of `GET /subscriptions/{id}/databases` serves every database
waiter of that subscription. These lists are complete, so a resource they do not show
is absent: tolerated for the grace window (just created), then a `NotFoundError`; for
a deletion, absence is the goal. Every wait ends by a deadline: `DEFAULT_READY_TIMEOUT`
unless the client or the caller says otherwise.
"""

from __future__ import annotations

import functools
from collections.abc import Collection, Mapping
from typing import Any, Literal, cast

import attrs

from ._core import Requester
from ._errors import (
    DecodeError,
    NotFoundError,
    ReadinessTimeoutError,
    ResourceFailedError,
)
from ._paging import databases_of, walk_pages
from ._polling import (
    Done,
    Poller,
    PollingService,
    PollPolicy,
    PollSource,
    Raises,
    Verdict,
    gather_bounded,
)

__all__ = ["DEFAULT_READY_TIMEOUT", "FAILED_STATUSES", "ReadinessWatcher"]

#: Seconds a resource may take to become active (or gone) when no deadline is given. A
#: subscription or an Active-Active region takes 10 to 20 minutes (the guide), a
#: database about 5, a deletion a few: an hour leaves room for a slow day.
DEFAULT_READY_TIMEOUT = 3600.0

#: A subscription or a database as the lists show it: its raw JSON object.
JsonObject = Mapping[str, Any]

#: Statuses from which a resource does not become `active` by itself.
FAILED_STATUSES = frozenset({"error", "creation-failed"})


@attrs.frozen
class _Listing:
    """One list request (walk): the subscriptions of a kind, or one subscription's databases."""

    fixed: bool
    subscription_id: int | None = None  #: None: the subscriptions list

    @property
    def path(self) -> str:
        root = "/fixed/subscriptions" if self.fixed else "/subscriptions"
        if self.subscription_id is None:
            return root
        return f"{root}/{self.subscription_id}/databases"


@attrs.frozen
class _Target:
    """What one wait is for: a subscription or a database, to be ready or to be gone."""

    listing: _Listing
    resource_id: int
    goal: Literal["ready", "gone"]

    @property
    def kind(self) -> str:
        return "subscription" if self.listing.subscription_id is None else "database"

    @property
    def path(self) -> str:
        """The resource's own URL (`GET` on it answers the single object)."""
        return f"{self.listing.path}/{self.resource_id}"


class _ReadinessSource(PollSource[_Target, JsonObject, JsonObject | None]):
    """Subscriptions and databases as a polling source: raw JSON objects, keyed by id."""

    def __init__(self, requester: Requester, policy: PollPolicy) -> None:
        self._requester = requester
        self._policy = policy

    async def sweep(
        self, keys: Collection[_Target]
    ) -> Mapping[_Target, JsonObject | NotFoundError]:
        listings = list(dict.fromkeys(target.listing for target in keys))
        jobs = [functools.partial(self._read, listing) for listing in listings]
        results = await gather_bounded(jobs, self._policy.fetch_concurrency)
        seen: dict[_Listing, dict[int, JsonObject]] = {}
        for listing, result in zip(listings, results, strict=True):
            if isinstance(result, Exception):
                raise result
            seen[listing] = result
        return {target: _pick(seen[target.listing], target) for target in keys}

    async def fetch(self, key: _Target) -> JsonObject:
        # Not reached while sweeps succeed: the lists are complete. Kept for the engine.
        body = await self._requester.request("GET", key.path)
        if not isinstance(body, Mapping):
            raise DecodeError("expected an object", method="GET", path=key.path)
        return body

    def settle(self, key: _Target, seen: JsonObject | NotFoundError) -> Verdict[JsonObject | None]:
        if isinstance(seen, NotFoundError):
            return Done(None) if key.goal == "gone" else None
        if key.goal == "gone":
            return None  # still listed: deleting, or an error state deletion will clear
        status = seen.get("status")
        if status == "active":
            return Done(seen)
        if status in FAILED_STATUSES:
            error = ResourceFailedError(
                kind=key.kind, resource_id=str(key.resource_id), status=str(status)
            )
            return Raises(error)
        return None

    def status(self, seen: JsonObject) -> str | None:
        status = seen.get("status")
        return None if status is None else str(status)

    def timeout_error(self, key: _Target, timeout: float, last_status: str | None) -> Exception:
        return ReadinessTimeoutError(
            kind=key.kind,
            resource_id=str(key.resource_id),
            timeout=timeout,
            last_status=last_status,
        )

    async def _read(self, listing: _Listing) -> dict[int, JsonObject]:
        """Every resource of one list, by id."""
        if listing.subscription_id is None:
            body = await self._requester.request("GET", listing.path)
            items = body.get("subscriptions") if isinstance(body, Mapping) else None
            return _by_id(items, "id")
        # No such subscription answers 404 at once: nothing is listed.
        pages = walk_pages(self._requester, listing.path, databases_of)
        return _by_id([database async for database in pages], "databaseId")


def _by_id(items: Any, id_field: str) -> dict[int, JsonObject]:
    if not isinstance(items, list):
        return {}
    return {
        item[id_field]: item
        for item in items
        if isinstance(item, Mapping) and isinstance(item.get(id_field), int)
    }


def _pick(listed: Mapping[int, JsonObject], target: _Target) -> JsonObject | NotFoundError:
    found = listed.get(target.resource_id)
    if found is not None:
        return found
    return NotFoundError(
        f"{target.kind} {target.resource_id} is not listed",
        method="GET",
        path=target.listing.path,
        status=404,
    )


class ReadinessWatcher(PollingService[_Target, JsonObject, JsonObject | None]):
    """Waits for subscriptions and databases of one client through shared polling.

    Ready waits return the resource's raw JSON object once its status is `active` and
    raise `ResourceFailedError` on `error`; gone waits return once it is no longer
    listed. Every wait raises `ReadinessTimeoutError` past its `timeout` (None: the
    watcher's `deadline`), and `ClientClosedError` on `aclose()`. `fixed=True` selects
    Essentials.
    """

    def __init__(
        self,
        requester: Requester,
        policy: PollPolicy | None = None,
        *,
        deadline: float = DEFAULT_READY_TIMEOUT,
    ) -> None:
        policy = policy or PollPolicy()
        source = _ReadinessSource(requester, policy)
        super().__init__(Poller(source, policy, name="ReadinessWatcher", deadline=deadline))

    async def wait_subscription(
        self, subscription_id: int, *, fixed: bool = False, timeout: float | None = None
    ) -> JsonObject:
        """The subscription's JSON once it is `active`."""
        target = _Target(_Listing(fixed), int(subscription_id), "ready")
        return cast(JsonObject, await self._poller.wait(target, timeout=timeout))

    async def wait_database(
        self,
        subscription_id: int,
        database_id: int,
        *,
        fixed: bool = False,
        timeout: float | None = None,
    ) -> JsonObject:
        """The database's JSON once it is `active`."""
        target = _Target(_Listing(fixed, int(subscription_id)), int(database_id), "ready")
        return cast(JsonObject, await self._poller.wait(target, timeout=timeout))

    async def wait_subscription_gone(
        self, subscription_id: int, *, fixed: bool = False, timeout: float | None = None
    ) -> None:
        """Return once the subscription is no longer listed (deleted)."""
        target = _Target(_Listing(fixed), int(subscription_id), "gone")
        await self._poller.wait(target, timeout=timeout)

    async def wait_database_gone(
        self,
        subscription_id: int,
        database_id: int,
        *,
        fixed: bool = False,
        timeout: float | None = None,
    ) -> None:
        """Return once the database is no longer listed in its subscription (deleted)."""
        target = _Target(_Listing(fixed, int(subscription_id)), int(database_id), "gone")
        await self._poller.wait(target, timeout=timeout)
