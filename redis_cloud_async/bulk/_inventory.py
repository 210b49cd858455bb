"""What the account holds, looked up by name with as few requests as possible.

Every item is identified by name, so each lookup is a list: one `GET /subscriptions`
answers for every subscription of the plan, one database list for every database of a
subscription. Lists are read once per run and shared; a lookup with ``refresh=True``
(reconciling a write whose outcome is unknown) re-reads, and concurrent refreshes
share one request.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Hashable
from typing import Any, TypeVar

from .._client import AsyncClient
from .._errors import NotFoundError

__all__ = ["Found", "Inventory"]

T = TypeVar("T")


class Found:
    """A resource seen in a list: its id and status (`None` when the API has none)."""

    __slots__ = ("resource_id", "status")

    def __init__(self, resource_id: int, status: Any) -> None:
        self.resource_id = resource_id
        self.status = None if status is None else str(status)

    @property
    def active(self) -> bool:
        return self.status in (None, "active")

    def __repr__(self) -> str:
        return f"Found({self.resource_id}, {self.status!r})"


class _Entry:
    __slots__ = ("lock", "stamp", "value")

    def __init__(self) -> None:
        self.lock = asyncio.Lock()
        self.value: Any = None
        self.stamp = -1


class Inventory:
    """Name -> `Found` maps of one client's account, cached for one run."""

    def __init__(self, client: AsyncClient) -> None:
        self._client = client
        self._entries: dict[Hashable, _Entry] = {}
        self._clock = 0

    async def _read(self, key: Hashable, load: Callable[[], Awaitable[T]], refresh: bool) -> T:
        entry = self._entries.setdefault(key, _Entry())
        asked = self._clock
        async with entry.lock:
            # A refresh needs a load begun after it was asked (stamp > asked); a load
            # begun earlier may predate the write being reconciled.
            if entry.stamp < 0 or (refresh and entry.stamp <= asked):
                self._clock += 1
                stamp = self._clock
                entry.value = await load()
                entry.stamp = stamp
            value: T = entry.value
            return value

    def forget(self, key: Hashable) -> None:
        """Drop a cached list (the next read loads it again)."""
        self._entries.pop(key, None)

    # -- subscriptions -----------------------------------------------------------------
    async def pro_subscriptions(self, *, refresh: bool = False) -> dict[str, Found]:
        async def load() -> dict[str, Found]:
            return {
                s.name: Found(s.id, s.status)
                for s in await self._client.subscriptions.list()
                if s.name
            }

        return await self._read("pro", load, refresh)

    async def essentials_subscriptions(self, *, refresh: bool = False) -> dict[str, Found]:
        async def load() -> dict[str, Found]:
            subs = await self._client.essentials.subscriptions.list()
            return {s.name: Found(s.id, s.status) for s in subs if s.name}

        return await self._read("fixed", load, refresh)

    # -- databases ---------------------------------------------------------------------
    async def databases(
        self, subscription_id: int, *, essentials: bool, refresh: bool = False
    ) -> dict[str, Found]:
        async def load() -> dict[str, Found]:
            namespace: Any = (
                self._client.essentials.databases if essentials else self._client.databases
            )
            try:
                found = await namespace.list(subscription_id)
            except NotFoundError:
                return {}
            return {db.name: Found(db.database_id, db.status) for db in found if db.name}

        return await self._read(("db", essentials, subscription_id), load, refresh)

    async def regions(self, subscription_id: int, *, refresh: bool = False) -> dict[str, Found]:
        """The regions of an Active-Active subscription, by name."""

        async def load() -> dict[str, Found]:
            regions = await self._client.active_active.list_regions(subscription_id)
            return {r.region: Found(r.region_id or 0, r.status) for r in regions}

        return await self._read(("regions", subscription_id), load, refresh)

    async def database(
        self, subscription_id: int, name: str, *, essentials: bool, refresh: bool
    ) -> Found | None:
        """One database of a subscription, by name."""
        found = await self.databases(subscription_id, essentials=essentials, refresh=refresh)
        return found.get(name)

    # -- ACL ---------------------------------------------------------------------------
    async def acl(self, kind: str, *, refresh: bool = False) -> dict[str, Found]:
        acl = self._client.acl
        namespace: Any = {"rule": acl.redis_rules, "role": acl.roles, "user": acl.users}[kind]

        async def load() -> dict[str, Found]:
            return {
                item.name: Found(item.id, getattr(item, "status", None))
                for item in await namespace.list()
                if item.name
            }

        return await self._read(("acl", kind), load, refresh)

    # -- connectivity ------------------------------------------------------------------
    async def peerings(
        self, subscription_id: int, *, active_active: bool, refresh: bool = False
    ) -> dict[str, Found]:
        """Peerings by `peering_name` identity (region and peered network)."""
        peering = self._client.connectivity.vpc_peering

        async def load() -> dict[str, Found]:
            found: dict[str, Found] = {}
            if active_active:
                for area in await peering.list_active_active(subscription_id):
                    for aa in area.vpc_peerings:
                        target = aa.vpc_uid or _network(aa.vpc_project_uid, aa.vpc_network_name)
                        source = aa.source_region or area.region or "-"
                        found[f"{source}:{target}"] = Found(aa.id, aa.status)
                return found
            for one in await peering.list(subscription_id):
                target = one.vpc_uid or _network(one.project_uid, one.network_name)
                where = one.region_name if one.vpc_uid else None
                found[f"{where or '-'}:{target}"] = Found(one.vpc_peering_id, one.status)
            return found

        return await self._read(("peering", subscription_id), load, refresh)


def _network(project: str | None, network: str | None) -> str:
    """A GCP peering's target, as `peering_name` spells it."""
    return f"{project or ''}/{network or ''}"
