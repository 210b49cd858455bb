"""`client.databases`: Pro databases and their operations (backup, import, tags,
certificate, slow log, version upgrades, traffic, flush)."""

from __future__ import annotations

import builtins
from collections.abc import AsyncIterator, Mapping, Sequence
from typing import Any
from urllib.parse import quote

from .._catalogue import operation
from .._errors import ValidationError
from .._handle import TaskHandle
from .._writes import Lane
from ..models.common import CostEstimate, Tag
from ..models.database_operations import (
    BackupStatus,
    DatabaseBackupSpec,
    DatabaseCertificate,
    DatabaseImportSpec,
    DatabaseTag,
    DatabaseTags,
    DatabaseTagsSpec,
    DatabaseUpgradeSpec,
    ImportStatus,
    SlowLog,
    SlowLogEntry,
    TagValueSpec,
    TargetVersions,
    TrafficState,
    UpgradeStatus,
)
from ..models.databases import Database, DatabaseCreateSpec, DatabaseList, DatabaseUpdateSpec
from ._base import Resource

__all__ = ["Databases"]

DB = "/subscriptions/{subscriptionId}/databases/{databaseId}"


def _databases_of(page: Any) -> list[Any]:
    subscriptions = page.get("subscription") if isinstance(page, Mapping) else None
    if not isinstance(subscriptions, list):
        return []
    return [db for entry in subscriptions for db in (entry.get("databases") or [])]


class Databases(Resource):
    """Pro databases: their lifecycle and every operation on them.

    Create (or estimate), read, change, delete and wait; back up, import, tag, flush,
    upgrade; read the certificate, slow log and traffic state.
    """

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
        """Create a database in a Pro subscription; the task's resource id is its id.

        To price it without creating it, use `estimate_create`.
        """
        self._refuse_dry_run(spec, "client.databases.estimate_create")
        sid = int(subscription_id)
        return await self._write("POST", self._path(sid), spec, lane=Lane("pro", sid))

    async def estimate_create(self, subscription_id: int, spec: DatabaseCreateSpec) -> CostEstimate:
        """Price a new database without creating it (a dry run of `create`)."""
        return await self._estimate("POST", self._path(subscription_id), spec)

    @operation("PUT", "/subscriptions/{subscriptionId}/databases/{databaseId}", returns="task")
    async def update(
        self, subscription_id: int, database_id: int, spec: DatabaseUpdateSpec
    ) -> TaskHandle:
        """Change a Pro database (size, throughput, persistence, security...).

        To price the change without making it, use `estimate_update`.
        """
        self._refuse_dry_run(spec, "client.databases.estimate_update")
        sid = int(subscription_id)
        return await self._write("PUT", self._path(sid, database_id), spec, lane=Lane("pro", sid))

    async def estimate_update(
        self, subscription_id: int, database_id: int, spec: DatabaseUpdateSpec
    ) -> CostEstimate:
        """Price a change to a database without making it (a dry run of `update`)."""
        return await self._estimate("PUT", self._path(subscription_id, database_id), spec)

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

    async def wait_until_gone(
        self, subscription_id: int, database_id: int, *, timeout: float | None = None
    ) -> None:
        """Wait (through shared polling) until a deleted database is no longer listed."""
        await self._ctx.readiness.wait_database_gone(
            int(subscription_id), int(database_id), timeout=timeout
        )

    # -- backup and import ---------------------------------------------------------------
    @operation("POST", DB + "/backup", returns="task")
    async def backup(
        self, subscription_id: int, database_id: int, spec: DatabaseBackupSpec | None = None
    ) -> TaskHandle:
        """Back up the database now.

        To its remote backup location, or to `adhoc_backup_path`; Active-Active databases
        back up one region at a time (`region_name`).
        """
        sid = int(subscription_id)
        path = self._path(sid, database_id) + "/backup"
        return await self._write("POST", path, spec or DatabaseBackupSpec(), lane=Lane("pro", sid))

    @operation("GET", DB + "/backup", returns="task")
    async def backup_status(
        self, subscription_id: int, database_id: int, *, region_name: str | None = None
    ) -> BackupStatus:
        """The latest backup's status (read through a task).

        Active-Active databases report per region: pass `region_name`.
        """
        path = self._path(subscription_id, database_id) + "/backup"
        params = None if region_name is None else {"regionName": region_name}
        return await self._get_via_task(path, BackupStatus, params=params)

    @operation("POST", DB + "/import", returns="task")
    async def import_data(
        self,
        subscription_id: int,
        database_id: int,
        spec: DatabaseImportSpec,
        *,
        confirm: bool = False,
    ) -> TaskHandle:
        """Load data from RDB files or another Redis database. Needs confirm=True.

        The import replaces the database's data: what it held is lost.
        """
        self._require_confirmation(confirm, "importing into a database (it erases its data)")
        sid = int(subscription_id)
        path = self._path(sid, database_id) + "/import"
        return await self._write("POST", path, spec, lane=Lane("pro", sid))

    @operation("GET", DB + "/import", returns="task")
    async def import_status(self, subscription_id: int, database_id: int) -> ImportStatus:
        """The latest import's status (read through a task)."""
        path = self._path(subscription_id, database_id) + "/import"
        return await self._get_via_task(path, ImportStatus)

    # -- flush ---------------------------------------------------------------------------
    @operation("PUT", DB + "/flush", returns="task")
    async def flush(
        self, subscription_id: int, database_id: int, *, confirm: bool = False
    ) -> TaskHandle:
        """Delete all data of an Active-Active database, in every region. Needs confirm=True."""
        self._require_confirmation(confirm, "flushing a database")
        sid = int(subscription_id)
        path = self._path(sid, database_id) + "/flush"
        return await self._write("PUT", path, {}, lane=Lane("pro", sid))

    @operation("POST", DB + "/flush", returns="task")
    async def flush_post(
        self, subscription_id: int, database_id: int, *, confirm: bool = False
    ) -> TaskHandle:
        """The guide's `POST .../flush`: the same as `flush`. Needs confirm=True.

        The published API flushes with `PUT`, so that is what is sent.
        """
        return await self.flush(subscription_id, database_id, confirm=confirm)

    # -- tags (synchronous) ----------------------------------------------------------------
    @operation("GET", DB + "/tags")
    async def tags(self, subscription_id: int, database_id: int) -> builtins.list[DatabaseTag]:
        """The database's tags."""
        path = self._path(subscription_id, database_id) + "/tags"
        return (await self._get(path, DatabaseTags)).tags

    @operation("POST", DB + "/tags")
    async def add_tag(self, subscription_id: int, database_id: int, tag: Tag) -> DatabaseTag:
        """Add one tag (409 `ConflictError` if the key exists)."""
        if not tag.value:
            raise ValidationError("Tag.value", f"database tag {tag.key!r} needs a value")
        path = self._path(subscription_id, database_id) + "/tags"
        answer = await self._send_sync("POST", path, tag)
        return self._decode(answer, DatabaseTag, "POST", path)

    @operation("PUT", DB + "/tags")
    async def replace_tags(
        self, subscription_id: int, database_id: int, tags: Sequence[Tag]
    ) -> builtins.list[DatabaseTag]:
        """Replace all the database's tags with `tags` (at least one; `delete_tag` removes)."""
        path = self._path(subscription_id, database_id) + "/tags"
        answer = await self._send_sync("PUT", path, DatabaseTagsSpec(tags=list(tags)))
        return self._decode(answer, DatabaseTags, "PUT", path).tags

    @operation("PUT", DB + "/tags/{tagKey}")
    async def update_tag(
        self, subscription_id: int, database_id: int, key: str, value: str
    ) -> DatabaseTag:
        """Change the value of an existing tag (`NotFoundError` if there is none)."""
        path = self._tag_path(subscription_id, database_id, key)
        answer = await self._send_sync("PUT", path, TagValueSpec(value=value))
        return self._decode(answer, DatabaseTag, "PUT", path)

    @operation("DELETE", DB + "/tags/{tagKey}")
    async def delete_tag(
        self, subscription_id: int, database_id: int, key: str, *, confirm: bool = False
    ) -> None:
        """Remove one tag. Needs confirm=True."""
        self._require_confirmation(confirm, "deleting a tag")
        await self._send_sync("DELETE", self._tag_path(subscription_id, database_id, key))

    def _tag_path(self, subscription_id: int, database_id: int, key: str) -> str:
        return self._path(subscription_id, database_id) + "/tags/" + quote(key, safe="")

    # -- versions --------------------------------------------------------------------------
    @operation("GET", DB + "/available-target-versions")
    async def available_target_versions(
        self, subscription_id: int, database_id: int
    ) -> builtins.list[str]:
        """The Redis versions this database can be upgraded to."""
        path = self._path(subscription_id, database_id) + "/available-target-versions"
        return [target.redis_version for target in (await self._get(path, TargetVersions)).targets]

    @operation("POST", DB + "/upgrade", returns="task")
    async def upgrade(
        self, subscription_id: int, database_id: int, target_redis_version: str
    ) -> TaskHandle:
        """Upgrade the database to a later Redis version (see `available_target_versions`)."""
        sid = int(subscription_id)
        spec = DatabaseUpgradeSpec(target_redis_version=target_redis_version)
        path = self._path(sid, database_id) + "/upgrade"
        return await self._write("POST", path, spec, lane=Lane("pro", sid))

    @operation("GET", DB + "/upgrade")
    async def upgrade_status(self, subscription_id: int, database_id: int) -> UpgradeStatus:
        """The latest version upgrade's progress (`NotFoundError` if none was requested)."""
        return await self._get(self._path(subscription_id, database_id) + "/upgrade", UpgradeStatus)

    # -- diagnostics -----------------------------------------------------------------------
    @operation("GET", DB + "/certificate")
    async def certificate(self, subscription_id: int, database_id: int) -> DatabaseCertificate:
        """The database's TLS server certificate (PEM), for clients that verify it."""
        path = self._path(subscription_id, database_id) + "/certificate"
        return await self._get(path, DatabaseCertificate)

    @operation("GET", DB + "/slow-log")
    async def slow_log(
        self, subscription_id: int, database_id: int, *, region_name: str | None = None
    ) -> builtins.list[SlowLogEntry]:
        """The database's slow log (Active-Active databases: one region, `region_name`)."""
        path = self._path(subscription_id, database_id) + "/slow-log"
        params = None if region_name is None else {"regionName": region_name}
        return (await self._get(path, SlowLog, params=params)).entries

    @operation("GET", DB + "/traffic")
    async def traffic(self, subscription_id: int, database_id: int) -> TrafficState:
        """The traffic state of a database whose endpoints were redirected.

        `NotFoundError` for a database that was not the source of a redirect.
        """
        path = self._path(subscription_id, database_id) + "/traffic"
        return await self._get(path, TrafficState)

    @operation("POST", DB + "/traffic/resume")
    async def resume_traffic(self, subscription_id: int, database_id: int) -> None:
        """Resume the traffic of a database stopped by a redirect-endpoints operation."""
        await self._send_sync("POST", self._path(subscription_id, database_id) + "/traffic/resume")
