"""`client.acl`: role-based access control: ACL users, database access roles, Redis ACL rules."""

from __future__ import annotations

from ._base import ClientContext, Resource

__all__ = ["Acl", "AclRedisRules", "AclRoles", "AclUsers"]


class AclRedisRules(Resource):
    """Redis ACL rules (`/acl/redisRules`)."""


class AclRoles(Resource):
    """Database access roles (`/acl/roles`)."""


class AclUsers(Resource):
    """Database access users (`/acl/users`)."""


class Acl:
    """The RBAC area: `.redis_rules`, `.roles`, `.users`."""

    def __init__(self, context: ClientContext) -> None:
        self.redis_rules = AclRedisRules(context)
        self.roles = AclRoles(context)
        self.users = AclUsers(context)
