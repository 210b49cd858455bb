"""`client.databases`: Pro databases and their operations (backup, import, tags,
certificate, slow log, version upgrades, traffic, flush)."""

from __future__ import annotations

from .._handle import TaskHandle
from ..models.common import CostEstimate
from ..models.database_operations import DatabaseCertificate
from ..models.databases import Database, DatabaseCreateSpec, DatabaseList, DatabaseUpdateSpec
from ._database_ops import DATABASE, DatabaseOperations
from ._operation import operation

__all__ = ["Databases"]


class Databases(DatabaseOperations[Database, DatabaseList, DatabaseCreateSpec, DatabaseUpdateSpec]):
    """Pro databases: their lifecycle and every operation on them.

    Create (or estimate), read, change, delete and wait; back up, import, tag, flush,
    upgrade; read the certificate, slow log and traffic state. Active-Active databases
    back up and report their slow log one region at a time (`region_name`).
    """

    _databases_path = "/subscriptions/{subscriptionId}/databases"
    _lane_kind = "pro"
    _namespace = "client.databases"
    _multi_region = True
    _database = Database
    _page = DatabaseList

    async def estimate_create(self, subscription_id: int, spec: DatabaseCreateSpec) -> CostEstimate:
        """Price a new database without creating it (a dry run of `create`)."""
        return await self._estimate(self._route(self.create, subscription_id), spec)

    async def estimate_update(
        self, subscription_id: int, database_id: int, spec: DatabaseUpdateSpec
    ) -> CostEstimate:
        """Price a change to a database without making it (a dry run of `update`)."""
        return await self._estimate(self._route(self.update, subscription_id, database_id), spec)

    # -- flush ---------------------------------------------------------------------------
    @operation("PUT", DATABASE + "/flush", returns="task")
    async def flush(
        self, subscription_id: int, database_id: int, *, confirm: bool = False
    ) -> TaskHandle:
        """Delete all data of an Active-Active database, in every region. Needs confirm=True."""
        self._require_confirmation(confirm, "flushing a database")
        route = self._route(self.flush, subscription_id, database_id)
        return await self._write_in(route, subscription_id, {})

    @operation("POST", DATABASE + "/flush", returns="task", sends=[("PUT", DATABASE + "/flush")])
    async def flush_post(
        self, subscription_id: int, database_id: int, *, confirm: bool = False
    ) -> TaskHandle:
        """The guide's `POST .../flush`: sends the published `PUT .../flush` (`flush`).

        Needs confirm=True.
        """
        return await self.flush(subscription_id, database_id, confirm=confirm)

    # -- diagnostics -----------------------------------------------------------------------
    @operation("GET", DATABASE + "/certificate")
    async def certificate(self, subscription_id: int, database_id: int) -> DatabaseCertificate:
        """The database's TLS server certificate (PEM), for clients that verify it."""
        route = self._route(self.certificate, subscription_id, database_id)
        return await self._get(route, DatabaseCertificate)
