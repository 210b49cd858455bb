"""ACL roles, planned as `RolePlan`: rules on databases, all by name. A role waits
for its planned rules and its databases, and its create request names the databases
by the ids they then have. Its rules change in place (the whole list at once); they
are compared by name, the databases' ids read back to names through the lists."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, cast

from ..._client import AsyncClient
from ...models.acl import (
    AclRole,
    AclRoleCreateSpec,
    AclRoleDatabaseSpec,
    AclRoleRuleSpec,
    AclRoleUpdateSpec,
)
from ...resources.acl import AclRoles as AclRolesArea
from .._context import RunContext
from .._costs import Costs
from .._fields import plain, setting, unordered
from .._inventory import Found
from .._items import Item, ItemKey, Kind
from .._plan import DatabaseRef, Plan, RolePlan, RoleRulePlan
from .acl import AclKind
from .acl_rules import ACL_RULES
from .databases import DatabaseKind
from .essentials_databases import ESSENTIALS_DATABASES
from .essentials_subscriptions import ESSENTIALS_SUBSCRIPTIONS
from .pro_databases import PRO_DATABASES
from .pro_subscriptions import PRO_SUBSCRIPTIONS

__all__ = ["ACL_ROLES", "AclRoles"]


def _databases(ref: DatabaseRef) -> DatabaseKind[Any]:
    return ESSENTIALS_DATABASES if ref.essentials else PRO_DATABASES


def _database_key(ref: DatabaseRef) -> ItemKey:
    return _databases(ref).key(ref.subscription, ref.database)


def role_rules(value: Any) -> Any:
    """A role's rules in any order, each one's databases (and their regions) too."""
    rules = plain(value) or []
    return unordered(
        [
            {
                **rule,
                "databases": unordered(
                    [
                        {**db, "regions": sorted(db["regions"])} if db.get("regions") else db
                        for db in rule.get("databases") or []
                    ]
                ),
            }
            for rule in rules
        ]
    )


class AclRoles(AclKind[RolePlan, AclRoleCreateSpec]):
    name = Kind.ACL_ROLE
    create_command = "aclRoleCreateRequest"
    update_command = "aclRoleUpdateRequest"
    delete_command = "aclRoleDeleteRequest"
    table = (setting("rules", "role", canon=role_rules),)

    def area(self, client: AsyncClient) -> AclRolesArea:
        return client.acl.roles

    def items(self, plan: Plan, costs: Costs) -> Iterator[Item[RolePlan]]:
        planned_rules = {rule.name for rule in plan.acl.rules}
        for role in plan.acl.roles:
            deps: list[ItemKey] = []
            for rule in role.rules:
                if rule.rule in planned_rules:
                    deps.append(ACL_RULES.key(rule.rule))
                deps.extend(_database_key(ref) for ref in rule.databases)
            yield Item(key=self.key(role.name), spec=role, deps=tuple(dict.fromkeys(deps)))

    def request(self, ctx: RunContext, item: Item[RolePlan]) -> AclRoleCreateSpec:
        """The role's create request, its databases resolved to the ids they now have."""
        rules = []
        for rule in item.spec.rules:
            databases = []
            for ref in rule.databases:
                sub = ctx.subscriptions[_databases(ref).parent.key(ref.subscription)]
                databases.append(
                    AclRoleDatabaseSpec(
                        subscription_id=sub.resource_id,
                        database_id=ctx.resource_ids[_database_key(ref)],
                        regions=ref.regions,
                    )
                )
            rules.append(AclRoleRuleSpec(rule_name=rule.rule, databases=databases))
        return AclRoleCreateSpec(name=item.spec.name, redis_rules=rules)

    async def current(self, ctx: RunContext, listed: AclRole) -> dict[str, Any]:
        return {"rules": await _role_rules(ctx, listed)}

    async def export(self, ctx: RunContext, found: Found) -> RolePlan | None:
        """The role's rules on the databases the account still has, by name (None when
        none is left: a role needs one)."""
        role = cast(AclRole, found.data)
        rules = []
        for rule in await _role_rules(ctx, role):
            refs = [
                DatabaseRef(
                    subscription=db["subscription"],
                    database=db["database"],
                    essentials=db["essentials"],
                    regions=db["regions"],
                )
                for db in rule["databases"]
                if db["subscription"] is not None and db["database"] is not None
            ]
            if refs and rule["rule"]:
                rules.append(RoleRulePlan(rule=rule["rule"], databases=refs))
        if not rules or role.name is None:
            return None
        return RolePlan(name=role.name, rules=rules)

    def update_request(
        self, ctx: RunContext, item: Item[RolePlan], values: Mapping[str, Any]
    ) -> AclRoleUpdateSpec:
        return AclRoleUpdateSpec(redis_rules=self.request(ctx, item).redis_rules)


ACL_ROLES = AclRoles()


async def _role_rules(ctx: RunContext, role: AclRole) -> list[dict[str, Any]]:
    """A listed role's rules in the plan's terms: subscriptions and databases by name
    (None for one the account no longer has)."""
    pro = await PRO_SUBSCRIPTIONS.names_by_id(ctx)
    fixed = await ESSENTIALS_SUBSCRIPTIONS.names_by_id(ctx)
    rules = []
    for rule in role.redis_rules:
        databases = []
        for target in rule.databases:
            sub_id = target.subscription_id
            essentials = sub_id not in pro and sub_id in fixed
            subscription = (fixed if essentials else pro).get(sub_id or 0)
            database = None
            if subscription is not None and sub_id is not None:
                kind = ESSENTIALS_DATABASES if essentials else PRO_DATABASES
                listing = await kind.listing(ctx, sub_id)
                database = next(
                    (n for n, f in listing.items() if f.resource_id == target.database_id), None
                )
            databases.append(
                {
                    "subscription": subscription,
                    "database": database,
                    "essentials": essentials,
                    "regions": target.regions or None,
                }
            )
        rules.append({"rule": rule.rule_name, "databases": databases})
    return rules
