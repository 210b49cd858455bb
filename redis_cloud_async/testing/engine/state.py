"""The account's state: plain mutable records, rendered to JSON by the route modules.

Only what the rules need is typed (ids, names, statuses, parents); the rest of a
resource's settings is kept as the camelCase properties the client sent, so that what
goes in comes back out. Secrets live in fields excluded from ``repr``.
"""

from __future__ import annotations

from typing import Any

import attrs

ACTIVE = "active"
PENDING = "pending"
DELETING = "deleting"
CHANGE_PENDING = "active-change-pending"


@attrs.define(eq=False, kw_only=True)
class Stateful:
    """Something with a status that changes over time.

    ``generation`` grows with each scheduled transition, so an event scheduled for an
    older transition (a database updated again, or deleted, meanwhile) does nothing.
    """

    status: str
    created_at: float
    updated_at: float
    generation: int = 0


@attrs.define(eq=False, kw_only=True)
class Tag:
    key: str
    value: str
    created_at: float
    updated_at: float


@attrs.define(eq=False, kw_only=True)
class Database(Stateful):
    id: int
    subscription_id: int
    name: str
    essentials: bool = False
    #: The properties the client sent (camelCase), secrets removed.
    settings: dict[str, Any] = attrs.field(factory=dict)
    password: str = attrs.field(repr=False)
    port: int
    redis_version: str
    activated_at: float | None = None
    #: Active-Active databases: the regions they run in.
    regions: list[str] = attrs.field(factory=list)
    tags: dict[str, Tag] = attrs.field(factory=dict)
    backup_status: dict[str, Any] | None = None
    import_status: dict[str, Any] | None = None
    upgrade_status: dict[str, Any] | None = None
    traffic: dict[str, Any] | None = None


@attrs.define(eq=False, kw_only=True)
class Region(Stateful):
    """A region of a Pro subscription (one, or several for Active-Active)."""

    id: int
    name: str
    provider: str
    deployment_cidr: str
    vpc_id: str
    multiple_azs: bool = False
    preferred_azs: list[str] = attrs.field(factory=list)


@attrs.define(eq=False, kw_only=True)
class Link(Stateful):
    """A connectivity object (peering, PrivateLink, TGW, PSC service or endpoint...)."""

    id: int
    kind: str
    region: str | None = None
    data: dict[str, Any] = attrs.field(factory=dict)


@attrs.define(eq=False, kw_only=True)
class Subscription(Stateful):
    id: int
    name: str
    essentials: bool = False
    settings: dict[str, Any] = attrs.field(factory=dict)
    databases: dict[int, Database] = attrs.field(factory=dict)
    regions: dict[str, Region] = attrs.field(factory=dict)
    active_active: bool = False
    plan_id: int | None = None
    cidr_allowlist: dict[str, list[str]] = attrs.field(
        factory=lambda: {"cidrIps": [], "securityGroupIds": []}
    )
    maintenance: dict[str, Any] = attrs.field(factory=lambda: {"mode": "automatic", "windows": []})
    resource_tags: list[dict[str, str]] = attrs.field(factory=list)
    links: dict[int, Link] = attrs.field(factory=dict)

    def effective_status(self) -> str:
        """``pending`` while the subscription or anything in it is being changed."""
        if self.status != ACTIVE:
            return self.status
        parts = [*self.databases.values(), *self.regions.values()]
        return PENDING if any(part.status != ACTIVE for part in parts) else ACTIVE


@attrs.define(eq=False, kw_only=True)
class Item(Stateful):
    """A record of the smaller areas (ACL, users, cloud accounts, cost reports...)."""

    id: int
    name: str
    data: dict[str, Any] = attrs.field(factory=dict)
    secrets: dict[str, str] = attrs.field(factory=dict, repr=False)


_ID_BASES = {
    "subscription": 120000,
    "database": 51000000,
    "task-log": 2900000,
    "cloud_accounts": 0,
    "users": 60190,
}


@attrs.define(eq=False)
class Account:
    """Everything the simulated account holds."""

    id: int = 40131
    name: str = "Simulated Redis Cloud account"
    subscriptions: dict[int, Subscription] = attrs.field(factory=dict)
    fixed_subscriptions: dict[int, Subscription] = attrs.field(factory=dict)
    #: The smaller areas, by collection name (``"acl_users"``, ``"cloud_accounts"``...).
    items: dict[str, dict[int, Item]] = attrs.field(factory=dict)
    system_log: list[dict[str, Any]] = attrs.field(factory=list)
    session_log: list[dict[str, Any]] = attrs.field(factory=list)
    _next_ids: dict[str, int] = attrs.field(factory=dict)

    def new_id(self, kind: str) -> int:
        value = self._next_ids.get(kind, _ID_BASES.get(kind, 1000))
        self._next_ids[kind] = value + 1
        return value + 1

    def collection(self, name: str) -> dict[int, Item]:
        return self.items.setdefault(name, {})

    def any_subscription(self, sub_id: int) -> Subscription | None:
        """A Pro or Essentials subscription by id (ids are unique across both)."""
        return self.subscriptions.get(sub_id) or self.fixed_subscriptions.get(sub_id)

    def all_subscriptions(self) -> list[Subscription]:
        return [*self.subscriptions.values(), *self.fixed_subscriptions.values()]
