"""Role-based access control: Redis ACL rules, database access roles and ACL users.

Rules say what may be run (Redis ACL syntax, ``+@read ~cache:*``); roles bind rules to
databases; ACL users get one role and a password to `AUTH` with. Roles name their rules,
and users their role, by name.
"""

from __future__ import annotations

import re
from typing import Any

import attrs

from .._errors import ValidationError
from ._base import Model, Spec
from ._validators import each, in_range, length, matches, non_empty, optional
from .common import require_change

__all__ = [
    "AclRedisRule",
    "AclRedisRuleList",
    "AclRedisRuleSpec",
    "AclRole",
    "AclRoleCreateSpec",
    "AclRoleDatabase",
    "AclRoleDatabaseSpec",
    "AclRoleList",
    "AclRoleRule",
    "AclRoleRuleSpec",
    "AclRoleUpdateSpec",
    "AclRoleUser",
    "AclUser",
    "AclUserCreateSpec",
    "AclUserList",
    "AclUserUpdateSpec",
]

#: One token of a Redis ACL rule as Redis Cloud accepts it: command categories and
#: commands (``+@read``, ``-flushdb``, ``+config|get``), key patterns (``~cache:*``,
#: ``%R~logs:*``), channel patterns (``&events:*``) and the all/reset keywords.
_ACL_TOKEN = re.compile(
    r"[+-]@[A-Za-z][\w-]*"
    r"|[+-][A-Za-z][\w.-]*(?:\|[\w.-]+)?"
    r"|%(?:R|W|RW)~\S+|~\S+"
    r"|&\S+"
    r"|allkeys|allchannels|allcommands|nocommands|resetkeys|resetchannels"
)
#: Tokens that belong to a user, not to a rule (Redis Cloud sets them from the ACL user).
_USER_TOKENS = re.compile(r"[<>#].*|on|off|nopass|reset|resetpass", re.IGNORECASE)
_ACL_RULE_HELP = (
    "a Redis ACL rule is +@category, -@category, +command, -command, ~keypattern, "
    "%R~keypattern, &channelpattern or allkeys/allchannels, e.g. '+@read ~cache:*'"
)
_ACL_USER_NAME = r"[^\s:@/]+"
_ACL_USER_NAME_RULE = "a user name without spaces or ':', '@', '/' (it goes in connection URIs)"


def _acl_rule(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Redis ACL syntax, token by token, naming the first token that is not valid."""
    where = f"{type(instance).__name__}.{attribute.name}"
    tokens = value.split() if isinstance(value, str) else []
    if not tokens:
        raise ValidationError(where, f"must not be empty: {_ACL_RULE_HELP}")
    for token in tokens:
        if _USER_TOKENS.fullmatch(token):
            shown = token[0] + "..." if token[0] in "<>#" else token  # never show a password
            raise ValidationError(
                where, f"{shown!r} belongs to a user (passwords and on/off are set on the ACL user)"
            )
        if not _ACL_TOKEN.fullmatch(token):
            raise ValidationError(where, f"{token!r} is not valid: {_ACL_RULE_HELP}")


def _not_default_user(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if isinstance(value, str) and value.lower() == "default":
        raise ValidationError(
            f"{type(instance).__name__}.{attribute.name}",
            "'default' is the database's built-in user; choose another name",
        )


_PASSWORD = length(8, 128)  # Redis Cloud: ACL user passwords have 8 to 128 characters


# -- answers -------------------------------------------------------------------------
@attrs.frozen(kw_only=True)
class AclRedisRule(Model):
    """A Redis ACL rule (`acl` is its Redis ACL syntax); default rules cannot change."""

    id: int
    name: str | None = None
    acl: str | None = None
    is_default: bool | None = None
    status: str | None = None


@attrs.frozen(kw_only=True)
class AclRedisRuleList(Model):
    """`GET /acl/redisRules`."""

    account_id: int | None = None
    redis_rules: list[AclRedisRule] = attrs.field(factory=list)
    links: list[dict[str, str]] = attrs.field(factory=list, repr=False)


@attrs.frozen(kw_only=True)
class AclRoleDatabase(Model):
    """A database a role's rule applies to (`regions`: Active-Active only)."""

    subscription_id: int | None = None
    database_id: int | None = None
    database_name: str | None = None
    regions: list[str] = attrs.field(factory=list)


@attrs.frozen(kw_only=True)
class AclRoleRule(Model):
    """A rule of a role, and the databases it applies to."""

    rule_id: int | None = None
    rule_name: str | None = None
    databases: list[AclRoleDatabase] = attrs.field(factory=list)


@attrs.frozen(kw_only=True)
class AclRoleUser(Model):
    """An ACL user holding the role."""

    id: int | None = None
    name: str | None = None


@attrs.frozen(kw_only=True)
class AclRole(Model):
    """A database access role: rules bound to databases, and the users holding it."""

    id: int
    name: str | None = None
    redis_rules: list[AclRoleRule] = attrs.field(factory=list)
    users: list[AclRoleUser] = attrs.field(factory=list)
    status: str | None = None


@attrs.frozen(kw_only=True)
class AclRoleList(Model):
    """`GET /acl/roles`."""

    account_id: int | None = None
    roles: list[AclRole] = attrs.field(factory=list)
    links: list[dict[str, str]] = attrs.field(factory=list, repr=False)


@attrs.frozen(kw_only=True)
class AclUser(Model):
    """A database (ACL) user; its password is never sent back."""

    id: int
    name: str | None = None
    role: str | None = None
    status: str | None = None
    links: list[dict[str, str]] = attrs.field(factory=list, repr=False)


@attrs.frozen(kw_only=True)
class AclUserList(Model):
    """`GET /acl/users`."""

    account_id: int | None = None
    users: list[AclUser] = attrs.field(factory=list)
    links: list[dict[str, str]] = attrs.field(factory=list, repr=False)


# -- specs ---------------------------------------------------------------------------
@attrs.frozen(kw_only=True)
class AclRedisRuleSpec(Spec):
    """`POST /acl/redisRules` and `PUT /acl/redisRules/{id}`: a named Redis ACL rule.

    The service takes both fields on an update as well (send the current name to keep it).
    """

    name: str = attrs.field(validator=non_empty)
    redis_rule: str = attrs.field(validator=_acl_rule)


@attrs.frozen(kw_only=True)
class AclRoleDatabaseSpec(Spec):
    """A database a role's rule applies to; `regions` narrows an Active-Active one."""

    subscription_id: int = attrs.field(validator=in_range(1))
    database_id: int = attrs.field(validator=in_range(1))
    regions: list[str] | None = attrs.field(default=None, validator=optional(each(non_empty)))


@attrs.frozen(kw_only=True)
class AclRoleRuleSpec(Spec):
    """A rule (by name, see `client.acl.redis_rules.list()`) and where it applies."""

    rule_name: str = attrs.field(validator=non_empty)
    databases: list[AclRoleDatabaseSpec] = attrs.field(validator=length(1))


@attrs.frozen(kw_only=True)
class AclRoleCreateSpec(Spec):
    """`POST /acl/roles`: a role with at least one rule on at least one database."""

    name: str = attrs.field(validator=non_empty)
    redis_rules: list[AclRoleRuleSpec] = attrs.field(validator=length(1))


@attrs.frozen(kw_only=True)
class AclRoleUpdateSpec(Spec):
    """`PUT /acl/roles/{id}`: rename a role, or replace its rules (the whole list)."""

    name: str | None = attrs.field(default=None, validator=optional(non_empty))
    redis_rules: list[AclRoleRuleSpec] | None = attrs.field(
        default=None, validator=optional(length(1))
    )

    def __attrs_post_init__(self) -> None:
        require_change(self, hint="name or redis_rules")


@attrs.frozen(kw_only=True)
class AclUserCreateSpec(Spec):
    """`POST /acl/users`: a database user with a role (by name) and a password."""

    name: str = attrs.field(
        validator=[matches(_ACL_USER_NAME, _ACL_USER_NAME_RULE), _not_default_user]
    )
    role: str = attrs.field(validator=non_empty)
    password: str = attrs.field(repr=False, validator=_PASSWORD)


@attrs.frozen(kw_only=True)
class AclUserUpdateSpec(Spec):
    """`PUT /acl/users/{id}`: give the user another role, or a new password."""

    role: str | None = attrs.field(default=None, validator=optional(non_empty))
    password: str | None = attrs.field(default=None, repr=False, validator=optional(_PASSWORD))

    def __attrs_post_init__(self) -> None:
        require_change(self, hint="role or password")
