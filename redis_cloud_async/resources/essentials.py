"""`client.essentials`: Essentials (fixed-plan) plans, subscriptions and databases.

Essentials ids are their own space (`/fixed/...`): every write inside an Essentials
subscription takes that subscription's `fixed` lane, so that only one change touches
it at a time, exactly as for Pro.
"""

from __future__ import annotations

import builtins
from collections.abc import AsyncIterator, Mapping
from typing import Any
from urllib.parse import quote

from .._catalogue import operation
from .._errors import ValidationError
from .._handle import TaskHandle
from .._writes import Lane
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
from ..models.essentials import (
    PLAN_PROVIDERS,
    EssentialsDatabase,
    EssentialsDatabaseCreateSpec,
    EssentialsDatabaseList,
    EssentialsDatabaseUpdateSpec,
    EssentialsPlan,
    EssentialsPlanList,
    EssentialsSubscription,
    EssentialsSubscriptionCreateSpec,
    EssentialsSubscriptionList,
    EssentialsSubscriptionUpdateSpec,
)
from ..models.subscription_settings import RedisVersion, RedisVersions
from ._base import ClientContext, Resource

__all__ = ["Essentials", "EssentialsDatabases", "EssentialsPlans", "EssentialsSubscriptions"]

SUBSCRIPTIONS = "/fixed/subscriptions"
DB = "/fixed/subscriptions/{subscriptionId}/databases/{databaseId}"


def _subscription_path(subscription_id: int) -> str:
    return f"{SUBSCRIPTIONS}/{int(subscription_id)}"


def _lane(subscription_id: int) -> Lane:
    return Lane("fixed", int(subscription_id))


class EssentialsPlans(Resource):
    """Essentials plans: the fixed sizes an Essentials subscription can take."""

    @operation("GET", "/fixed/plans")
    async def list(
        self, *, provider: str | None = None, redis_flex: bool | None = None
    ) -> list[EssentialsPlan]:
        """Every Essentials plan, optionally of one cloud (`AWS`, `GCP`, `AZURE`)."""
        params: dict[str, Any] = {}
        if provider is not None:
            if provider.upper() not in PLAN_PROVIDERS:
                raise ValidationError(
                    "provider", f"{provider!r} is not one of {', '.join(PLAN_PROVIDERS)}"
                )
            params["provider"] = provider.upper()
        if redis_flex is not None:
            params["redisFlex"] = "true" if redis_flex else "false"
        page = await self._get("/fixed/plans", EssentialsPlanList, params=params or None)
        return page.plans

    @operation("GET", "/fixed/plans/{planId}")
    async def get(self, plan_id: int) -> EssentialsPlan:
        """One Essentials plan: its size, price, region and what it supports."""
        return await self._get(f"/fixed/plans/{int(plan_id)}", EssentialsPlan)

    @operation("GET", "/fixed/plans/subscriptions/{subscriptionId}")
    async def list_for_subscription(self, subscription_id: int) -> builtins.list[EssentialsPlan]:
        """The plans an existing subscription can move to (same cloud and region)."""
        path = f"/fixed/plans/subscriptions/{int(subscription_id)}"
        return (await self._get(path, EssentialsPlanList)).plans

    async def find(
        self, name: str, *, provider: str | None = None, region: str | None = None
    ) -> EssentialsPlan | None:
        """The first plan with this name (e.g. ``"Standard 1GB"``) in the cloud and region."""
        for plan in await self.list(provider=provider):
            if plan.name == name and (region is None or plan.region == region):
                return plan
        return None


class EssentialsSubscriptions(Resource):
    """Essentials subscriptions (`/fixed/subscriptions`)."""

    @operation("GET", "/fixed/subscriptions")
    async def list(self) -> list[EssentialsSubscription]:
        """Every Essentials subscription of the account."""
        return (await self._get(SUBSCRIPTIONS, EssentialsSubscriptionList)).subscriptions

    @operation("GET", "/fixed/subscriptions/{subscriptionId}")
    async def get(self, subscription_id: int) -> EssentialsSubscription:
        """One Essentials subscription, with its plan's limits."""
        return await self._get(_subscription_path(subscription_id), EssentialsSubscription)

    async def find(self, name: str) -> EssentialsSubscription | None:
        """The Essentials subscription with this name, if any (names are unique)."""
        return next((s for s in await self.list() if s.name == name), None)

    @operation("POST", "/fixed/subscriptions", returns="task")
    async def create(self, spec: EssentialsSubscriptionCreateSpec) -> TaskHandle:
        """Create an Essentials subscription on a plan; the task's resource id is its id."""
        return await self._write("POST", SUBSCRIPTIONS, spec, creates="fixed")

    @operation("PUT", "/fixed/subscriptions/{subscriptionId}", returns="task")
    async def update(
        self, subscription_id: int, spec: EssentialsSubscriptionUpdateSpec
    ) -> TaskHandle:
        """Rename a subscription, move it to another plan of its region, or change payment."""
        path = _subscription_path(subscription_id)
        return await self._write("PUT", path, spec, lane=_lane(subscription_id))

    @operation("DELETE", "/fixed/subscriptions/{subscriptionId}", returns="task")
    async def delete(self, subscription_id: int, *, confirm: bool = False) -> TaskHandle:
        """Delete an Essentials subscription; delete its databases first. Needs confirm=True."""
        self._require_confirmation(confirm, "deleting an Essentials subscription")
        path = _subscription_path(subscription_id)
        return await self._write("DELETE", path, lane=_lane(subscription_id))

    @operation("GET", "/fixed/redis-versions")
    async def redis_versions(self, subscription_id: int) -> builtins.list[RedisVersion]:
        """The Redis versions a database of this subscription can be created with."""
        params = {"subscriptionId": int(subscription_id)}
        return (
            await self._get("/fixed/redis-versions", RedisVersions, params=params)
        ).redis_versions

    async def wait_until_active(
        self, subscription_id: int, *, timeout: float | None = None
    ) -> EssentialsSubscription:
        """Wait (through shared polling) until the subscription is `active`."""
        data: Mapping[str, Any] = await self._ctx.readiness.wait_subscription(
            int(subscription_id), fixed=True, timeout=timeout
        )
        return self._decode(dict(data), EssentialsSubscription, "GET", SUBSCRIPTIONS)

    async def wait_until_gone(self, subscription_id: int, *, timeout: float | None = None) -> None:
        """Wait (through shared polling) until a deleted subscription is no longer listed."""
        await self._ctx.readiness.wait_subscription_gone(
            int(subscription_id), fixed=True, timeout=timeout
        )


def _databases_of(page: Any) -> list[Any]:
    """The databases of one Essentials page: `subscription` is an object here."""
    wrapper = page.get("subscription") if isinstance(page, Mapping) else None
    databases = wrapper.get("databases") if isinstance(wrapper, Mapping) else None
    return list(databases) if isinstance(databases, list) else []


class EssentialsDatabases(Resource):
    """Databases of Essentials subscriptions (`/fixed/subscriptions/{id}/databases`)."""

    def _path(self, subscription_id: int, database_id: int | None = None) -> str:
        base = f"{_subscription_path(subscription_id)}/databases"
        return base if database_id is None else f"{base}/{int(database_id)}"

    # -- CRUD --------------------------------------------------------------------------
    async def iterate(
        self, subscription_id: int, *, page_size: int = 100
    ) -> AsyncIterator[EssentialsDatabase]:
        """Every database of a subscription, fetching pages of `page_size` on demand."""
        path = self._path(subscription_id)
        async for raw in self._pages(path, _databases_of, page_size=page_size):
            yield self._decode(raw, EssentialsDatabase, "GET", path)

    async def list(self, subscription_id: int) -> list[EssentialsDatabase]:
        """Every database of an Essentials subscription (all pages)."""
        return [db async for db in self.iterate(subscription_id)]

    @operation("GET", "/fixed/subscriptions/{subscriptionId}/databases")
    async def list_page(
        self, subscription_id: int, *, offset: int = 0, limit: int = 100
    ) -> EssentialsDatabaseList:
        """One page, as the server answers it; a page past the end raises NotFoundError."""
        params = {"offset": int(offset), "limit": int(limit)}
        return await self._get(self._path(subscription_id), EssentialsDatabaseList, params=params)

    @operation("GET", DB)
    async def get(self, subscription_id: int, database_id: int) -> EssentialsDatabase:
        """One Essentials database, with its password (`.password`)."""
        return await self._get(self._path(subscription_id, database_id), EssentialsDatabase)

    async def find(self, subscription_id: int, name: str) -> EssentialsDatabase | None:
        """The database with this name in the subscription, if any."""
        async for db in self.iterate(subscription_id):
            if db.name == name:
                return db
        return None

    @operation("POST", "/fixed/subscriptions/{subscriptionId}/databases", returns="task")
    async def create(self, subscription_id: int, spec: EssentialsDatabaseCreateSpec) -> TaskHandle:
        """Create a database in an Essentials subscription; the task's resource id is its id."""
        path = self._path(subscription_id)
        return await self._write("POST", path, spec, lane=_lane(subscription_id))

    @operation("PUT", DB, returns="task")
    async def update(
        self, subscription_id: int, database_id: int, spec: EssentialsDatabaseUpdateSpec
    ) -> TaskHandle:
        """Change an Essentials database (name, persistence, eviction, access...)."""
        path = self._path(subscription_id, database_id)
        return await self._write("PUT", path, spec, lane=_lane(subscription_id))

    @operation("DELETE", DB, returns="task")
    async def delete(
        self, subscription_id: int, database_id: int, *, confirm: bool = False
    ) -> TaskHandle:
        """Delete an Essentials database and its data. Needs confirm=True."""
        self._require_confirmation(confirm, "deleting an Essentials database")
        path = self._path(subscription_id, database_id)
        return await self._write("DELETE", path, lane=_lane(subscription_id))

    async def wait_until_active(
        self, subscription_id: int, database_id: int, *, timeout: float | None = None
    ) -> EssentialsDatabase:
        """Wait (through shared polling) until the database is `active`."""
        data = await self._ctx.readiness.wait_database(
            int(subscription_id), int(database_id), fixed=True, timeout=timeout
        )
        return self._decode(dict(data), EssentialsDatabase, "GET", self._path(subscription_id))

    async def wait_until_gone(
        self, subscription_id: int, database_id: int, *, timeout: float | None = None
    ) -> None:
        """Wait (through shared polling) until a deleted database is no longer listed."""
        await self._ctx.readiness.wait_database_gone(
            int(subscription_id), int(database_id), fixed=True, timeout=timeout
        )

    # -- data: backup and import -------------------------------------------------------
    @operation("POST", DB + "/backup", returns="task")
    async def backup(
        self, subscription_id: int, database_id: int, spec: DatabaseBackupSpec | None = None
    ) -> TaskHandle:
        """Back up now, to the database's `periodic_backup_path` or `spec.adhoc_backup_path`."""
        if spec is not None and spec.region_name is not None:
            raise ValidationError(
                "DatabaseBackupSpec.region_name", "Essentials databases have a single region"
            )
        path = self._path(subscription_id, database_id) + "/backup"
        body = spec or DatabaseBackupSpec()
        return await self._write("POST", path, body, lane=_lane(subscription_id))

    @operation("GET", DB + "/backup", returns="task")
    async def backup_status(self, subscription_id: int, database_id: int) -> BackupStatus:
        """The state of the latest backup (the server answers through a task)."""
        path = self._path(subscription_id, database_id) + "/backup"
        return await self._get_via_task(path, BackupStatus)

    @operation("POST", DB + "/import", returns="task")
    async def import_data(
        self,
        subscription_id: int,
        database_id: int,
        spec: DatabaseImportSpec,
        *,
        confirm: bool = False,
    ) -> TaskHandle:
        """Replace the database's data with an RDB file or another Redis database's data.
        Existing data is lost: needs confirm=True."""
        self._require_confirmation(confirm, "importing into a database (it erases its data)")
        path = self._path(subscription_id, database_id) + "/import"
        return await self._write("POST", path, spec, lane=_lane(subscription_id))

    @operation("GET", DB + "/import", returns="task")
    async def import_status(self, subscription_id: int, database_id: int) -> ImportStatus:
        """The state of the latest import (the server answers through a task)."""
        path = self._path(subscription_id, database_id) + "/import"
        return await self._get_via_task(path, ImportStatus)

    # -- tags (synchronous) --------------------------------------------------------------
    def _tags_path(self, subscription_id: int, database_id: int, key: str | None = None) -> str:
        base = self._path(subscription_id, database_id) + "/tags"
        return base if key is None else f"{base}/{quote(key, safe='')}"

    @operation("GET", DB + "/tags")
    async def tags(self, subscription_id: int, database_id: int) -> builtins.list[DatabaseTag]:
        """The database's tags."""
        path = self._tags_path(subscription_id, database_id)
        return (await self._get(path, DatabaseTags)).tags

    @operation("POST", DB + "/tags")
    async def add_tag(self, subscription_id: int, database_id: int, tag: Tag) -> DatabaseTag:
        """Add one tag; a key the database already has is a `ConflictError`."""
        if not tag.value:
            raise ValidationError("Tag.value", f"database tag {tag.key!r} needs a value")
        path = self._tags_path(subscription_id, database_id)
        data = await self._send_sync("POST", path, tag)
        return self._decode(data, DatabaseTag, "POST", path)

    @operation("PUT", DB + "/tags")
    async def replace_tags(
        self, subscription_id: int, database_id: int, tags: builtins.list[Tag]
    ) -> builtins.list[DatabaseTag]:
        """Set the database's tags to exactly these (others are removed)."""
        path = self._tags_path(subscription_id, database_id)
        data = await self._send_sync("PUT", path, DatabaseTagsSpec(tags=list(tags)))
        return self._decode(data, DatabaseTags, "PUT", path).tags

    @operation("PUT", DB + "/tags/{tagKey}")
    async def update_tag(
        self, subscription_id: int, database_id: int, key: str, value: str
    ) -> DatabaseTag:
        """Change the value of an existing tag."""
        path = self._tags_path(subscription_id, database_id, key)
        data = await self._send_sync("PUT", path, TagValueSpec(value=value))
        return self._decode(data, DatabaseTag, "PUT", path)

    @operation("DELETE", DB + "/tags/{tagKey}")
    async def delete_tag(
        self, subscription_id: int, database_id: int, key: str, *, confirm: bool = False
    ) -> None:
        """Remove one tag. Needs confirm=True."""
        self._require_confirmation(confirm, "deleting a database tag")
        await self._send_sync("DELETE", self._tags_path(subscription_id, database_id, key))

    # -- diagnostics and versions --------------------------------------------------------
    @operation("GET", DB + "/slow-log")
    async def slow_log(self, subscription_id: int, database_id: int) -> builtins.list[SlowLogEntry]:
        """The database's recent slow commands."""
        path = self._path(subscription_id, database_id) + "/slow-log"
        return (await self._get(path, SlowLog)).entries

    @operation("GET", DB + "/traffic")
    async def traffic(self, subscription_id: int, database_id: int) -> TrafficState:
        """Whether traffic to the database was stopped (after a redirect) and can resume."""
        path = self._path(subscription_id, database_id) + "/traffic"
        return await self._get(path, TrafficState)

    @operation("POST", DB + "/traffic/resume")
    async def resume_traffic(self, subscription_id: int, database_id: int) -> None:
        """Let traffic flow to the database again (see `traffic().can_resume`)."""
        path = self._path(subscription_id, database_id) + "/traffic/resume"
        await self._send_sync("POST", path)

    @operation("GET", DB + "/available-target-versions")
    async def available_target_versions(
        self, subscription_id: int, database_id: int
    ) -> builtins.list[str]:
        """The Redis versions the database can be upgraded to."""
        path = self._path(subscription_id, database_id) + "/available-target-versions"
        return [target.redis_version for target in (await self._get(path, TargetVersions)).targets]

    @operation("POST", DB + "/upgrade", returns="task")
    async def upgrade(
        self, subscription_id: int, database_id: int, target_redis_version: str
    ) -> TaskHandle:
        """Upgrade the database to a later Redis version (see `available_target_versions`)."""
        spec = DatabaseUpgradeSpec(target_redis_version=target_redis_version)
        path = self._path(subscription_id, database_id) + "/upgrade"
        return await self._write("POST", path, spec, lane=_lane(subscription_id))

    @operation("GET", DB + "/upgrade")
    async def upgrade_status(self, subscription_id: int, database_id: int) -> UpgradeStatus:
        """Progress of the latest version upgrade (`NotFoundError` if none was asked)."""
        path = self._path(subscription_id, database_id) + "/upgrade"
        return await self._get(path, UpgradeStatus)


class Essentials:
    """The Essentials area: `.plans`, `.subscriptions`, `.databases`."""

    def __init__(self, context: ClientContext) -> None:
        self.plans = EssentialsPlans(context)
        self.subscriptions = EssentialsSubscriptions(context)
        self.databases = EssentialsDatabases(context)
