"""A plan flattened into items: one per thing to create, each with its dependencies.

Keys are stable strings (``pro-database:prod/cache``): they name outcomes, events and
journal rows, so a resumed run finds what an earlier one did.
"""

from __future__ import annotations

from typing import Any

import attrs

from ..models._base import StrEnum
from ..models.databases import DatabaseCreateSpec
from ..models.subscriptions import SubscriptionDatabaseSpec
from ._costs import Costs
from ._plan import Plan, ProSubscriptionPlan, initial_database_names

__all__ = ["Item", "ItemKey", "Kind", "flatten", "fold", "unfold"]


class Kind(StrEnum):
    PRO_SUBSCRIPTION = "pro-subscription"
    ACTIVE_ACTIVE_REGION = "active-active-region"
    PRO_DATABASE = "pro-database"
    ESSENTIALS_SUBSCRIPTION = "essentials-subscription"
    ESSENTIALS_DATABASE = "essentials-database"
    VPC_PEERING = "vpc-peering"
    ACL_RULE = "acl-rule"
    ACL_ROLE = "acl-role"
    ACL_USER = "acl-user"


@attrs.frozen(order=True)
class ItemKey:
    """What an item is, by kind and name (``subscription/database`` inside one)."""

    kind: Kind
    name: str

    def __str__(self) -> str:
        return f"{self.kind}:{self.name}"


@attrs.frozen(kw_only=True)
class Item:
    """One thing of the plan: its spec, its parent subscription and what it waits for."""

    key: ItemKey
    spec: Any = attrs.field(repr=False)
    deps: tuple[ItemKey, ...] = ()
    subscription: str | None = None
    #: Pro databases from the subscription's own create request.
    initial: bool = False
    #: Pro databases that a subscription create request can carry exactly.
    foldable: bool = False
    #: The rest of a chain this item starts (the scheduling priority), in service seconds.
    chain: float = 0.0


_CARRIED = frozenset(a.name for a in attrs.fields(SubscriptionDatabaseSpec)) - {"quantity"}


def _set_fields(spec: Any) -> dict[str, Any]:
    return {
        a.name: getattr(spec, a.name)
        for a in attrs.fields(type(spec))
        if getattr(spec, a.name) is not None
    }


def fold(spec: DatabaseCreateSpec) -> SubscriptionDatabaseSpec | None:
    """The same database as an entry of a subscription create request, if it can be
    said there exactly (every set field has its twin); else None."""
    values = _set_fields(spec)
    if not values.keys() <= _CARRIED or spec.dry_run:
        return None
    return SubscriptionDatabaseSpec(**values)


def unfold(spec: SubscriptionDatabaseSpec, name: str) -> DatabaseCreateSpec:
    """A create request's database entry as a database create of its own."""
    values = _set_fields(spec)
    values.pop("quantity", None)
    values["name"] = name
    return DatabaseCreateSpec(**values)


def subscription_key(name: str) -> ItemKey:
    return ItemKey(Kind.PRO_SUBSCRIPTION, name)


def database_key(subscription: str, name: str, *, essentials: bool = False) -> ItemKey:
    kind = Kind.ESSENTIALS_DATABASE if essentials else Kind.PRO_DATABASE
    return ItemKey(kind, f"{subscription}/{name}")


def peering_name(spec: Any) -> str:
    """A peering's identity: where it starts and what it peers with."""
    region = getattr(spec, "source_region", None) or getattr(spec, "region", None) or "-"
    target = getattr(spec, "vpc_id", None) or (
        f"{getattr(spec, 'vpc_project_uid', '')}/{getattr(spec, 'vpc_network_name', '')}"
    )
    return f"{region}:{target}"


def _pro_items(sub: ProSubscriptionPlan, costs: Costs) -> list[Item]:
    key = subscription_key(sub.name)
    later = [db for db in sub.databases if fold(db) is None]
    chain = costs.subscription + costs.database * len(later) + costs.task * len(sub.peerings)
    items = [Item(key=key, spec=sub, chain=chain)]
    regions: tuple[ItemKey, ...] = ()
    if sub.active_active:
        # Regions come with the create request; an existing subscription may lack some.
        for provider in sub.spec.cloud_providers:
            for region in provider.regions:
                region_key = ItemKey(Kind.ACTIVE_ACTIVE_REGION, f"{sub.name}/{region.region}")
                regions += (region_key,)
                items.append(
                    Item(
                        key=region_key,
                        spec=region,
                        deps=(key,),
                        subscription=sub.name,
                        chain=costs.subscription,
                    )
                )
    remaining = len(later)
    for entry in sub.spec.databases:
        for name in initial_database_names(entry):
            items.append(
                Item(
                    key=database_key(sub.name, name),
                    spec=unfold(entry, name),
                    deps=(key, *regions),
                    subscription=sub.name,
                    initial=True,
                )
            )
    for db in sub.databases:
        foldable = fold(db) is not None
        if not foldable:
            remaining -= 1
        items.append(
            Item(
                key=database_key(sub.name, db.name),
                spec=db,
                deps=(key, *regions),
                subscription=sub.name,
                foldable=foldable,
                chain=costs.database * (remaining + 1),
            )
        )
    for peering in sub.peerings:
        items.append(
            Item(
                key=ItemKey(Kind.VPC_PEERING, f"{sub.name}/{peering_name(peering)}"),
                spec=peering,
                deps=(key,),
                subscription=sub.name,
            )
        )
    return items


def flatten(plan: Plan, costs: Costs) -> list[Item]:
    """Every item of the plan with its dependencies, parents before children."""
    items: list[Item] = []
    for sub in plan.subscriptions:
        items.extend(_pro_items(sub, costs))
    for fixed in plan.essentials:
        key = ItemKey(Kind.ESSENTIALS_SUBSCRIPTION, fixed.name)
        chain = costs.essentials_subscription + costs.essentials_database * len(fixed.databases)
        items.append(Item(key=key, spec=fixed, chain=chain))
        for index, db in enumerate(fixed.databases):
            items.append(
                Item(
                    key=database_key(fixed.name, db.name, essentials=True),
                    spec=db,
                    deps=(key,),
                    subscription=fixed.name,
                    chain=costs.essentials_database * (len(fixed.databases) - index),
                )
            )
    planned_rules = {rule.name for rule in plan.acl.rules}
    for rule in plan.acl.rules:
        items.append(Item(key=ItemKey(Kind.ACL_RULE, rule.name), spec=rule))
    for role in plan.acl.roles:
        deps: list[ItemKey] = []
        for rule_plan in role.rules:
            if rule_plan.rule in planned_rules:
                deps.append(ItemKey(Kind.ACL_RULE, rule_plan.rule))
            for ref in rule_plan.databases:
                deps.append(database_key(ref.subscription, ref.database, essentials=ref.essentials))
        items.append(
            Item(key=ItemKey(Kind.ACL_ROLE, role.name), spec=role, deps=tuple(dict.fromkeys(deps)))
        )
    planned_roles = {role.name for role in plan.acl.roles}
    for user in plan.acl.users:
        deps = [ItemKey(Kind.ACL_ROLE, user.role)] if user.role in planned_roles else []
        items.append(Item(key=ItemKey(Kind.ACL_USER, user.name), spec=user, deps=tuple(deps)))
    return items
