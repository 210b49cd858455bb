"""ACL users, planned as `AclUserCreateSpec`: each after its role, if planned. Their
role and password change in place; the password is never shown back, so it is
compared through the journal's fingerprint of the one last sent."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from ..._client import AsyncClient
from ...models.acl import AclUser, AclUserCreateSpec, AclUserUpdateSpec
from ...resources.acl import AclUsers as AclUsersArea
from .._context import RunContext
from .._costs import Costs
from .._fields import setting
from .._items import Item, Kind
from .._plan import Plan
from .acl import AclKind
from .acl_roles import ACL_ROLES

__all__ = ["ACL_USERS", "AclUsers"]


class AclUsers(AclKind[AclUserCreateSpec, AclUserCreateSpec]):
    name = Kind.ACL_USER
    create_command = "aclUserCreateRequest"
    update_command = "aclUserUpdateRequest"
    delete_command = "aclUserDeleteRequest"
    table = (
        setting("role", "user"),
        setting("password", "user", shown=False, secret=True),
    )

    def area(self, client: AsyncClient) -> AclUsersArea:
        return client.acl.users

    def items(self, plan: Plan, costs: Costs) -> Iterator[Item[AclUserCreateSpec]]:
        planned_roles = {role.name for role in plan.acl.roles}
        for user in plan.acl.users:
            deps = (ACL_ROLES.key(user.role),) if user.role in planned_roles else ()
            yield Item(key=self.key(user.name), spec=user, deps=deps)

    def request(self, ctx: RunContext, item: Item[AclUserCreateSpec]) -> AclUserCreateSpec:
        return item.spec

    async def current(self, ctx: RunContext, listed: AclUser) -> dict[str, Any]:
        return {"role": listed.role} if listed.role is not None else {}

    def update_request(
        self, ctx: RunContext, item: Item[AclUserCreateSpec], values: Mapping[str, Any]
    ) -> AclUserUpdateSpec:
        return AclUserUpdateSpec(**values)


ACL_USERS = AclUsers()
