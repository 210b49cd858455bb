"""Pro databases, planned as `DatabaseCreateSpec`: those a subscription's create
request makes (``initial``), and the planned ones, which a new subscription carries
when its create request can say them exactly (``foldable``)."""

from __future__ import annotations

from collections.abc import Iterator

from ..._client import AsyncClient
from ...models.databases import DatabaseCreateSpec
from ...resources.databases import Databases
from .._costs import Costs
from .._folding import fold, unfold
from .._items import Item, Kind
from .._plan import Plan, initial_database_names
from .active_active_regions import ACTIVE_ACTIVE_REGIONS
from .databases import DatabaseKind
from .pro_subscriptions import PRO_SUBSCRIPTIONS

__all__ = ["PRO_DATABASES", "ProDatabases"]


class ProDatabases(DatabaseKind[DatabaseCreateSpec]):
    name = Kind.PRO_DATABASE
    parent = PRO_SUBSCRIPTIONS
    create_command = "databaseCreateRequest"
    delete_command = "databaseDeleteRequest"

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
            for entry in sub.spec.databases:
                for name in initial_database_names(entry):
                    yield Item(
                        key=self.key(sub.name, name),
                        spec=unfold(entry, name),
                        deps=deps,
                        parent=parent,
                        initial=True,
                    )
            remaining = sum(1 for db in sub.databases if fold(db) is None)
            for db in sub.databases:
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


PRO_DATABASES = ProDatabases()
