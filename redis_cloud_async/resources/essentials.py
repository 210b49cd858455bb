"""`client.essentials`: Essentials (fixed-plan) plans, subscriptions and databases.

Essentials ids are their own space (`/fixed/...`): every write inside an Essentials
subscription takes that subscription's `fixed` lane, so that only one change touches
it at a time, exactly as for Pro.
"""

from __future__ import annotations

import builtins

from .._errors import ValidationError
from .._handle import TaskHandle
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
from ._base import ClientContext, Resource, named
from ._database_ops import DatabaseOperations
from ._operation import operation

__all__ = ["Essentials", "EssentialsDatabases", "EssentialsPlans", "EssentialsSubscriptions"]

SUBSCRIPTIONS = "/fixed/subscriptions"


class EssentialsPlans(Resource):
    """Essentials plans: the fixed sizes an Essentials subscription can take."""

    @operation("GET", "/fixed/plans", query=["provider", "redisFlex"])
    async def list(
        self, *, provider: str | None = None, redis_flex: bool | None = None
    ) -> list[EssentialsPlan]:
        """Every Essentials plan, optionally of one cloud (`AWS`, `GCP`, `AZURE`)."""
        if provider is not None and provider.upper() not in PLAN_PROVIDERS:
            raise ValidationError(
                "provider", f"{provider!r} is not one of {', '.join(PLAN_PROVIDERS)}"
            )
        route = self._route(
            self.list, provider=provider and provider.upper(), redis_flex=redis_flex
        )
        return (await self._get(route, EssentialsPlanList)).plans

    @operation("GET", "/fixed/plans/{planId}")
    async def get(self, plan_id: int) -> EssentialsPlan:
        """One Essentials plan: its size, price, region and what it supports."""
        return await self._get(self._route(self.get, plan_id), EssentialsPlan)

    @operation("GET", "/fixed/plans/subscriptions/{subscriptionId}")
    async def list_for_subscription(self, subscription_id: int) -> builtins.list[EssentialsPlan]:
        """The plans an existing subscription can move to (same cloud and region)."""
        route = self._route(self.list_for_subscription, subscription_id)
        return (await self._get(route, EssentialsPlanList)).plans

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

    _lane_kind = "fixed"

    @operation("GET", "/fixed/subscriptions")
    async def list(self) -> list[EssentialsSubscription]:
        """Every Essentials subscription of the account."""
        return (await self._get(self._route(self.list), EssentialsSubscriptionList)).subscriptions

    @operation("GET", "/fixed/subscriptions/{subscriptionId}")
    async def get(self, subscription_id: int) -> EssentialsSubscription:
        """One Essentials subscription, with its plan's limits."""
        return await self._get(self._route(self.get, subscription_id), EssentialsSubscription)

    async def find(self, name: str) -> EssentialsSubscription | None:
        """The Essentials subscription with this name, if any (names are unique)."""
        return named(await self.list(), name)

    @operation("POST", "/fixed/subscriptions", returns="task")
    async def create(self, spec: EssentialsSubscriptionCreateSpec) -> TaskHandle:
        """Create an Essentials subscription on a plan; the task's resource id is its id."""
        return await self._write(self._route(self.create), spec, creates="fixed")

    @operation("PUT", "/fixed/subscriptions/{subscriptionId}", returns="task")
    async def update(
        self, subscription_id: int, spec: EssentialsSubscriptionUpdateSpec
    ) -> TaskHandle:
        """Rename a subscription, move it to another plan of its region, or change payment."""
        route = self._route(self.update, subscription_id)
        return await self._write_in(route, subscription_id, spec)

    @operation("DELETE", "/fixed/subscriptions/{subscriptionId}", returns="task")
    async def delete(self, subscription_id: int, *, confirm: bool = False) -> TaskHandle:
        """Delete an Essentials subscription; delete its databases first. Needs confirm=True."""
        self._require_confirmation(confirm, "deleting an Essentials subscription")
        route = self._route(self.delete, subscription_id)
        return await self._write_in(route, subscription_id)

    @operation("GET", "/fixed/redis-versions", query=["subscriptionId"])
    async def redis_versions(self, subscription_id: int) -> builtins.list[RedisVersion]:
        """The Redis versions a database of this subscription can be created with."""
        route = self._route(self.redis_versions, subscription_id=subscription_id)
        return (await self._get(route, RedisVersions)).redis_versions

    async def wait_until_active(
        self, subscription_id: int, *, timeout: float | None = None
    ) -> EssentialsSubscription:
        """Wait (through shared polling) until the subscription is `active`."""
        path = self._route(self.list).path
        return await self._wait_subscription_active(
            subscription_id, EssentialsSubscription, path, timeout
        )

    async def wait_until_gone(self, subscription_id: int, *, timeout: float | None = None) -> None:
        """Wait (through shared polling) until a deleted subscription is no longer listed."""
        await self._wait_subscription_gone(subscription_id, timeout)


class EssentialsDatabases(
    DatabaseOperations[
        EssentialsDatabase,
        EssentialsDatabaseList,
        EssentialsDatabaseCreateSpec,
        EssentialsDatabaseUpdateSpec,
    ]
):
    """Databases of Essentials subscriptions (`/fixed/subscriptions/{id}/databases`).

    Their memory comes from the subscription's plan, and each has a single region.
    """

    _databases_path = SUBSCRIPTIONS + "/{subscriptionId}/databases"
    _lane_kind = "fixed"
    _namespace = "client.essentials.databases"
    _multi_region = False
    _database = EssentialsDatabase
    _page = EssentialsDatabaseList


class Essentials:
    """The Essentials area: `.plans`, `.subscriptions`, `.databases`."""

    def __init__(self, context: ClientContext) -> None:
        self.plans = EssentialsPlans(context)
        self.subscriptions = EssentialsSubscriptions(context)
        self.databases = EssentialsDatabases(context)
