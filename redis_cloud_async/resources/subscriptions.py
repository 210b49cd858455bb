"""`client.subscriptions`: Pro subscriptions."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .._catalogue import operation
from .._handle import TaskHandle
from .._writes import Lane
from ..models.subscriptions import (
    Subscription,
    SubscriptionCreateSpec,
    SubscriptionList,
    SubscriptionUpdateSpec,
)
from ._base import Resource

__all__ = ["Subscriptions"]


class Subscriptions(Resource):
    """Pro subscriptions: create, read, change, delete, and wait until ready."""

    @operation("GET", "/subscriptions")
    async def list(self) -> list[Subscription]:
        """Every Pro subscription of the account (`GET /subscriptions`)."""
        page = await self._get("/subscriptions", SubscriptionList)
        return page.subscriptions

    @operation("GET", "/subscriptions/{subscriptionId}")
    async def get(self, subscription_id: int) -> Subscription:
        """One Pro subscription (`GET /subscriptions/{id}`)."""
        return await self._get(f"/subscriptions/{int(subscription_id)}", Subscription)

    async def find(self, name: str) -> Subscription | None:
        """The subscription with this name, if any (names are unique in an account)."""
        return next((s for s in await self.list() if s.name == name), None)

    @operation("POST", "/subscriptions", returns="task")
    async def create(self, spec: SubscriptionCreateSpec) -> TaskHandle:
        """Create a Pro subscription (`POST /subscriptions`); the task's resource id is
        the new subscription's id. With `dry_run=True` nothing is created and the task
        carries the price estimate."""
        return await self._write(
            "POST", "/subscriptions", spec, creates=None if spec.dry_run else "pro"
        )

    @operation("PUT", "/subscriptions/{subscriptionId}", returns="task")
    async def update(self, subscription_id: int, spec: SubscriptionUpdateSpec) -> TaskHandle:
        """Change a subscription's name, payment method or public endpoint access."""
        sid = int(subscription_id)
        return await self._write("PUT", f"/subscriptions/{sid}", spec, lane=Lane("pro", sid))

    @operation("DELETE", "/subscriptions/{subscriptionId}", returns="task")
    async def delete(self, subscription_id: int, *, confirm: bool = False) -> TaskHandle:
        """Delete a subscription; its databases must be deleted first. Needs confirm=True."""
        self._require_confirmation(confirm, "deleting a subscription")
        sid = int(subscription_id)
        return await self._write("DELETE", f"/subscriptions/{sid}", lane=Lane("pro", sid))

    async def wait_until_active(
        self, subscription_id: int, *, timeout: float | None = None
    ) -> Subscription:
        """Wait (through shared polling) until the subscription is `active`."""
        data: Mapping[str, Any] = await self._ctx.readiness.wait_subscription(
            int(subscription_id), timeout=timeout
        )
        return self._decode(dict(data), Subscription, "GET", "/subscriptions")
