"""ACL users, planned as `AclUserPlan`: each after its role, if planned. Their role and
password change in place; the password is never shown back, so it is compared through
the journal's fingerprint of the one last sent (a plan without one, as an exported
plan, leaves it as it is; creating a user needs one)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, cast

from ..._client import AsyncClient
from ...models.acl import AclUser, AclUserCreateSpec, AclUserUpdateSpec
from ...resources.acl import AclUsers as AclUsersArea
from .._context import RunContext
from .._costs import Costs
from .._fields import setting
from .._inventory import Found
from .._items import Item, Kind
from .._plan import AclUserPlan, Plan
from .acl import AclKind
from .acl_roles import ACL_ROLES

__all__ = ["ACL_USERS", "AclUsers"]


class AclUsers(AclKind[AclUserPlan, AclUserCreateSpec]):
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

    def items(self, plan: Plan, costs: Costs) -> Iterator[Item[AclUserPlan]]:
        planned_roles = {role.name for role in plan.acl.roles}
        for user in plan.acl.users:
            deps = (ACL_ROLES.key(user.role),) if user.role in planned_roles else ()
            yield Item(key=self.key(user.name), spec=user, deps=deps)

    def request(self, ctx: RunContext, item: Item[AclUserPlan]) -> AclUserCreateSpec:
        return item.spec.create_spec()

    async def current(self, ctx: RunContext, listed: AclUser) -> dict[str, Any]:
        return {"role": listed.role} if listed.role is not None else {}

    async def export(self, ctx: RunContext, found: Found) -> AclUserPlan | None:
        """The user and its role; its password, which the service never shows, is left
        out (then not managed)."""
        user = cast(AclUser, found.data)
        if user.name is None or user.role is None:
            return None
        return AclUserPlan(name=user.name, role=user.role)

    def update_request(
        self, ctx: RunContext, item: Item[AclUserPlan], values: Mapping[str, Any]
    ) -> AclUserUpdateSpec:
        return AclUserUpdateSpec(**values)


ACL_USERS = AclUsers()
