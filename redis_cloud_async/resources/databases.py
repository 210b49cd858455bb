"""`client.databases`: Pro databases."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from typing import Any

from .._catalogue import operation
from .._handle import TaskHandle
from .._writes import Lane
from ..models.databases import Database, DatabaseCreateSpec, DatabaseList, DatabaseUpdateSpec
from ._base import Resource

__all__ = ["Databases"]


def _databases_of(page: Any) -> list[Any]:
    subscriptions = page.get("subscription") if isinstance(page, Mapping) else None
    if not isinstance(subscriptions, list):
        return []
    return [db for entry in subscriptions for db in (entry.get("databases") or [])]


class Databases(Resource):
    """Pro databases: create, read, change, delete, and wait until ready."""

    def _path(self, subscription_id: int, database_id: int | None = None) -> str:
        base = f"/subscriptions/{int(subscription_id)}/databases"
        return base if database_id is None else f"{base}/{int(database_id)}"

    async def iterate(
        self, subscription_id: int, *, page_size: int = 100
    ) -> AsyncIterator[Database]:
        """Every database of a subscription, fetching pages of `page_size` on demand."""
        path = self._path(subscription_id)
        async for raw in self._pages(path, _databases_of, page_size=page_size):
            yield self._decode(raw, Database, "GET", path)

    async def list(self, subscription_id: int) -> list[Database]:
        """Every database of a subscription (all pages)."""
        return [db async for db in self.iterate(subscription_id)]

    @operation("GET", "/subscriptions/{subscriptionId}/databases")
    async def list_page(
        self, subscription_id: int, *, offset: int = 0, limit: int = 100
    ) -> DatabaseList:
        """One page, as the server answers it (`GET .../databases?offset=&limit=`)."""
        return await self._get(
            self._path(subscription_id), DatabaseList, params={"offset": offset, "limit": limit}
        )

    @operation("GET", "/subscriptions/{subscriptionId}/databases/{databaseId}")
    async def get(self, subscription_id: int, database_id: int) -> Database:
        """One Pro database."""
        return await self._get(self._path(subscription_id, database_id), Database)

    async def find(self, subscription_id: int, name: str) -> Database | None:
        """The database with this name in the subscription, if any."""
        async for db in self.iterate(subscription_id):
            if db.name == name:
                return db
        return None

    @operation("POST", "/subscriptions/{subscriptionId}/databases", returns="task")
    async def create(self, subscription_id: int, spec: DatabaseCreateSpec) -> TaskHandle:
        """Create a database in a Pro subscription; the task's resource id is its id."""
        sid = int(subscription_id)
        return await self._write("POST", self._path(sid), spec, lane=Lane("pro", sid))

    @operation("PUT", "/subscriptions/{subscriptionId}/databases/{databaseId}", returns="task")
    async def update(
        self, subscription_id: int, database_id: int, spec: DatabaseUpdateSpec
    ) -> TaskHandle:
        """Change a Pro database (size, throughput, persistence, security...)."""
        sid = int(subscription_id)
        return await self._write("PUT", self._path(sid, database_id), spec, lane=Lane("pro", sid))

    @operation("DELETE", "/subscriptions/{subscriptionId}/databases/{databaseId}", returns="task")
    async def delete(
        self, subscription_id: int, database_id: int, *, confirm: bool = False
    ) -> TaskHandle:
        """Delete a Pro database and its data. Needs confirm=True."""
        self._require_confirmation(confirm, "deleting a database")
        sid = int(subscription_id)
        return await self._write("DELETE", self._path(sid, database_id), lane=Lane("pro", sid))

    async def wait_until_active(
        self, subscription_id: int, database_id: int, *, timeout: float | None = None
    ) -> Database:
        """Wait (through shared polling) until the database is `active`."""
        data = await self._ctx.readiness.wait_database(
            int(subscription_id), int(database_id), timeout=timeout
        )
        return self._decode(dict(data), Database, "GET", self._path(subscription_id))
