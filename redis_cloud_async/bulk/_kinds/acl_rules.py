"""Redis ACL rules, planned as `AclRedisRuleSpec`; their rule text changes in place."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, cast

from ..._client import AsyncClient
from ...models.acl import AclRedisRule, AclRedisRuleSpec
from ...resources.acl import AclRedisRules
from .._context import RunContext
from .._costs import Costs
from .._fields import setting, words
from .._inventory import Found
from .._items import Item, Kind
from .._plan import Plan
from .acl import AclKind

__all__ = ["ACL_RULES", "AclRules"]


class AclRules(AclKind[AclRedisRuleSpec, AclRedisRuleSpec]):
    name = Kind.ACL_RULE
    create_command = "aclRedisRuleCreateRequest"
    update_command = "aclRedisRuleUpdateRequest"
    delete_command = "aclRedisRuleDeleteRequest"
    table = (setting("redis_rule", "rule", canon=words),)

    def area(self, client: AsyncClient) -> AclRedisRules:
        return client.acl.redis_rules

    def items(self, plan: Plan, costs: Costs) -> Iterator[Item[AclRedisRuleSpec]]:
        for rule in plan.acl.rules:
            yield Item(key=self.key(rule.name), spec=rule)

    def request(self, ctx: RunContext, item: Item[AclRedisRuleSpec]) -> AclRedisRuleSpec:
        return item.spec

    async def current(self, ctx: RunContext, listed: AclRedisRule) -> dict[str, Any]:
        return {"redis_rule": listed.acl} if listed.acl is not None else {}

    async def export(self, ctx: RunContext, found: Found) -> AclRedisRuleSpec | None:
        """A rule of yours (the account's default rules are not planned)."""
        rule = cast(AclRedisRule, found.data)
        if rule.is_default or rule.name is None or rule.acl is None:
            return None
        return AclRedisRuleSpec(name=rule.name, redis_rule=rule.acl)

    def update_request(
        self, ctx: RunContext, item: Item[AclRedisRuleSpec], values: Mapping[str, Any]
    ) -> AclRedisRuleSpec:
        """The service takes the name with the rule (the same name keeps it)."""
        return item.spec


ACL_RULES = AclRules()
