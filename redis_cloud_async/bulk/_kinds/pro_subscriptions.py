"""Pro subscriptions (single-region or Active-Active), planned as `ProSubscriptionPlan`.

A new subscription's create request carries its planned databases that it can say
exactly (`fold`): they come up with it instead of one at a time after.
"""

from __future__ import annotations

import attrs

from ..._client import AsyncClient
from ..._errors import TaskFailedError
from ...models.subscriptions import SubscriptionDatabaseSpec
from ...resources.subscriptions import Subscriptions
from .._context import RunContext
from .._costs import Costs
from .._ensure import Ensured
from .._folding import fold
from .._inventory import Found, Listing
from .._items import Item, Kind
from .._plan import Plan, ProSubscriptionPlan, initial_database_names
from .subscriptions import SubscriptionKind

__all__ = ["PRO_SUBSCRIPTIONS", "ProSubscriptions"]


class ProSubscriptions(SubscriptionKind[ProSubscriptionPlan]):
    name = Kind.PRO_SUBSCRIPTION
    create_command = "subscriptionCreateRequest"
    delete_command = "subscriptionDeleteRequest"

    def area(self, client: AsyncClient) -> Subscriptions:
        return client.subscriptions

    async def listing(self, client: AsyncClient) -> Listing:
        return {s.name: Found(s.id, s.status) for s in await client.subscriptions.list() if s.name}

    def planned(self, plan: Plan) -> list[ProSubscriptionPlan]:
        return plan.subscriptions

    def seconds(self, costs: Costs) -> float:
        return costs.subscription

    def chain(self, spec: ProSubscriptionPlan, costs: Costs, *, folding: bool) -> float:
        """Its create, then its databases the create request does not carry, one at a
        time, and its peerings."""
        later = [db for db in spec.databases if not folding or fold(db) is None]
        return costs.subscription + costs.database * len(later) + costs.task * len(spec.peerings)

    async def create(self, ctx: RunContext, item: Item[ProSubscriptionPlan]) -> Ensured:
        plan = item.spec
        initial = [n for entry in plan.spec.databases for n in initial_database_names(entry)]
        folded = {db.name: entry for db in plan.databases if (entry := fold(db)) is not None}
        if ctx.fold and folded:
            try:
                ensured = await self._create(ctx, item, [*folded.values()])
            except TaskFailedError as error:
                if not (error.error_type or "").startswith("DATABASE_"):
                    raise
                # One carried database is wrong: the subscription must not fail for it.
                # Create it bare; the databases then go one by one and fail one by one.
                folded = {}
                ensured = await self._create(ctx, item, [])
        else:
            folded = {}
            ensured = await self._create(ctx, item, [])
        carried = frozenset([*initial, *folded]) if ensured.created else frozenset()
        return self.made(ctx, item, ensured, carried)

    async def _create(
        self,
        ctx: RunContext,
        item: Item[ProSubscriptionPlan],
        folded: list[SubscriptionDatabaseSpec],
    ) -> Ensured:
        spec = attrs.evolve(item.spec.spec, databases=[*item.spec.spec.databases, *folded])
        return await self.make(ctx, item, lambda: ctx.client.subscriptions.create(spec))


PRO_SUBSCRIPTIONS = ProSubscriptions()
