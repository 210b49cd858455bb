"""Role-based access control: Redis ACL rules, database access roles, ACL users.

``GET /acl/roles/{id}`` and ``GET /acl/redisRules/{id}`` come from the guide only. What
the writes do, and what they refuse, is in `service.acl`.

A change or a deletion of an id that does not exist is accepted (202) and its task fails
with ``ACL_REDIS_RULE_NOT_FOUND``, ``ACL_ROLE_NOT_FOUND`` or ``ACL_USER_NOT_FOUND`` (the
service's recorded answers for rules and users, in the Go SDK's tests; roles alike, as
issue 16.3 records), so code tested here sees the `TaskFailedError` production raises.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from ..engine.errors import TaskError
from ..engine.simulation import Simulation
from ..engine.state import Item
from ..engine.tasks import Outcome
from ..frontend import fields
from ..frontend.call import Call, Reply, ok
from ..frontend.routing import Routes
from ..service import acl, items
from ..service.items import ACL_ROLES, ACL_RULES, ACL_USERS
from ._shared import item, self_link

ROUTES = Routes()


def _rule_json(rule: Item) -> dict[str, Any]:
    return {
        "id": rule.id,
        "name": rule.name,
        "acl": rule.data["acl"],
        "isDefault": rule.data.get("isDefault", False),
        "status": rule.status,
    }


def _role_json(sim: Simulation, role: Item) -> dict[str, Any]:
    rules = []
    for spec in role.data["redisRules"]:
        rule = items.by_name(sim, ACL_RULES, spec["ruleName"])
        databases = []
        for target in spec["databases"]:
            shown = {"subscriptionId": target["subscriptionId"], "databaseId": target["databaseId"]}
            sub = sim.account.any_subscription(target["subscriptionId"])
            db = sub.databases.get(target["databaseId"]) if sub else None
            if db is not None:
                shown["databaseName"] = db.name
            if target.get("regions"):
                shown["regions"] = target["regions"]
            databases.append(shown)
        rules.append(
            {
                "ruleId": rule.id if rule else None,
                "ruleName": spec["ruleName"],
                "databases": databases,
            }
        )
    users = [
        {"id": user.id, "name": user.name}
        for user in sim.account.collection(ACL_USERS).values()
        if user.data["role"] == role.name
    ]
    return {
        "id": role.id,
        "name": role.name,
        "redisRules": rules,
        "users": users,
        "status": role.status,
    }


def _user_json(call: Call, user: Item) -> dict[str, Any]:
    return {
        "id": user.id,
        "name": user.name,
        "role": user.data["role"],
        "status": user.status,
        "links": self_link(call, f"/acl/users/{user.id}"),
    }


# -- writes by id: accepted, and failed in their task when the id does not exist ------
_RULE_NOT_FOUND = ("ACL_REDIS_RULE_NOT_FOUND", "ACL redis rule not found")
_ROLE_NOT_FOUND = ("ACL_ROLE_NOT_FOUND", "ACL role not found")
_USER_NOT_FOUND = ("ACL_USER_NOT_FOUND", "ACL user not found")


def _present(call: Call, collection: str, param: str) -> Item | None:
    return call.sim.account.collection(collection).get(call.int_param(param))


def _missing(call: Call, command: str, error_type: str, description: str) -> Reply:
    """Accept the write; its task fails, as the service's does for an unknown id."""

    def work(_: Outcome) -> None:
        raise TaskError(error_type, description, 404)

    return call.submit(command, work)


# -- Redis ACL rules ------------------------------------------------------------------


@ROUTES.get("/acl/redisRules")
def list_rules(call: Call) -> Reply:
    rules = call.sim.account.collection(ACL_RULES).values()
    return ok({"accountId": call.sim.account.id, "redisRules": [_rule_json(r) for r in rules]})


@ROUTES.get("/acl/redisRules/{aclRedisRuleId}")
def get_rule(call: Call) -> Reply:
    return ok(_rule_json(_rule(call)))


@ROUTES.post("/acl/redisRules")
def create_rule(call: Call) -> Reply:
    body = call.json_object()
    name = fields.required_string(body, "name")
    redis_rule = fields.required_string(body, "redisRule")
    claim = items.name_claim(call.sim, ACL_RULES, name)
    work = partial(acl.create_rule, call.sim, name, redis_rule)
    return call.submit("aclRedisRuleCreateRequest", work, claims=[claim])


@ROUTES.put("/acl/redisRules/{aclRedisRuleId}")
def update_rule(call: Call) -> Reply:
    body = call.json_object()
    name = fields.required_string(body, "name")
    redis_rule = fields.required_string(body, "redisRule")
    rule = _present(call, ACL_RULES, "aclRedisRuleId")
    if rule is None:
        return _missing(call, "aclRedisRuleUpdateRequest", *_RULE_NOT_FOUND)
    claims = [items.name_claim(call.sim, ACL_RULES, name)] if name != rule.name else []
    work = partial(acl.update_rule, call.sim, rule, name, redis_rule)
    return call.submit("aclRedisRuleUpdateRequest", work, claims=claims)


@ROUTES.delete("/acl/redisRules/{aclRedisRuleId}")
def delete_rule(call: Call) -> Reply:
    rule = _present(call, ACL_RULES, "aclRedisRuleId")
    if rule is None:
        return _missing(call, "aclRedisRuleDeleteRequest", *_RULE_NOT_FOUND)
    return call.submit("aclRedisRuleDeleteRequest", partial(acl.delete_rule, call.sim, rule))


def _rule(call: Call) -> Item:
    return item(call, ACL_RULES, "aclRedisRuleId", "Redis ACL rule")


# -- roles ----------------------------------------------------------------------------


def _check_role_rules(body: dict[str, Any]) -> list[dict[str, Any]]:
    specs = fields.objects(body, "redisRules", required=True)
    for i, spec in enumerate(specs):
        fields.required_string(spec, "ruleName", where=f"redisRules[{i}]")
        for j, target in enumerate(fields.objects(spec, "databases", required=True)):
            where = f"redisRules[{i}].databases[{j}]"
            fields.required_integer(target, "subscriptionId", where=where)
            fields.required_integer(target, "databaseId", where=where)
            fields.strings(target, "regions", where=where)
    return specs


@ROUTES.get("/acl/roles")
def list_roles(call: Call) -> Reply:
    roles = call.sim.account.collection(ACL_ROLES).values()
    return ok({"accountId": call.sim.account.id, "roles": [_role_json(call.sim, r) for r in roles]})


@ROUTES.get("/acl/roles/{aclRoleId}")
def get_role(call: Call) -> Reply:
    return ok(_role_json(call.sim, _role(call)))


@ROUTES.post("/acl/roles")
def create_role(call: Call) -> Reply:
    body = call.json_object()
    name = fields.required_string(body, "name")
    specs = _check_role_rules(body)
    claim = items.name_claim(call.sim, ACL_ROLES, name)
    work = partial(acl.create_role, call.sim, name, specs)
    return call.submit("aclRoleCreateRequest", work, claims=[claim])


@ROUTES.put("/acl/roles/{aclRoleId}")
def update_role(call: Call) -> Reply:
    body = call.json_object()
    name = fields.string(body, "name")
    specs = _check_role_rules(body) if "redisRules" in body else None
    role = _present(call, ACL_ROLES, "aclRoleId")
    if role is None:
        return _missing(call, "aclRoleUpdateRequest", *_ROLE_NOT_FOUND)
    claims = [items.name_claim(call.sim, ACL_ROLES, name)] if name and name != role.name else []
    work = partial(acl.update_role, call.sim, role, name, specs)
    return call.submit("aclRoleUpdateRequest", work, claims=claims)


@ROUTES.delete("/acl/roles/{aclRoleId}")
def delete_role(call: Call) -> Reply:
    role = _present(call, ACL_ROLES, "aclRoleId")
    if role is None:
        return _missing(call, "aclRoleDeleteRequest", *_ROLE_NOT_FOUND)
    return call.submit("aclRoleDeleteRequest", partial(acl.delete_role, call.sim, role))


def _role(call: Call) -> Item:
    return item(call, ACL_ROLES, "aclRoleId", "Role")


# -- users ----------------------------------------------------------------------------


@ROUTES.get("/acl/users")
def list_users(call: Call) -> Reply:
    users = call.sim.account.collection(ACL_USERS).values()
    return ok({"accountId": call.sim.account.id, "users": [_user_json(call, u) for u in users]})


@ROUTES.get("/acl/users/{aclUserId}")
def get_user(call: Call) -> Reply:
    return ok(_user_json(call, _user(call)))


@ROUTES.post("/acl/users")
def create_user(call: Call) -> Reply:
    body = call.json_object()
    name = fields.required_string(body, "name")
    role = fields.required_string(body, "role")
    password = fields.required_string(body, "password")
    claim = items.name_claim(call.sim, ACL_USERS, name)
    work = partial(acl.create_user, call.sim, name, role, password)
    return call.submit("aclUserCreateRequest", work, claims=[claim])


@ROUTES.put("/acl/users/{aclUserId}")
def update_user(call: Call) -> Reply:
    body = call.json_object()
    role = fields.string(body, "role")
    password = fields.string(body, "password")
    user = _present(call, ACL_USERS, "aclUserId")
    if user is None:
        return _missing(call, "aclUserUpdateRequest", *_USER_NOT_FOUND)
    work = partial(acl.update_user, call.sim, user, role, password)
    return call.submit("aclUserUpdateRequest", work)


@ROUTES.delete("/acl/users/{aclUserId}")
def delete_user(call: Call) -> Reply:
    user = _present(call, ACL_USERS, "aclUserId")
    if user is None:
        return _missing(call, "aclUserDeleteRequest", *_USER_NOT_FOUND)
    return call.submit("aclUserDeleteRequest", partial(acl.delete_user, call.sim, user))


def _user(call: Call) -> Item:
    return item(call, ACL_USERS, "aclUserId", "ACL user")
