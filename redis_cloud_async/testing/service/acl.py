"""Role-based access control: Redis ACL rules, database access roles, ACL users.

Rules are referenced by name from roles, roles by name from users: a rule used by a role,
or a role used by a user, cannot be deleted, and a rename follows the references. The
three default rules cannot be changed. What a rule, a role or a password may be is
judged when the task runs, with the service's error codes.
"""

from __future__ import annotations

from typing import Any

from ..engine.errors import TaskError
from ..engine.simulation import Simulation
from ..engine.state import Item
from ..engine.tasks import Outcome
from . import items
from .items import ACL_ROLES, ACL_RULES, ACL_USERS

#: What a rule's tokens may start with, and the keywords it may hold. User settings
#: (``on``, ``off``, ``>password``, ``nopass``...) belong to the ACL user, not to a rule.
_ACL_PREFIXES = ("+", "-", "~", "%", "&")
_ACL_KEYWORDS = frozenset(
    {"allkeys", "allchannels", "allcommands", "nocommands", "resetkeys", "resetchannels"}
)


def _raise(problem: TaskError | None) -> None:
    if problem is not None:
        raise problem


# -- Redis ACL rules ---------------------------------------------------------------------


def rule_problem(acl: str) -> TaskError | None:
    """None, or why ``acl`` is not a valid Redis ACL rule (with the additional info the
    service's recorded answer carries)."""
    tokens = acl.split()
    if not tokens or any(
        len(token) < 2 or not (token.startswith(_ACL_PREFIXES) or token in _ACL_KEYWORDS)
        for token in tokens
    ):
        return TaskError(
            "ACL_REDIS_RULE_PATTERN_NOT_VALID",
            f"Invalid ACL rule '{acl}'",
            additional_info="redis-acl-wrong-acl-rule-pattern",
        )
    return None


def create_rule(sim: Simulation, name: str, acl: str, out: Outcome) -> None:
    _raise(rule_problem(acl))
    out.resource_id = items.create(sim, ACL_RULES, name, {"acl": acl}, out.now).id


def update_rule(sim: Simulation, rule: Item, name: str, acl: str, out: Outcome) -> None:
    """A rule changed (never a default one); roles follow a rename."""
    items.require_present(sim, ACL_RULES, rule, "ACL_REDIS_RULE_NOT_FOUND")
    if rule.data.get("isDefault"):
        raise TaskError("ACL_REDIS_RULE_CANNOT_UPDATE_DEFAULT", "Default rules are fixed")
    _raise(rule_problem(acl))
    for role in sim.account.collection(ACL_ROLES).values():
        for spec in role.data["redisRules"]:
            if spec["ruleName"] == rule.name:
                spec["ruleName"] = name
    rule.name, rule.data["acl"], rule.updated_at = name, acl, out.now
    out.resource_id = rule.id


def delete_rule(sim: Simulation, rule: Item, out: Outcome) -> None:
    """A rule removed: never a default one, nor one a role uses."""
    items.require_present(sim, ACL_RULES, rule, "ACL_REDIS_RULE_NOT_FOUND")
    if rule.data.get("isDefault"):
        raise TaskError("ACL_REDIS_RULE_CANNOT_DELETE_DEFAULT", "Default rules are fixed")
    if any(
        spec["ruleName"] == rule.name
        for role in sim.account.collection(ACL_ROLES).values()
        for spec in role.data["redisRules"]
    ):
        raise TaskError(
            "ACL_REDIS_RULE_CANNOT_DELETE_WHEN_ASSOCIATED_WITH_ROLES", "A role uses this rule"
        )
    del sim.account.collection(ACL_RULES)[rule.id]
    out.resource_id = rule.id


# -- roles -------------------------------------------------------------------------------


def role_problem(sim: Simulation, specs: list[dict[str, Any]]) -> TaskError | None:
    """None, or the first rule, subscription or database a role names that does not
    exist. The subscription is checked before its database: a rule naming subscription 0
    fails with ``SUBSCRIPTION_NOT_FOUND`` (the service's recorded behaviour, issue 16.6)."""
    for spec in specs:
        if items.by_name(sim, ACL_RULES, spec["ruleName"]) is None:
            return TaskError("ACL_REDIS_RULE_DOES_NOT_EXISTS", f"No rule '{spec['ruleName']}'")
        for target in spec["databases"]:
            sub = sim.account.any_subscription(target["subscriptionId"])
            if sub is None:
                sub_id = target["subscriptionId"]
                return TaskError("SUBSCRIPTION_NOT_FOUND", f"Subscription {sub_id} not found", 404)
            if target["databaseId"] not in sub.databases:
                return TaskError("DATABASE_NOT_FOUND", f"No database {target['databaseId']}", 404)
    return None


def create_role(sim: Simulation, name: str, specs: list[dict[str, Any]], out: Outcome) -> None:
    _raise(role_problem(sim, specs))
    out.resource_id = items.create(sim, ACL_ROLES, name, {"redisRules": specs}, out.now).id


def update_role(
    sim: Simulation,
    role: Item,
    name: str | None,
    specs: list[dict[str, Any]] | None,
    out: Outcome,
) -> None:
    """A role changed; its users follow a rename."""
    items.require_present(sim, ACL_ROLES, role, "ACL_ROLE_NOT_FOUND")
    if specs is not None:
        _raise(role_problem(sim, specs))
        role.data["redisRules"] = specs
    if name:
        for user in sim.account.collection(ACL_USERS).values():
            if user.data["role"] == role.name:
                user.data["role"] = name
        role.name = name
    role.updated_at = out.now
    out.resource_id = role.id


def delete_role(sim: Simulation, role: Item, out: Outcome) -> None:
    """A role removed, unless a user has it."""
    items.require_present(sim, ACL_ROLES, role, "ACL_ROLE_NOT_FOUND")
    if any(u.data["role"] == role.name for u in sim.account.collection(ACL_USERS).values()):
        raise TaskError("ACL_ROLE_HAS_ACTIVE_USERS_AND_CANNOT_BE_DELETED", "Users have this role")
    del sim.account.collection(ACL_ROLES)[role.id]
    out.resource_id = role.id


# -- users -------------------------------------------------------------------------------


def password_problem(password: str) -> TaskError | None:
    """None, or why ``password`` is refused: 8 to 128 characters (redis.io, "Create and edit
    database users"), with a lower-case letter, an upper-case letter, a number and a special
    character (the Terraform provider's documentation of ``rediscloud_acl_user``). The
    error and its additional info are the service's recorded answer."""
    if not (
        8 <= len(password) <= 128
        and any(c.islower() for c in password)
        and any(c.isupper() for c in password)
        and any(c.isdigit() for c in password)
        and any(not c.isalnum() for c in password)
    ):
        return TaskError(
            "ACL_USER_PASSWORD_NOT_VALID",
            "ACL user password is not valid.",
            additional_info="cluster-user-password-wrong-pattern",
        )
    return None


def _require_role(sim: Simulation, role: str) -> None:
    if items.by_name(sim, ACL_ROLES, role) is None:
        raise TaskError("ACL_ROLE_DOES_NOT_EXISTS", f"No role '{role}'")


def create_user(sim: Simulation, name: str, role: str, password: str, out: Outcome) -> None:
    _require_role(sim, role)
    _raise(password_problem(password))
    user = items.create(
        sim, ACL_USERS, name, {"role": role}, out.now, secrets={"password": password}
    )
    out.resource_id = user.id


def update_user(
    sim: Simulation, user: Item, role: str | None, password: str | None, out: Outcome
) -> None:
    items.require_present(sim, ACL_USERS, user, "ACL_USER_NOT_FOUND")
    if role is not None:
        _require_role(sim, role)
        user.data["role"] = role
    if password is not None:
        _raise(password_problem(password))
        user.secrets["password"] = password
    user.updated_at = out.now
    out.resource_id = user.id


def delete_user(sim: Simulation, user: Item, out: Outcome) -> None:
    items.require_present(sim, ACL_USERS, user, "ACL_USER_NOT_FOUND")
    del sim.account.collection(ACL_USERS)[user.id]
    out.resource_id = user.id
