"""Essentials subscriptions, planned as `EssentialsSubscriptionPlan`."""

from __future__ import annotations

from ..._client import AsyncClient
from ...resources.essentials import EssentialsSubscriptions as EssentialsArea
from .._context import RunContext
from .._costs import Costs
from .._ensure import Ensured
from .._inventory import Found, Listing
from .._items import Item, Kind
from .._plan import EssentialsSubscriptionPlan, Plan
from .subscriptions import SubscriptionKind

__all__ = ["ESSENTIALS_SUBSCRIPTIONS", "EssentialsSubscriptions"]


class EssentialsSubscriptions(SubscriptionKind[EssentialsSubscriptionPlan]):
    name = Kind.ESSENTIALS_SUBSCRIPTION
    create_command = "fixedSubscriptionCreateRequest"
    delete_command = "fixedSubscriptionDeleteRequest"

    def area(self, client: AsyncClient) -> EssentialsArea:
        return client.essentials.subscriptions

    async def listing(self, client: AsyncClient) -> Listing:
        subs = await client.essentials.subscriptions.list()
        return {s.name: Found(s.id, s.status) for s in subs if s.name}

    def planned(self, plan: Plan) -> list[EssentialsSubscriptionPlan]:
        return plan.essentials

    def seconds(self, costs: Costs) -> float:
        return costs.essentials_subscription

    def chain(self, spec: EssentialsSubscriptionPlan, costs: Costs, *, folding: bool) -> float:
        """Its create, then its databases one at a time."""
        return costs.essentials_subscription + costs.essentials_database * len(spec.databases)

    async def create(self, ctx: RunContext, item: Item[EssentialsSubscriptionPlan]) -> Ensured:
        area = self.area(ctx.client)
        ensured = await self.make(ctx, item, lambda: area.create(item.spec.spec))
        return self.made(ctx, item, ensured)


ESSENTIALS_SUBSCRIPTIONS = EssentialsSubscriptions()
