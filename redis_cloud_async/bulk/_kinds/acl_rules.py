"""Redis ACL rules, planned as `AclRedisRuleSpec`."""

from __future__ import annotations

from collections.abc import Iterator

from ..._client import AsyncClient
from ...models.acl import AclRedisRuleSpec
from ...resources.acl import AclRedisRules
from .._context import RunContext
from .._costs import Costs
from .._items import Item, Kind
from .._plan import Plan
from .acl import AclKind

__all__ = ["ACL_RULES", "AclRules"]


class AclRules(AclKind[AclRedisRuleSpec, AclRedisRuleSpec]):
    name = Kind.ACL_RULE
    create_command = "aclRedisRuleCreateRequest"
    delete_command = "aclRedisRuleDeleteRequest"

    def area(self, client: AsyncClient) -> AclRedisRules:
        return client.acl.redis_rules

    def items(self, plan: Plan, costs: Costs) -> Iterator[Item[AclRedisRuleSpec]]:
        for rule in plan.acl.rules:
            yield Item(key=self.key(rule.name), spec=rule)

    def request(self, ctx: RunContext, item: Item[AclRedisRuleSpec]) -> AclRedisRuleSpec:
        return item.spec


ACL_RULES = AclRules()
