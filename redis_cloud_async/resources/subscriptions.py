"""`client.subscriptions`: Pro subscriptions and their settings."""

from __future__ import annotations

import builtins
from collections.abc import Sequence

from .._handle import TaskHandle
from ..models.common import CostEstimate, Tag
from ..models.subscription_settings import (
    CidrAllowlist,
    CidrAllowlistSpec,
    MaintenanceWindows,
    MaintenanceWindowsSpec,
    RedisVersion,
    RedisVersions,
    ResourceTagsSpec,
)
from ..models.subscriptions import (
    Subscription,
    SubscriptionCreateSpec,
    SubscriptionList,
    SubscriptionUpdateSpec,
)
from ._base import Resource, named
from ._operation import operation

__all__ = ["Subscriptions"]


class Subscriptions(Resource):
    """Pro subscriptions: their lifecycle, settings, pricing and Redis versions.

    Create (or `estimate`), read, change, delete and wait; CIDR allowlist, maintenance
    windows, resource tags.
    """

    @operation("GET", "/subscriptions")
    async def list(self) -> list[Subscription]:
        """Every Pro subscription of the account (`GET /subscriptions`)."""
        page = await self._get(self._route(self.list), SubscriptionList)
        return page.subscriptions

    @operation("GET", "/subscriptions/{subscriptionId}")
    async def get(self, subscription_id: int) -> Subscription:
        """One Pro subscription (`GET /subscriptions/{id}`)."""
        return await self._get(self._route(self.get, subscription_id), Subscription)

    async def find(self, name: str) -> Subscription | None:
        """The subscription with this name, if any (names are unique in an account)."""
        return named(await self.list(), name)

    @operation("POST", "/subscriptions", returns="task")
    async def create(self, spec: SubscriptionCreateSpec) -> TaskHandle:
        """Create a Pro subscription; the task's resource id is the new subscription's id.

        To price a plan without creating it, use `estimate` (a spec with `dry_run=True`
        is refused here).
        """
        self._refuse_dry_run(spec, "client.subscriptions.estimate")
        return await self._write(self._route(self.create), spec, creates="pro")

    async def estimate(self, spec: SubscriptionCreateSpec) -> CostEstimate:
        """Price a subscription plan without creating anything (a dry run of `create`)."""
        return await self._estimate(self._route(self.create), spec)

    @operation("PUT", "/subscriptions/{subscriptionId}", returns="task")
    async def update(self, subscription_id: int, spec: SubscriptionUpdateSpec) -> TaskHandle:
        """Change a subscription's name, payment method or public endpoint access."""
        route = self._route(self.update, subscription_id)
        return await self._write_in(route, subscription_id, spec)

    @operation("DELETE", "/subscriptions/{subscriptionId}", returns="task")
    async def delete(self, subscription_id: int, *, confirm: bool = False) -> TaskHandle:
        """Delete a subscription; its databases must be deleted first. Needs confirm=True."""
        self._require_confirmation(confirm, "deleting a subscription")
        route = self._route(self.delete, subscription_id)
        return await self._write_in(route, subscription_id)

    async def wait_until_active(
        self, subscription_id: int, *, timeout: float | None = None
    ) -> Subscription:
        """Wait (through shared polling) until the subscription is `active`."""
        path = self._route(self.list).path
        return await self._wait_subscription_active(subscription_id, Subscription, path, timeout)

    async def wait_until_gone(self, subscription_id: int, *, timeout: float | None = None) -> None:
        """Wait (through shared polling) until a deleted subscription is no longer listed."""
        await self._wait_subscription_gone(subscription_id, timeout)

    # -- versions and pricing ------------------------------------------------------------
    @operation("GET", "/subscriptions/redis-versions", query=["subscriptionId"])
    async def redis_versions(
        self, subscription_id: int | None = None
    ) -> builtins.list[RedisVersion]:
        """Redis versions a new database can run (in `subscription_id`, when given)."""
        route = self._route(self.redis_versions, subscription_id=subscription_id)
        answer = await self._get(route, RedisVersions)
        return answer.redis_versions

    @operation("GET", "/subscriptions/{subscriptionId}/pricing")
    async def pricing(self, subscription_id: int) -> CostEstimate:
        """What the subscription costs, line by line (shards, storage... per region)."""
        return await self._get(self._route(self.pricing, subscription_id), CostEstimate)

    # -- CIDR allowlist ------------------------------------------------------------------
    @operation("GET", "/subscriptions/{subscriptionId}/cidr", returns="task")
    async def cidr_allowlist(self, subscription_id: int) -> CidrAllowlist:
        """The CIDR blocks and security groups allowed to reach the subscription.

        For subscriptions in your own cloud account; read through a task.
        """
        route = self._route(self.cidr_allowlist, subscription_id)
        return await self._get_via_task(route, CidrAllowlist)

    @operation("PUT", "/subscriptions/{subscriptionId}/cidr", returns="task")
    async def update_cidr_allowlist(
        self, subscription_id: int, spec: CidrAllowlistSpec
    ) -> TaskHandle:
        """Replace the subscription's CIDR allowlist."""
        route = self._route(self.update_cidr_allowlist, subscription_id)
        return await self._write_in(route, subscription_id, spec)

    # -- maintenance windows and resource tags ----------------------------------------------
    @operation("GET", "/subscriptions/{subscriptionId}/maintenance-windows")
    async def maintenance_windows(self, subscription_id: int) -> MaintenanceWindows:
        """When Redis Cloud may do maintenance on the subscription."""
        route = self._route(self.maintenance_windows, subscription_id)
        return await self._get(route, MaintenanceWindows)

    @operation("PUT", "/subscriptions/{subscriptionId}/maintenance-windows", returns="task")
    async def update_maintenance_windows(
        self, subscription_id: int, spec: MaintenanceWindowsSpec
    ) -> TaskHandle:
        """Set the maintenance mode: ``manual`` with 1-7 weekly windows, or ``automatic``."""
        route = self._route(self.update_maintenance_windows, subscription_id)
        return await self._write_in(route, subscription_id, spec)

    @operation("PUT", "/subscriptions/{subscriptionId}/resource-tags", returns="task")
    async def update_resource_tags(self, subscription_id: int, tags: Sequence[Tag]) -> TaskHandle:
        """Replace the tags put on the subscription's cloud resources (at most 30)."""
        route = self._route(self.update_resource_tags, subscription_id)
        spec = ResourceTagsSpec(resource_tags=list(tags))
        return await self._write_in(route, subscription_id, spec)
