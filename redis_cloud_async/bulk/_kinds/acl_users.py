"""ACL users, planned as `AclUserCreateSpec`: each after its role, if planned."""

from __future__ import annotations

from collections.abc import Iterator

from ..._client import AsyncClient
from ...models.acl import AclUserCreateSpec
from ...resources.acl import AclUsers as AclUsersArea
from .._context import RunContext
from .._costs import Costs
from .._items import Item, Kind
from .._plan import Plan
from .acl import AclKind
from .acl_roles import ACL_ROLES

__all__ = ["ACL_USERS", "AclUsers"]


class AclUsers(AclKind[AclUserCreateSpec, AclUserCreateSpec]):
    name = Kind.ACL_USER
    create_command = "aclUserCreateRequest"
    delete_command = "aclUserDeleteRequest"

    def area(self, client: AsyncClient) -> AclUsersArea:
        return client.acl.users

    def items(self, plan: Plan, costs: Costs) -> Iterator[Item[AclUserCreateSpec]]:
        planned_roles = {role.name for role in plan.acl.roles}
        for user in plan.acl.users:
            deps = (ACL_ROLES.key(user.role),) if user.role in planned_roles else ()
            yield Item(key=self.key(user.name), spec=user, deps=deps)

    def request(self, ctx: RunContext, item: Item[AclUserCreateSpec]) -> AclUserCreateSpec:
        return item.spec


ACL_USERS = AclUsers()
