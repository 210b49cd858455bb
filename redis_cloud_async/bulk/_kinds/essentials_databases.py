"""Essentials databases, planned as `EssentialsDatabaseCreateSpec`; they change through
`PUT /fixed/subscriptions/{id}/databases/{id}` (their memory comes from the plan)."""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping, Sequence
from typing import Any

from ..._client import AsyncClient
from ..._handle import TaskHandle
from ...models.essentials import (
    EssentialsDatabase,
    EssentialsDatabaseCreateSpec,
    EssentialsDatabaseUpdateSpec,
)
from ...resources.essentials import EssentialsDatabases as EssentialsArea
from .._context import RunContext
from .._costs import Costs
from .._fields import Field, fixed, setting, unordered
from .._inventory import Found
from .._items import Item, Kind
from .._plan import Plan
from .databases import UPGRADE, DatabaseKind, names, shown_settings
from .essentials_subscriptions import ESSENTIALS_SUBSCRIPTIONS

__all__ = ["ESSENTIALS_DATABASES", "EssentialsDatabases"]

_AT_CREATION = "chosen when the database is created (no update request takes it)"
FIELDS: tuple[Field, ...] = (
    fixed("protocol", _AT_CREATION),
    fixed("modules", _AT_CREATION, canon=names),
    setting("redis_version", UPGRADE, only_up=True),
    setting("resp_version"),
    setting("data_persistence"),
    setting("data_eviction_policy"),
    setting("replication"),
    setting("periodic_backup_path", shown=False),
    setting("source_ips", canon=unordered),
    setting("enable_default_user"),
    setting("password", secret=True),
    setting("enable_tls"),
    setting("client_ssl_certificate", shown=False, secret=True),
    setting("client_tls_certificates", shown=False, secret=True),
    setting("alerts", canon=unordered),
    setting("replica", shown=False, secret=True),
    setting("dataset_size_in_gb"),
    setting("memory_limit_in_gb"),
    setting("support_oss_cluster_api"),
    setting("use_external_endpoint_for_oss_cluster_api", along=("support_oss_cluster_api",)),
    setting("enable_database_clustering"),
    setting("number_of_shards", shown=False),
    setting("regex_rules", shown=False, along=("enable_database_clustering",)),
)


class EssentialsDatabases(DatabaseKind[EssentialsDatabaseCreateSpec]):
    name = Kind.ESSENTIALS_DATABASE
    parent = ESSENTIALS_SUBSCRIPTIONS
    create_command = "fixedDatabaseCreateRequest"
    update_command = "fixedDatabaseUpdateRequest"
    delete_command = "fixedDatabaseDeleteRequest"
    spec_class = EssentialsDatabaseCreateSpec

    def area(self, client: AsyncClient) -> EssentialsArea:
        return client.essentials.databases

    def seconds(self, costs: Costs) -> float:
        return costs.essentials_database

    def items(self, plan: Plan, costs: Costs) -> Iterator[Item[EssentialsDatabaseCreateSpec]]:
        """Each waits for its subscription; its chain is the databases from it on."""
        for fixed_sub in plan.essentials:
            parent = self.parent.key(fixed_sub.name)
            for index, db in enumerate(fixed_sub.databases):
                yield Item(
                    key=self.key(fixed_sub.name, db.name),
                    spec=db,
                    deps=(parent,),
                    parent=parent,
                    chain=costs.essentials_database * (len(fixed_sub.databases) - index),
                )

    def fields(self, item: Item[EssentialsDatabaseCreateSpec]) -> Sequence[Field]:
        return FIELDS

    async def exported_fields(
        self, ctx: RunContext, item: Item[Found]
    ) -> tuple[Sequence[Field], Collection[str]]:
        """Its size comes from its subscription's plan."""
        return FIELDS, ("dataset_size_in_gb", "memory_limit_in_gb")

    def current(
        self, item: Item[EssentialsDatabaseCreateSpec], db: EssentialsDatabase
    ) -> dict[str, Any]:
        security = db.security
        clustering = db.clustering
        values: dict[str, Any] = {
            **shown_settings(db),
            "source_ips": security.source_ips if security else None,
            "enable_default_user": security.default_user_enabled if security else None,
            "enable_database_clustering": clustering.enabled if clustering else None,
        }
        return {name: value for name, value in values.items() if value is not None}

    async def send_settings(
        self,
        ctx: RunContext,
        item: Item[EssentialsDatabaseCreateSpec],
        found: Found,
        values: Mapping[str, Any],
    ) -> TaskHandle:
        sub_id = await self.present_home_id(ctx, item)
        spec = EssentialsDatabaseUpdateSpec(**values)
        return await ctx.client.essentials.databases.update(sub_id, found.resource_id, spec)


ESSENTIALS_DATABASES = EssentialsDatabases()
