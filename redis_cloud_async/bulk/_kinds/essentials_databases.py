"""Essentials databases, planned as `EssentialsDatabaseCreateSpec`."""

from __future__ import annotations

from collections.abc import Iterator

from ..._client import AsyncClient
from ...models.essentials import EssentialsDatabaseCreateSpec
from ...resources.essentials import EssentialsDatabases as EssentialsArea
from .._costs import Costs
from .._items import Item, Kind
from .._plan import Plan
from .databases import DatabaseKind
from .essentials_subscriptions import ESSENTIALS_SUBSCRIPTIONS

__all__ = ["ESSENTIALS_DATABASES", "EssentialsDatabases"]


class EssentialsDatabases(DatabaseKind[EssentialsDatabaseCreateSpec]):
    name = Kind.ESSENTIALS_DATABASE
    parent = ESSENTIALS_SUBSCRIPTIONS
    create_command = "fixedDatabaseCreateRequest"
    delete_command = "fixedDatabaseDeleteRequest"

    def area(self, client: AsyncClient) -> EssentialsArea:
        return client.essentials.databases

    def seconds(self, costs: Costs) -> float:
        return costs.essentials_database

    def items(self, plan: Plan, costs: Costs) -> Iterator[Item[EssentialsDatabaseCreateSpec]]:
        """Each waits for its subscription; its chain is the databases from it on."""
        for fixed in plan.essentials:
            parent = self.parent.key(fixed.name)
            for index, db in enumerate(fixed.databases):
                yield Item(
                    key=self.key(fixed.name, db.name),
                    spec=db,
                    deps=(parent,),
                    parent=parent,
                    chain=costs.essentials_database * (len(fixed.databases) - index),
                )


ESSENTIALS_DATABASES = EssentialsDatabases()
