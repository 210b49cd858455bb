"""Essentials subscriptions, planned as `EssentialsSubscriptionPlan`.

One update request changes its plan (to another plan of its cloud and region: a plan
elsewhere means a replacement) and its payment method.
"""

from __future__ import annotations

from collections.abc import Awaitable, Mapping, Sequence
from typing import Any, cast

from ..._client import AsyncClient
from ..._handle import TaskHandle
from ...models.essentials import (
    EssentialsDatabaseCreateSpec,
    EssentialsSubscription,
    EssentialsSubscriptionCreateSpec,
    EssentialsSubscriptionUpdateSpec,
)
from ...resources.essentials import EssentialsDatabases as EssentialsDatabasesArea
from ...resources.essentials import EssentialsSubscriptions as EssentialsArea
from .._context import RunContext
from .._costs import Costs
from .._ensure import Ensured
from .._fields import Field, Observed, setting
from .._inventory import Found, Listing
from .._items import Item, Kind
from .._plan import EssentialsSubscriptionPlan, Plan
from .subscriptions import SubscriptionKind

__all__ = ["ESSENTIALS_SUBSCRIPTIONS", "EssentialsSubscriptions"]

SETTINGS = "settings"
FIELDS: tuple[Field, ...] = (
    setting("plan_id", SETTINGS),
    setting("payment_method", SETTINGS, along=("payment_method_id",)),
    setting("payment_method_id", SETTINGS),
)


class EssentialsSubscriptions(SubscriptionKind[EssentialsSubscriptionPlan]):
    name = Kind.ESSENTIALS_SUBSCRIPTION
    create_command = "fixedSubscriptionCreateRequest"
    delete_command = "fixedSubscriptionDeleteRequest"
    database_delete_command = "fixedDatabaseDeleteRequest"

    def area(self, client: AsyncClient) -> EssentialsArea:
        return client.essentials.subscriptions

    def database_area(self, client: AsyncClient) -> EssentialsDatabasesArea:
        return client.essentials.databases

    async def listing(self, client: AsyncClient) -> Listing:
        subs = await client.essentials.subscriptions.list()
        return {s.name: Found(s.id, s.status, s) for s in subs if s.name}

    def in_plan(self, plan: Plan) -> list[EssentialsSubscriptionPlan]:
        return plan.essentials

    def planned(self, item: Item[EssentialsSubscriptionPlan]) -> dict[str, Any]:
        spec = item.spec.spec
        values = {
            "plan_id": spec.plan_id,
            "payment_method": spec.payment_method,
            "payment_method_id": spec.payment_method_id,
        }
        return {name: value for name, value in values.items() if value is not None}

    def fields(self, item: Item[EssentialsSubscriptionPlan]) -> Sequence[Field]:
        return FIELDS

    async def observe(
        self, ctx: RunContext, item: Item[EssentialsSubscriptionPlan], found: Found
    ) -> Observed:
        sub = cast(EssentialsSubscription, found.data)
        values = {
            "plan_id": sub.plan_id,
            "payment_method": sub.payment_method_type,
            "payment_method_id": sub.payment_method_id,
        }
        reasons: tuple[str, ...] = ()
        wanted = item.spec.spec.plan_id
        if sub.plan_id is not None and wanted != sub.plan_id:
            target = await ctx.client.essentials.plans.get(wanted)
            if (target.provider, target.region) != (sub.provider, sub.region):
                reasons = (
                    f"plan_id: plan {wanted} is in {target.provider} {target.region}, and an "
                    f"Essentials subscription stays in its cloud and region "
                    f"({sub.provider} {sub.region})",
                )
        present = {name: value for name, value in values.items() if value is not None}
        return Observed(present, reasons)

    def export(
        self, found: Found, databases: Sequence[EssentialsDatabaseCreateSpec]
    ) -> EssentialsSubscriptionPlan:
        """The subscription (its plan and payment) and its databases, as a plan says it."""
        sub = cast(EssentialsSubscription, found.data)
        spec = EssentialsSubscriptionCreateSpec(
            name=sub.name or "",
            plan_id=sub.plan_id or 0,
            payment_method=sub.payment_method_type,
            payment_method_id=sub.payment_method_id,
        )
        return EssentialsSubscriptionPlan(spec=spec, databases=list(databases))

    def send(
        self,
        ctx: RunContext,
        item: Item[EssentialsSubscriptionPlan],
        subscription_id: int,
        step: str,
        values: Mapping[str, Any],
    ) -> Awaitable[TaskHandle]:
        spec = EssentialsSubscriptionUpdateSpec(**values)
        return ctx.client.essentials.subscriptions.update(subscription_id, spec)

    def step_command(self, step: str) -> str:
        return "fixedSubscriptionUpdateRequest"

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
