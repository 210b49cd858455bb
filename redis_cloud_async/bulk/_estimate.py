"""`estimate`: what a whole plan would cost, priced by the service itself.

Each Pro subscription is priced by a dry run of its create request, sized with every
planned database (those the request cannot express exactly are priced by their name,
size and replication only). Essentials subscriptions cost their plan's price. The dry
runs go out concurrently; each is a task of the account's queue, like any write.
"""

from __future__ import annotations

import asyncio

import attrs

from .._client import AsyncClient
from .._errors import AmbiguousWriteError
from ..models.common import CostEstimate, PricingItem
from ..models.databases import DatabaseCreateSpec
from ..models.subscriptions import SubscriptionDatabaseSpec
from ._folding import fold
from ._plan import EssentialsSubscriptionPlan, Plan, ProSubscriptionPlan

__all__ = ["PlanEstimate", "estimate"]

_SENDS = 4


@attrs.frozen(kw_only=True)
class PlanEstimate:
    """The priced plan: one `CostEstimate` per subscription name."""

    subscriptions: dict[str, CostEstimate]

    def total(self, period: str = "hour") -> float:
        """The summed price of every line billed per `period`."""
        return sum(estimate.total(period) for estimate in self.subscriptions.values())

    def per(self, period: str = "month") -> float:
        """The price per `period` of every line, converted (see `CostEstimate.per`)."""
        return sum(estimate.per(period) for estimate in self.subscriptions.values())

    @property
    def pricing(self) -> list[PricingItem]:
        return [line for estimate in self.subscriptions.values() for line in estimate.pricing]


def _sizing(db: DatabaseCreateSpec) -> SubscriptionDatabaseSpec:
    """A planned database as a line of the create request, for pricing."""
    folded = fold(db)
    if folded is not None:
        return folded
    size = db.dataset_size_in_gb
    if size is None and db.memory_limit_in_gb is not None:
        size = db.memory_limit_in_gb / (2 if db.replication is not False else 1)
    return SubscriptionDatabaseSpec(
        name=db.name,
        dataset_size_in_gb=size,
        replication=db.replication,
        throughput_measurement=db.throughput_measurement,
        local_throughput_measurement=db.local_throughput_measurement,
    )


async def _pro(client: AsyncClient, plan: ProSubscriptionPlan) -> CostEstimate:
    spec = attrs.evolve(plan.spec, databases=[*plan.spec.databases, *map(_sizing, plan.databases)])
    for attempt in range(1, _SENDS + 1):
        try:
            return await client.subscriptions.estimate(spec)
        except AmbiguousWriteError:  # a dry run changes nothing: sending it again is safe
            if attempt == _SENDS:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


async def _essentials(client: AsyncClient, plan: EssentialsSubscriptionPlan) -> CostEstimate:
    priced = await client.essentials.plans.get(plan.spec.plan_id)
    line = PricingItem(
        type="essentials-plan",
        type_details=priced.name,
        quantity=1,
        quantity_measurement="subscription",
        price_per_unit=priced.price,
        price_currency=priced.price_currency,
        price_period=priced.price_period,
        region=priced.region,
    )
    return CostEstimate(pricing=[line])


async def estimate(client: AsyncClient, plan: Plan) -> PlanEstimate:
    """Price every subscription of `plan` (nothing is created)."""
    async with asyncio.TaskGroup() as group:
        pro = {s.name: group.create_task(_pro(client, s)) for s in plan.subscriptions}
        fixed = {s.name: group.create_task(_essentials(client, s)) for s in plan.essentials}
    return PlanEstimate(
        subscriptions={name: task.result() for name, task in {**pro, **fixed}.items()}
    )
