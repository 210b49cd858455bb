"""What the account holds, looked up by name with as few requests as possible.

Every item is identified by name, so each lookup is a list: one `GET /subscriptions`
answers for every subscription of the plan, one database list for every database of a
subscription. Each kind says how to load its lists; the inventory reads each list once
per run and shares it; a lookup with ``refresh=True`` (reconciling a write whose
outcome is unknown) re-reads, and concurrent refreshes share one request.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Hashable

__all__ = ["Found", "Inventory", "Listing"]


class Found:
    """A resource seen in a list: its id and status (`None` when the API has none), and
    the listed object itself (`data`), which a kind reads its current settings from."""

    __slots__ = ("data", "resource_id", "status")

    def __init__(self, resource_id: int, status: object, data: object = None) -> None:
        self.resource_id = resource_id
        self.status = None if status is None else str(status)
        self.data = data

    @property
    def active(self) -> bool:
        return self.status in (None, "active")

    def __repr__(self) -> str:
        return f"Found({self.resource_id}, {self.status!r})"


#: One list of the account: what it holds, by name.
Listing = dict[str, Found]


class _Entry:
    __slots__ = ("lock", "stamp", "value")

    def __init__(self) -> None:
        self.lock = asyncio.Lock()
        self.value: Listing = {}
        self.stamp = -1


class Inventory:
    """The lists of one client's account, cached for one run, each under its own key
    (a kind, and the subscription for what lives in one)."""

    def __init__(self) -> None:
        self._entries: dict[Hashable, _Entry] = {}
        self._clock = 0

    async def read(
        self, key: Hashable, load: Callable[[], Awaitable[Listing]], *, refresh: bool = False
    ) -> Listing:
        """The list under `key`, loaded by `load` the first time (and on `refresh`)."""
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
            return entry.value
