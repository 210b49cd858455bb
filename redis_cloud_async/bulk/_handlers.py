"""How each kind of item is found, created and followed (the `Ops` of `ensure`).

Which writes hold a pending-subscription slot follows the service's rule: anything
that leaves a subscription non-active (creating it; creating a database in it) holds
one until the subscription is active again. Peerings and ACL objects hold none.
"""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Any

import attrs

from .._errors import TaskFailedError
from .._handle import TaskHandle
from ..models.acl import AclRoleCreateSpec, AclRoleDatabaseSpec, AclRoleRuleSpec
from ..models.subscription_settings import ActiveActiveRegionSpec
from ..models.subscriptions import RegionSpec, SubscriptionDatabaseSpec
from ..models.vpc_peering import (
    AwsActiveActiveVpcPeeringCreateSpec,
    GcpActiveActiveVpcPeeringCreateSpec,
)
from ._context import RunContext, SubscriptionState
from ._ensure import Ensured, Ops, ensure
from ._inventory import Found
from ._items import Item, ItemKey, Kind, database_key, fold, peering_name
from ._plan import (
    EssentialsSubscriptionPlan,
    ProSubscriptionPlan,
    RolePlan,
    initial_database_names,
)

__all__ = ["HANDLERS"]


async def _pro_subscription(ctx: RunContext, item: Item) -> Ensured:
    plan: ProSubscriptionPlan = item.spec
    initial = [n for entry in plan.spec.databases for n in initial_database_names(entry)]
    folded = {db.name: entry for db in plan.databases if (entry := fold(db)) is not None}
    if ctx.fold and folded:
        try:
            ensured = await _create_pro_subscription(ctx, item, [*folded.values()])
        except TaskFailedError as error:
            if not (error.error_type or "").startswith("DATABASE_"):
                raise
            # One carried database is wrong: the subscription must not fail for it.
            # Create it bare; the databases then go one by one and fail one by one.
            folded = {}
            ensured = await _create_pro_subscription(ctx, item, [])
    else:
        folded = {}
        ensured = await _create_pro_subscription(ctx, item, [])
    assert ensured.resource_id is not None, "a subscription create names its subscription"
    carried = frozenset([*initial, *folded]) if ensured.created else frozenset()
    ctx.subscriptions[item.key] = SubscriptionState(
        ensured.resource_id, created=ensured.created, carried=carried
    )
    return ensured


async def _create_pro_subscription(
    ctx: RunContext, item: Item, folded: list[SubscriptionDatabaseSpec]
) -> Ensured:
    plan: ProSubscriptionPlan = item.spec
    spec = attrs.evolve(plan.spec, databases=[*plan.spec.databases, *folded])

    async def find(refresh: bool) -> Found | None:
        return (await ctx.inventory.pro_subscriptions(refresh=refresh)).get(plan.name)

    async def ready(sub_id: int) -> object:
        return await ctx.client.subscriptions.wait_until_active(sub_id, timeout=ctx.timeout)

    ops = Ops(
        command="subscriptionCreateRequest",
        find=find,
        send=lambda: ctx.client.subscriptions.create(spec),
        ready=ready,
        slot=lambda: ctx.slots.hold(item.chain),
    )
    return await ensure(ctx, item.key, ops)


async def _essentials_subscription(ctx: RunContext, item: Item) -> Ensured:
    plan: EssentialsSubscriptionPlan = item.spec
    fixed = ctx.client.essentials.subscriptions

    async def find(refresh: bool) -> Found | None:
        return (await ctx.inventory.essentials_subscriptions(refresh=refresh)).get(plan.name)

    async def ready(sub_id: int) -> object:
        return await fixed.wait_until_active(sub_id, timeout=ctx.timeout)

    ops = Ops(
        command="fixedSubscriptionCreateRequest",
        find=find,
        send=lambda: fixed.create(plan.spec),
        ready=ready,
        slot=lambda: ctx.slots.hold(item.chain),
    )
    ensured = await ensure(ctx, item.key, ops)
    assert ensured.resource_id is not None
    ctx.subscriptions[item.key] = SubscriptionState(ensured.resource_id, created=ensured.created)
    return ensured


async def _database(ctx: RunContext, item: Item) -> Ensured:
    essentials = item.key.kind is Kind.ESSENTIALS_DATABASE
    parent_key, namespace, subscriptions = ctx.database_area(item.key)
    parent = ctx.subscriptions[parent_key]
    sub_id = parent.resource_id
    name = item.spec.name

    def find(refresh: bool) -> Awaitable[Found | None]:
        return ctx.inventory.database(sub_id, name, essentials=essentials, refresh=refresh)

    ops = Ops(
        command="fixedDatabaseCreateRequest" if essentials else "databaseCreateRequest",
        find=find,
        send=lambda: namespace.create(sub_id, item.spec),
        ready=lambda db_id: namespace.wait_until_active(sub_id, db_id, timeout=ctx.timeout),
        slot=lambda: ctx.slots.hold(item.chain),
        settle=lambda: subscriptions.wait_until_active(sub_id, timeout=ctx.timeout),
    )
    if name in parent.carried:
        found = await find(False)
        if found is not None and found.active:
            ctx.record(item.key, "finished", resource_id=found.resource_id)
            return Ensured(found.resource_id, created=True)
    async with ctx.lane((parent_key.kind, sub_id)):
        return await ensure(ctx, item.key, ops, carried=name in parent.carried)


async def _peering(ctx: RunContext, item: Item) -> Ensured:
    assert item.subscription is not None
    parent = ctx.subscriptions[ItemKey(Kind.PRO_SUBSCRIPTION, item.subscription)]
    sub_id = parent.resource_id
    spec = item.spec
    active_active = isinstance(
        spec, AwsActiveActiveVpcPeeringCreateSpec | GcpActiveActiveVpcPeeringCreateSpec
    )
    peering = ctx.client.connectivity.vpc_peering
    identity = peering_name(spec)

    async def find(refresh: bool) -> Found | None:
        found = await ctx.inventory.peerings(sub_id, active_active=active_active, refresh=refresh)
        return found.get(identity)

    async def send() -> Any:
        if active_active:
            return await peering.create_active_active(sub_id, spec)
        return await peering.create(sub_id, spec)

    async def settle() -> object:
        return await ctx.client.subscriptions.wait_until_active(sub_id, timeout=ctx.timeout)

    ops = Ops(command="vpcPeeringCreateRequest", find=find, send=send, settle=settle)
    async with ctx.lane((Kind.PRO_SUBSCRIPTION, sub_id)):
        return await ensure(ctx, item.key, ops, look=not parent.created)


async def _region(ctx: RunContext, item: Item) -> Ensured:
    """A region of an Active-Active subscription: there since its creation, or added
    (the subscription is pending meanwhile, so the add holds a slot)."""
    assert item.subscription is not None
    parent = ctx.subscriptions[ItemKey(Kind.PRO_SUBSCRIPTION, item.subscription)]
    sub_id = parent.resource_id
    region: RegionSpec = item.spec
    networking = region.networking

    async def find(refresh: bool) -> Found | None:
        return (await ctx.inventory.regions(sub_id, refresh=refresh)).get(region.region)

    async def send() -> TaskHandle:
        cidr = networking.deployment_cidr if networking else None
        spec = ActiveActiveRegionSpec(
            region=region.region,
            deployment_cidr=cidr or "",
            vpc_id=networking.vpc_id if networking else None,
            preferred_availability_zones=region.preferred_availability_zones,
        )
        return await ctx.client.active_active.add_region(sub_id, spec)

    async def ready(_: int) -> object:
        return await ctx.client.subscriptions.wait_until_active(sub_id, timeout=ctx.timeout)

    ops = Ops(
        command="activeActiveRegionCreateRequest",
        find=find,
        send=send,
        ready=ready,
        slot=lambda: ctx.slots.hold(item.chain),
        settle=lambda: ready(sub_id),
    )
    async with ctx.lane((Kind.PRO_SUBSCRIPTION, sub_id)):
        return await ensure(ctx, item.key, ops, carried=parent.created)


def _acl_ops(ctx: RunContext, kind: str, name: str, command: str, send: Any) -> Ops:
    async def find(refresh: bool) -> Found | None:
        return (await ctx.inventory.acl(kind, refresh=refresh)).get(name)

    return Ops(command=command, find=find, send=send)


async def _acl_rule(ctx: RunContext, item: Item) -> Ensured:
    rules = ctx.client.acl.redis_rules
    ops = _acl_ops(
        ctx, "rule", item.spec.name, "aclRedisRuleCreateRequest", lambda: rules.create(item.spec)
    )
    return await ensure(ctx, item.key, ops)


def role_spec(ctx: RunContext, role: RolePlan) -> AclRoleCreateSpec:
    """The role's create request, its databases resolved to the ids they now have."""
    rules = []
    for rule in role.rules:
        databases = []
        for ref in rule.databases:
            sub_kind = Kind.ESSENTIALS_SUBSCRIPTION if ref.essentials else Kind.PRO_SUBSCRIPTION
            sub = ctx.subscriptions[ItemKey(sub_kind, ref.subscription)]
            db_id = ctx.resource_ids[
                database_key(ref.subscription, ref.database, essentials=ref.essentials)
            ]
            databases.append(
                AclRoleDatabaseSpec(
                    subscription_id=sub.resource_id, database_id=db_id, regions=ref.regions
                )
            )
        rules.append(AclRoleRuleSpec(rule_name=rule.rule, databases=databases))
    return AclRoleCreateSpec(name=role.name, redis_rules=rules)


async def _acl_role(ctx: RunContext, item: Item) -> Ensured:
    roles = ctx.client.acl.roles
    spec = role_spec(ctx, item.spec)
    ops = _acl_ops(ctx, "role", spec.name, "aclRoleCreateRequest", lambda: roles.create(spec))
    return await ensure(ctx, item.key, ops)


async def _acl_user(ctx: RunContext, item: Item) -> Ensured:
    users = ctx.client.acl.users
    ops = _acl_ops(
        ctx, "user", item.spec.name, "aclUserCreateRequest", lambda: users.create(item.spec)
    )
    return await ensure(ctx, item.key, ops)


HANDLERS = {
    Kind.PRO_SUBSCRIPTION: _pro_subscription,
    Kind.ESSENTIALS_SUBSCRIPTION: _essentials_subscription,
    Kind.ACTIVE_ACTIVE_REGION: _region,
    Kind.PRO_DATABASE: _database,
    Kind.ESSENTIALS_DATABASE: _database,
    Kind.VPC_PEERING: _peering,
    Kind.ACL_RULE: _acl_rule,
    Kind.ACL_ROLE: _acl_role,
    Kind.ACL_USER: _acl_user,
}
