"""Pro databases, planned as `DatabaseCreateSpec`: those a subscription's create
request makes (``initial``), and the planned ones, which a new subscription carries
when its create request can say them exactly (``foldable``).

A single-region database changes through `PUT .../databases/{id}`; an Active-Active
one through `PUT .../databases/{id}/regions` (its global settings, and per region its
throughput, backups and RESP version). Its Redis version goes up through an upgrade.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping, Sequence
from typing import Any, cast

import attrs

from ..._client import AsyncClient
from ..._handle import TaskHandle
from ...models.database_operations import (
    ActiveActiveDatabaseUpdateSpec,
    LocalRegionPropertiesSpec,
)
from ...models.databases import Database, DatabaseCreateSpec, DatabaseUpdateSpec
from ...models.subscriptions import Subscription
from ...resources.databases import Databases
from .._context import RunContext
from .._costs import Costs
from .._fields import Field, fixed, setting, unordered
from .._folding import CARRIED, fold
from .._inventory import Found
from .._items import Item, Kind
from .._plan import Plan
from .active_active_regions import ACTIVE_ACTIVE_REGIONS
from .databases import UPGRADE, DatabaseKind, names, port_of, shown_settings
from .in_subscription import parent_of
from .pro_subscriptions import PRO_SUBSCRIPTIONS

__all__ = ["PRO_DATABASES", "ProDatabases"]

_AT_CREATION = "chosen when the database is created (no update request takes it)"
_AA = "an Active-Active database sets it per region or not at all"
#: What both forms compare, and change in place but for the first three.
_SHARED: tuple[Field, ...] = (
    fixed("protocol", _AT_CREATION),
    fixed("port", _AT_CREATION),
    fixed("modules", _AT_CREATION, canon=names),
    setting("redis_version", UPGRADE, only_up=True),
    setting("dataset_size_in_gb"),
    setting("memory_limit_in_gb"),
    setting("auto_minor_version_upgrade", shown=False),
    setting("resp_version"),
    setting("support_oss_cluster_api"),
    setting("use_external_endpoint_for_oss_cluster_api", along=("support_oss_cluster_api",)),
    setting("data_persistence"),
    setting("data_eviction_policy"),
    setting("remote_backup", shown=False),
    setting("source_ip", canon=unordered),
    setting("client_tls_certificates", shown=False, secret=True),
    setting("enable_tls"),
    setting("password", secret=True),
    setting("alerts", canon=unordered),
)
SINGLE_REGION_FIELDS: tuple[Field, ...] = (
    *_SHARED,
    setting("replication"),
    setting("replica", shown=False, secret=True),
    setting("throughput_measurement"),
    setting("sasl_username", shown=False),
    setting("sasl_password", shown=False, secret=True),
    setting("query_performance_factor", shown=False),
)
ACTIVE_ACTIVE_FIELDS: tuple[Field, ...] = (
    *_SHARED,
    fixed("replication", _AA),
    fixed("throughput_measurement", _AA),
    setting("local_throughput_measurement", canon=unordered),
)
#: Settings of `DatabaseCreateSpec` sent under another name by an Active-Active update.
_GLOBAL = {
    "data_persistence": "global_data_persistence",
    "password": "global_password",
    "source_ip": "global_source_ip",
    "alerts": "global_alerts",
}
#: ... and those sent per region.
_PER_REGION = ("local_throughput_measurement", "remote_backup", "resp_version")


def _active_active_item(item: Item[Any]) -> bool:
    """A database of an Active-Active subscription (it waits for the regions)."""
    return any(dep.kind == Kind.ACTIVE_ACTIVE_REGION for dep in item.deps)


class ProDatabases(DatabaseKind[DatabaseCreateSpec]):
    name = Kind.PRO_DATABASE
    parent = PRO_SUBSCRIPTIONS
    create_command = "databaseCreateRequest"
    update_command = "databaseUpdateRequest"
    delete_command = "databaseDeleteRequest"
    spec_class = DatabaseCreateSpec

    def area(self, client: AsyncClient) -> Databases:
        return client.databases

    def seconds(self, costs: Costs) -> float:
        return costs.database

    def items(self, plan: Plan, costs: Costs) -> Iterator[Item[DatabaseCreateSpec]]:
        """Each waits for its subscription and, Active-Active, for its regions; a
        planned database's chain is the databases created after it, one at a time."""
        for sub in plan.subscriptions:
            parent = self.parent.key(sub.name)
            deps = (parent, *ACTIVE_ACTIVE_REGIONS.keys(sub))
            for name, spec in sub.initial_databases().items():
                yield Item(
                    key=self.key(sub.name, name),
                    spec=spec,
                    deps=deps,
                    parent=parent,
                    initial=True,
                )
            later = sub.later_databases()
            remaining = sum(1 for db in later if fold(db) is None)
            for db in later:
                foldable = fold(db) is not None
                if not foldable:
                    remaining -= 1
                yield Item(
                    key=self.key(sub.name, db.name),
                    spec=db,
                    deps=deps,
                    parent=parent,
                    foldable=foldable,
                    chain=costs.database * (remaining + 1),
                )

    def command_for(self, item: Item[DatabaseCreateSpec]) -> str:
        return "crdbUpdatePropertiesRequest" if _active_active_item(item) else self.update_command

    def fields(self, item: Item[DatabaseCreateSpec]) -> Sequence[Field]:
        """Of a database its subscription's create request makes, what the request's
        entry cannot say is set once it exists (`created=False`)."""
        fields = ACTIVE_ACTIVE_FIELDS if _active_active_item(item) else SINGLE_REGION_FIELDS
        if not item.initial:
            return fields
        return tuple(
            f if f.name in CARRIED or not f.created else attrs.evolve(f, created=False)
            for f in fields
        )

    async def exported_fields(
        self, ctx: RunContext, item: Item[Found]
    ) -> tuple[Sequence[Field], Collection[str]]:
        """An Active-Active database's replication and throughput are the service's."""
        sub = await self.parent.find(ctx, parent_of(item).name)
        if sub is not None and cast(Subscription, sub.data).is_active_active:
            return ACTIVE_ACTIVE_FIELDS, ("replication", "throughput_measurement")
        return SINGLE_REGION_FIELDS, ()

    def current(self, item: Item[DatabaseCreateSpec], db: Database) -> dict[str, Any]:
        """Its settings; its throughput in the regions the plan sets it for (a region
        the plan does not name is unmanaged, not this database's drift)."""
        local = item.spec.local_throughput_measurement
        planned_regions = None if local is None else {t.region for t in local}
        security = db.security
        values: dict[str, Any] = {
            **shown_settings(db),
            "port": port_of(db),
            "throughput_measurement": db.throughput_measurement,
            "source_ip": security.source_ips if security else None,
            "local_throughput_measurement": [
                {
                    "region": region.region,
                    "write_operations_per_second": region.write_operations_per_second,
                    "read_operations_per_second": region.read_operations_per_second,
                }
                for region in db.crdb_databases
                if planned_regions is None or region.region in planned_regions
            ],
        }
        return {name: value for name, value in values.items() if value is not None}

    async def send_settings(
        self,
        ctx: RunContext,
        item: Item[DatabaseCreateSpec],
        found: Found,
        values: Mapping[str, Any],
    ) -> TaskHandle:
        sub_id = await self.present_home_id(ctx, item)
        if not _active_active_item(item):
            spec = DatabaseUpdateSpec(**values)
            return await ctx.client.databases.update(sub_id, found.resource_id, spec)
        listed = cast(Database, found.data)
        regions = [r.region for r in listed.crdb_databases if r.region]
        local = {t.region: t for t in values.get("local_throughput_measurement") or []}
        per_region = [
            LocalRegionPropertiesSpec(
                region=region,
                local_throughput_measurement=local.get(region),
                remote_backup=values.get("remote_backup"),
                resp_version=values.get("resp_version"),
            )
            for region in dict.fromkeys([*regions, *local])
        ]
        glob = {
            _GLOBAL.get(name, name): value
            for name, value in values.items()
            if name not in _PER_REGION
        }
        needs_regions = any(name in values for name in _PER_REGION)
        aa = ActiveActiveDatabaseUpdateSpec(**glob, regions=per_region if needs_regions else None)
        return await ctx.client.active_active.update_database_regions(sub_id, found.resource_id, aa)


PRO_DATABASES = ProDatabases()
