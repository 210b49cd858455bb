"""`client.acl`: role-based access control: ACL users, database access roles, Redis ACL rules.

These are account-level objects: their writes take the writes gate but no subscription
lane. Create rules first, then roles that bind them to databases, then users.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol, TypeVar

from .._errors import NotFoundError
from .._handle import TaskHandle
from ..models.acl import (
    AclRedisRule,
    AclRedisRuleList,
    AclRedisRuleSpec,
    AclRole,
    AclRoleCreateSpec,
    AclRoleList,
    AclRoleUpdateSpec,
    AclUser,
    AclUserCreateSpec,
    AclUserList,
    AclUserUpdateSpec,
)
from ._base import ClientContext, Resource, named
from ._operation import int_id, operation

__all__ = ["Acl", "AclRedisRules", "AclRoles", "AclUsers"]


class _Identified(Protocol):
    @property
    def id(self) -> int: ...


ItemT = TypeVar("ItemT", bound=_Identified)


def _by_id(items: Iterable[ItemT], item_id: int, what: str, path: str) -> ItemT:
    """The item with this id; `NotFoundError` (as the service would answer) otherwise."""
    found = next((item for item in items if item.id == item_id), None)
    if found is None:
        raise NotFoundError(f"{what} {item_id} not found", method="GET", path=path, status=404)
    return found


class AclRedisRules(Resource):
    """Redis ACL rules (`/acl/redisRules`): what commands, keys and channels are allowed."""

    @operation("GET", "/acl/redisRules")
    async def list(self) -> list[AclRedisRule]:
        """Every Redis ACL rule of the account, the three default ones included."""
        return (await self._get(self._route(self.list), AclRedisRuleList)).redis_rules

    @operation("GET", "/acl/redisRules/{aclRedisRuleId}", sends=[("GET", "/acl/redisRules")])
    async def get(self, rule_id: int) -> AclRedisRule:
        """One Redis ACL rule (picked from the list, as the published API has no such GET)."""
        rule_id = int_id("rule_id", rule_id)
        return _by_id(await self.list(), rule_id, "Redis ACL rule", f"/acl/redisRules/{rule_id}")

    async def find(self, name: str) -> AclRedisRule | None:
        """The rule with this name, if any (names are unique in the account)."""
        return named(await self.list(), name)

    @operation("POST", "/acl/redisRules", returns="task")
    async def create(self, spec: AclRedisRuleSpec) -> TaskHandle:
        """Create a Redis ACL rule; the task's resource id is the new rule's id."""
        return await self._write(self._route(self.create), spec)

    @operation("PUT", "/acl/redisRules/{aclRedisRuleId}", returns="task")
    async def update(self, rule_id: int, spec: AclRedisRuleSpec) -> TaskHandle:
        """Rename a rule or change its ACL; roles using it follow. Default rules are fixed."""
        return await self._write(self._route(self.update, rule_id), spec)

    @operation("DELETE", "/acl/redisRules/{aclRedisRuleId}", returns="task")
    async def delete(self, rule_id: int, *, confirm: bool = False) -> TaskHandle:
        """Delete a rule no role uses. Needs confirm=True."""
        self._require_confirmation(confirm, "deleting a Redis ACL rule")
        return await self._write(self._route(self.delete, rule_id))


class AclRoles(Resource):
    """Database access roles (`/acl/roles`): rules bound to databases."""

    @operation("GET", "/acl/roles")
    async def list(self) -> list[AclRole]:
        """Every database access role, with its rules, databases and users."""
        return (await self._get(self._route(self.list), AclRoleList)).roles

    @operation("GET", "/acl/roles/{aclRoleId}", sends=[("GET", "/acl/roles")])
    async def get(self, role_id: int) -> AclRole:
        """One role (picked from the list, as the published API has no such GET)."""
        role_id = int_id("role_id", role_id)
        return _by_id(await self.list(), role_id, "Role", f"/acl/roles/{role_id}")

    async def find(self, name: str) -> AclRole | None:
        """The role with this name, if any."""
        return named(await self.list(), name)

    @operation("POST", "/acl/roles", returns="task")
    async def create(self, spec: AclRoleCreateSpec) -> TaskHandle:
        """Create a role from existing rules (by name) on existing databases."""
        return await self._write(self._route(self.create), spec)

    @operation("PUT", "/acl/roles/{aclRoleId}", returns="task")
    async def update(self, role_id: int, spec: AclRoleUpdateSpec) -> TaskHandle:
        """Rename a role or replace its rules; its users keep it."""
        return await self._write(self._route(self.update, role_id), spec)

    @operation("DELETE", "/acl/roles/{aclRoleId}", returns="task")
    async def delete(self, role_id: int, *, confirm: bool = False) -> TaskHandle:
        """Delete a role no user holds. Needs confirm=True."""
        self._require_confirmation(confirm, "deleting a database access role")
        return await self._write(self._route(self.delete, role_id))


class AclUsers(Resource):
    """Database access users (`/acl/users`): who may `AUTH` to the role's databases."""

    @operation("GET", "/acl/users")
    async def list(self) -> list[AclUser]:
        """Every ACL user of the account."""
        return (await self._get(self._route(self.list), AclUserList)).users

    @operation("GET", "/acl/users/{aclUserId}")
    async def get(self, user_id: int) -> AclUser:
        """One ACL user."""
        return await self._get(self._route(self.get, user_id), AclUser)

    async def find(self, name: str) -> AclUser | None:
        """The ACL user with this name, if any."""
        return named(await self.list(), name)

    @operation("POST", "/acl/users", returns="task")
    async def create(self, spec: AclUserCreateSpec) -> TaskHandle:
        """Create an ACL user with a role and a password (never logged)."""
        return await self._write(self._route(self.create), spec)

    @operation("PUT", "/acl/users/{aclUserId}", returns="task")
    async def update(self, user_id: int, spec: AclUserUpdateSpec) -> TaskHandle:
        """Give an ACL user another role or a new password."""
        return await self._write(self._route(self.update, user_id), spec)

    @operation("DELETE", "/acl/users/{aclUserId}", returns="task")
    async def delete(self, user_id: int, *, confirm: bool = False) -> TaskHandle:
        """Delete an ACL user: its connections stop working. Needs confirm=True."""
        self._require_confirmation(confirm, "deleting an ACL user")
        return await self._write(self._route(self.delete, user_id))


class Acl:
    """The RBAC area: `.redis_rules`, `.roles`, `.users`."""

    def __init__(self, context: ClientContext) -> None:
        self.redis_rules = AclRedisRules(context)
        self.roles = AclRoles(context)
        self.users = AclUsers(context)
