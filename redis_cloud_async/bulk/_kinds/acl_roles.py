"""ACL roles, planned as `RolePlan`: rules on databases, all by name. A role waits
for its planned rules and its databases, and its create request names the databases
by the ids they then have."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..._client import AsyncClient
from ...models.acl import AclRoleCreateSpec, AclRoleDatabaseSpec, AclRoleRuleSpec
from ...resources.acl import AclRoles as AclRolesArea
from .._context import RunContext
from .._costs import Costs
from .._items import Item, ItemKey, Kind
from .._plan import DatabaseRef, Plan, RolePlan
from .acl import AclKind
from .acl_rules import ACL_RULES
from .databases import DatabaseKind
from .essentials_databases import ESSENTIALS_DATABASES
from .pro_databases import PRO_DATABASES

__all__ = ["ACL_ROLES", "AclRoles"]


def _databases(ref: DatabaseRef) -> DatabaseKind[Any]:
    return ESSENTIALS_DATABASES if ref.essentials else PRO_DATABASES


def _database_key(ref: DatabaseRef) -> ItemKey:
    return _databases(ref).key(ref.subscription, ref.database)


class AclRoles(AclKind[RolePlan, AclRoleCreateSpec]):
    name = Kind.ACL_ROLE
    create_command = "aclRoleCreateRequest"
    delete_command = "aclRoleDeleteRequest"

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


ACL_ROLES = AclRoles()
