"""The database operations Pro and Essentials both publish, written once.

The two areas differ only in where their databases live (`/subscriptions/...` or
`/fixed/subscriptions/...`), which subscription lane their writes take, and the models
their answers decode into; `DatabaseOperations` takes those as class attributes and type
parameters. Its operations declare paths relative to `_databases_path`, so that the
catalogue lists each one once per concrete namespace, with that namespace's path.
"""

from __future__ import annotations

import builtins
from collections.abc import AsyncIterator, Sequence
from typing import ClassVar, Generic, TypeVar

from .._errors import ValidationError
from .._handle import TaskHandle
from .._paging import databases_of
from ..models._base import Model, Spec
from ..models.common import Tag
from ..models.database_operations import (
    BackupStatus,
    DatabaseBackupSpec,
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
from ..models.databases import DatabaseFields
from ._base import Resource
from ._operation import int_id, operation

__all__ = ["DATABASE", "DATABASES", "DatabaseOperations"]

#: Catalogue paths of the operations, relative to the namespace's `_databases_path`.
DATABASES = "{_databases_path}"
DATABASE = DATABASES + "/{databaseId}"

DatabaseT = TypeVar("DatabaseT", bound=DatabaseFields)
PageT = TypeVar("PageT", bound=Model)
CreateSpecT = TypeVar("CreateSpecT", bound=Spec)
UpdateSpecT = TypeVar("UpdateSpecT", bound=Spec)


class DatabaseOperations(Resource, Generic[DatabaseT, PageT, CreateSpecT, UpdateSpecT]):
    """Lifecycle, backup, import, tags, diagnostics and upgrades of one area's databases.

    A concrete namespace sets the class attributes below, `_lane_kind` (the lane its
    writes take), `_database` and `_page` (the models its answers decode into), and fills
    in the type parameters to match.
    """

    #: Where the area lists a subscription's databases (the published path).
    _databases_path: ClassVar[str]
    #: How users reach the namespace (`client.databases`), for error messages.
    _namespace: ClassVar[str]
    #: Whether databases can span regions (Active-Active) and take a `region_name`.
    _multi_region: ClassVar[bool]
    _database: type[DatabaseT]
    _page: type[PageT]

    def _check_region(self, region_name: str | None, field: str) -> None:
        """A per-region read or backup names a region only where databases have several."""
        if region_name is not None and not self._multi_region:
            raise ValidationError(field, f"{self._namespace} serves single-region databases")

    # -- lifecycle ---------------------------------------------------------------------
    async def iterate(
        self, subscription_id: int, *, page_size: int = 100
    ) -> AsyncIterator[DatabaseT]:
        """Every database of a subscription, fetching pages of `page_size` on demand."""
        route = self._route(self.list_page, subscription_id)
        async for raw in self._pages(route, databases_of, page_size=page_size):
            yield self._decode(raw, self._database, "GET", route.path)

    async def list(self, subscription_id: int) -> builtins.list[DatabaseT]:
        """Every database of a subscription (all pages)."""
        return [db async for db in self.iterate(subscription_id)]

    @operation("GET", DATABASES, query=["offset", "limit"])
    async def list_page(self, subscription_id: int, *, offset: int = 0, limit: int = 100) -> PageT:
        """One page, as the server answers it; a page past the end raises NotFoundError."""
        route = self._route(
            self.list_page,
            subscription_id,
            offset=int_id("offset", offset),
            limit=int_id("limit", limit),
        )
        return await self._get(route, self._page)

    @operation("GET", DATABASE)
    async def get(self, subscription_id: int, database_id: int) -> DatabaseT:
        """One database, with its password (`.password`) when the server sends it."""
        return await self._get(self._route(self.get, subscription_id, database_id), self._database)

    async def find(self, subscription_id: int, name: str) -> DatabaseT | None:
        """The database with this name in the subscription, if any."""
        async for db in self.iterate(subscription_id):
            if db.name == name:
                return db
        return None

    @operation("POST", DATABASES, returns="task")
    async def create(self, subscription_id: int, spec: CreateSpecT) -> TaskHandle:
        """Create a database in the subscription; the task's resource id is its id.

        To price a Pro database without creating it, use `estimate_create`.
        """
        self._refuse_dry_run(spec, f"{self._namespace}.estimate_create")
        route = self._route(self.create, subscription_id)
        return await self._write_in(route, subscription_id, spec)

    @operation("PUT", DATABASE, returns="task")
    async def update(self, subscription_id: int, database_id: int, spec: UpdateSpecT) -> TaskHandle:
        """Change a database (name, size, persistence, eviction, security...).

        To price a change to a Pro database without making it, use `estimate_update`.
        """
        self._refuse_dry_run(spec, f"{self._namespace}.estimate_update")
        route = self._route(self.update, subscription_id, database_id)
        return await self._write_in(route, subscription_id, spec)

    @operation("DELETE", DATABASE, returns="task")
    async def delete(
        self, subscription_id: int, database_id: int, *, confirm: bool = False
    ) -> TaskHandle:
        """Delete a database and its data. Needs confirm=True."""
        self._require_confirmation(confirm, "deleting a database")
        route = self._route(self.delete, subscription_id, database_id)
        return await self._write_in(route, subscription_id)

    async def wait_until_active(
        self, subscription_id: int, database_id: int, *, timeout: float | None = None
    ) -> DatabaseT:
        """Wait (through shared polling) until the database is `active`."""
        sid, dbid = _ids(subscription_id, database_id)
        readiness = self._ctx.readiness
        data = await readiness.wait_database(sid, dbid, fixed=self._fixed, timeout=timeout)
        path = self._route(self.get, sid, dbid).path
        return self._decode(dict(data), self._database, "GET", path)

    async def wait_until_gone(
        self, subscription_id: int, database_id: int, *, timeout: float | None = None
    ) -> None:
        """Wait (through shared polling) until a deleted database is no longer listed."""
        sid, dbid = _ids(subscription_id, database_id)
        await self._ctx.readiness.wait_database_gone(sid, dbid, fixed=self._fixed, timeout=timeout)

    # -- backup and import -------------------------------------------------------------
    @operation("POST", DATABASE + "/backup", returns="task")
    async def backup(
        self, subscription_id: int, database_id: int, spec: DatabaseBackupSpec | None = None
    ) -> TaskHandle:
        """Back up now, to the database's backup location or `spec.adhoc_backup_path`.

        Active-Active databases back up one region at a time (`spec.region_name`).
        """
        body = spec or DatabaseBackupSpec()
        self._check_region(body.region_name, "DatabaseBackupSpec.region_name")
        route = self._route(self.backup, subscription_id, database_id)
        return await self._write_in(route, subscription_id, body)

    @operation("GET", DATABASE + "/backup", returns="task", query=["regionName"])
    async def backup_status(
        self, subscription_id: int, database_id: int, *, region_name: str | None = None
    ) -> BackupStatus:
        """The latest backup's status (read through a task).

        Active-Active databases report per region: pass `region_name`.
        """
        self._check_region(region_name, "region_name")
        route = self._route(
            self.backup_status, subscription_id, database_id, region_name=region_name
        )
        return await self._get_via_task(route, BackupStatus)

    @operation("POST", DATABASE + "/import", returns="task")
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
        route = self._route(self.import_data, subscription_id, database_id)
        return await self._write_in(route, subscription_id, spec)

    @operation("GET", DATABASE + "/import", returns="task")
    async def import_status(self, subscription_id: int, database_id: int) -> ImportStatus:
        """The latest import's status (read through a task)."""
        route = self._route(self.import_status, subscription_id, database_id)
        return await self._get_via_task(route, ImportStatus)

    # -- tags (synchronous) --------------------------------------------------------------
    @operation("GET", DATABASE + "/tags")
    async def tags(self, subscription_id: int, database_id: int) -> builtins.list[DatabaseTag]:
        """The database's tags."""
        route = self._route(self.tags, subscription_id, database_id)
        return (await self._get(route, DatabaseTags)).tags

    @operation("POST", DATABASE + "/tags")
    async def add_tag(self, subscription_id: int, database_id: int, tag: Tag) -> DatabaseTag:
        """Add one tag (409 `ConflictError` if the key exists)."""
        if not tag.value:
            raise ValidationError("Tag.value", f"database tag {tag.key!r} needs a value")
        route = self._route(self.add_tag, subscription_id, database_id)
        answer = await self._send_sync(route, tag)
        return self._decode(answer, DatabaseTag, route.method, route.path)

    @operation("PUT", DATABASE + "/tags")
    async def replace_tags(
        self, subscription_id: int, database_id: int, tags: Sequence[Tag]
    ) -> builtins.list[DatabaseTag]:
        """Replace all the database's tags with `tags` (at least one; `delete_tag` removes)."""
        route = self._route(self.replace_tags, subscription_id, database_id)
        answer = await self._send_sync(route, DatabaseTagsSpec(tags=list(tags)))
        return self._decode(answer, DatabaseTags, route.method, route.path).tags

    @operation("PUT", DATABASE + "/tags/{tagKey}")
    async def update_tag(
        self, subscription_id: int, database_id: int, key: str, value: str
    ) -> DatabaseTag:
        """Change the value of an existing tag (`NotFoundError` if there is none)."""
        route = self._route(self.update_tag, subscription_id, database_id, key)
        answer = await self._send_sync(route, TagValueSpec(value=value))
        return self._decode(answer, DatabaseTag, route.method, route.path)

    @operation("DELETE", DATABASE + "/tags/{tagKey}")
    async def delete_tag(
        self, subscription_id: int, database_id: int, key: str, *, confirm: bool = False
    ) -> None:
        """Remove one tag. Needs confirm=True."""
        self._require_confirmation(confirm, "deleting a database tag")
        await self._send_sync(self._route(self.delete_tag, subscription_id, database_id, key))

    # -- diagnostics -----------------------------------------------------------------------
    @operation("GET", DATABASE + "/slow-log", query=["regionName"])
    async def slow_log(
        self, subscription_id: int, database_id: int, *, region_name: str | None = None
    ) -> builtins.list[SlowLogEntry]:
        """The database's recent slow commands (Active-Active: one region, `region_name`)."""
        self._check_region(region_name, "region_name")
        route = self._route(self.slow_log, subscription_id, database_id, region_name=region_name)
        return (await self._get(route, SlowLog)).entries

    @operation("GET", DATABASE + "/traffic")
    async def traffic(self, subscription_id: int, database_id: int) -> TrafficState:
        """The traffic state of a database whose endpoints were redirected.

        `NotFoundError` for a database that was not the source of a redirect.
        """
        route = self._route(self.traffic, subscription_id, database_id)
        return await self._get(route, TrafficState)

    @operation("POST", DATABASE + "/traffic/resume")
    async def resume_traffic(self, subscription_id: int, database_id: int) -> None:
        """Let traffic flow to the database again (see `traffic().can_resume`)."""
        await self._send_sync(self._route(self.resume_traffic, subscription_id, database_id))

    # -- versions --------------------------------------------------------------------------
    @operation("GET", DATABASE + "/available-target-versions")
    async def available_target_versions(
        self, subscription_id: int, database_id: int
    ) -> builtins.list[str]:
        """The Redis versions this database can be upgraded to."""
        route = self._route(self.available_target_versions, subscription_id, database_id)
        return [target.redis_version for target in (await self._get(route, TargetVersions)).targets]

    @operation("POST", DATABASE + "/upgrade", returns="task")
    async def upgrade(
        self, subscription_id: int, database_id: int, target_redis_version: str
    ) -> TaskHandle:
        """Upgrade the database to a later Redis version (see `available_target_versions`)."""
        route = self._route(self.upgrade, subscription_id, database_id)
        spec = DatabaseUpgradeSpec(target_redis_version=target_redis_version)
        return await self._write_in(route, subscription_id, spec)

    @operation("GET", DATABASE + "/upgrade")
    async def upgrade_status(self, subscription_id: int, database_id: int) -> UpgradeStatus:
        """The latest version upgrade's progress (`NotFoundError` if none was requested)."""
        route = self._route(self.upgrade_status, subscription_id, database_id)
        return await self._get(route, UpgradeStatus)


def _ids(subscription_id: object, database_id: object) -> tuple[int, int]:
    """A database's two ids, checked (for the waits, which build no route)."""
    return int_id("subscription_id", subscription_id), int_id("database_id", database_id)
