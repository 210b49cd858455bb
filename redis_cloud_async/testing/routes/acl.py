"""Role-based access control: Redis ACL rules, database access roles, ACL users.

``GET /acl/roles/{id}`` and ``GET /acl/redisRules/{id}`` come from the guide only. What
the writes do, and what they refuse, is in `service.acl`.

A change or a deletion of an id that does not exist is accepted (202) and its task fails
with ``ACL_REDIS_RULE_NOT_FOUND``, ``ACL_ROLE_NOT_FOUND`` or ``ACL_USER_NOT_FOUND`` (the
service's recorded answers for rules and users, in the Go SDK's tests; roles alike, as
issue 16.3 records), so code tested here sees the `TaskFailedError` production raises.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

import attrs

from ..engine.errors import TaskError
from ..engine.state import Item
from ..engine.tasks import Outcome
from ..frontend import fields
from ..frontend.call import Call, Reply, ok
from ..frontend.routing import Routes
from ..service import acl, items
from ..service.items import ACL_ROLES, ACL_RULES, ACL_USERS
from ..service.lifecycle import new_name_claims
from ._shared import item, self_link

ROUTES = Routes()


def _rule_json(call: Call, rule: Item) -> dict[str, Any]:
    return {
        "id": rule.id,
        "name": rule.name,
        "acl": rule.data["acl"],
        "isDefault": rule.data.get("isDefault", False),
        "status": rule.status,
    }


def _role_json(call: Call, role: Item) -> dict[str, Any]:
    sim = call.sim
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


# -- what the three areas share -------------------------------------------------------


@attrs.frozen
class _Area:
    """One ACL area: where its items live, how its answers and tasks are named."""

    collection: str
    #: The path parameter of an item's id, and the item's name in a 404.
    param: str
    label: str
    #: The key of the list answer, and how an item is shown.
    key: str
    shown: Callable[[Call, Item], dict[str, Any]]
    #: Its tasks' command types: ``command + "CreateRequest"``, ``"UpdateRequest"``, ...
    command: str
    #: The error of a write's task when the id does not exist (the service's answer).
    not_found: tuple[str, str]


RULES = _Area(
    ACL_RULES,
    "aclRedisRuleId",
    "Redis ACL rule",
    "redisRules",
    _rule_json,
    "aclRedisRule",
    ("ACL_REDIS_RULE_NOT_FOUND", "ACL redis rule not found"),
)
ROLES = _Area(
    ACL_ROLES,
    "aclRoleId",
    "Role",
    "roles",
    _role_json,
    "aclRole",
    ("ACL_ROLE_NOT_FOUND", "ACL role not found"),
)
USERS = _Area(
    ACL_USERS,
    "aclUserId",
    "ACL user",
    "users",
    _user_json,
    "aclUser",
    ("ACL_USER_NOT_FOUND", "ACL user not found"),
)


def _list(call: Call, area: _Area) -> Reply:
    listed = call.sim.account.collection(area.collection).values()
    return ok({"accountId": call.sim.account.id, area.key: [area.shown(call, i) for i in listed]})


def _get(call: Call, area: _Area) -> Reply:
    return ok(area.shown(call, item(call, area.collection, area.param, area.label)))


def _create(call: Call, area: _Area, name: str, work: Callable[[Outcome], None]) -> Reply:
    """Queue a create; its name is claimed now (409 when taken)."""
    claim = items.name_claim(call.sim, area.collection, name)
    return call.submit(f"{area.command}CreateRequest", work, claims=[claim])


def _by_id(
    call: Call,
    area: _Area,
    verb: str,
    act: Callable[[Item, Outcome], None],
    *,
    name: str | None = None,
) -> Reply:
    """Queue a change (``verb`` ``"Update"``) or a deletion of the item in the path, and
    claim a new `name` now (409 when taken). An id that does not exist is accepted too:
    its task fails, as the service's does."""
    command = f"{area.command}{verb}Request"
    found = call.sim.account.collection(area.collection).get(call.int_param(area.param))
    if found is None:

        def fail(_: Outcome) -> None:
            raise TaskError(*area.not_found, 404)

        return call.submit(command, fail)
    claims = new_name_claims(partial(items.name_claim, call.sim, area.collection), name, found.name)
    return call.submit(command, partial(act, found), claims=claims)


# -- Redis ACL rules ------------------------------------------------------------------


@ROUTES.get("/acl/redisRules")
def list_rules(call: Call) -> Reply:
    return _list(call, RULES)


@ROUTES.get("/acl/redisRules/{aclRedisRuleId}")
def get_rule(call: Call) -> Reply:
    return _get(call, RULES)


@ROUTES.post("/acl/redisRules")
def create_rule(call: Call) -> Reply:
    body = call.json_object()
    name = fields.required_string(body, "name")
    redis_rule = fields.required_string(body, "redisRule")
    return _create(call, RULES, name, partial(acl.create_rule, call.sim, name, redis_rule))


@ROUTES.put("/acl/redisRules/{aclRedisRuleId}")
def update_rule(call: Call) -> Reply:
    body = call.json_object()
    name = fields.required_string(body, "name")
    redis_rule = fields.required_string(body, "redisRule")

    def act(rule: Item, out: Outcome) -> None:
        acl.update_rule(call.sim, rule, name, redis_rule, out)

    return _by_id(call, RULES, "Update", act, name=name)


@ROUTES.delete("/acl/redisRules/{aclRedisRuleId}")
def delete_rule(call: Call) -> Reply:
    return _by_id(call, RULES, "Delete", partial(acl.delete_rule, call.sim))


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
    return _list(call, ROLES)


@ROUTES.get("/acl/roles/{aclRoleId}")
def get_role(call: Call) -> Reply:
    return _get(call, ROLES)


@ROUTES.post("/acl/roles")
def create_role(call: Call) -> Reply:
    body = call.json_object()
    name = fields.required_string(body, "name")
    specs = _check_role_rules(body)
    return _create(call, ROLES, name, partial(acl.create_role, call.sim, name, specs))


@ROUTES.put("/acl/roles/{aclRoleId}")
def update_role(call: Call) -> Reply:
    body = call.json_object()
    name = fields.string(body, "name")
    specs = _check_role_rules(body) if "redisRules" in body else None

    def act(role: Item, out: Outcome) -> None:
        acl.update_role(call.sim, role, name, specs, out)

    return _by_id(call, ROLES, "Update", act, name=name)


@ROUTES.delete("/acl/roles/{aclRoleId}")
def delete_role(call: Call) -> Reply:
    return _by_id(call, ROLES, "Delete", partial(acl.delete_role, call.sim))


# -- users ----------------------------------------------------------------------------


@ROUTES.get("/acl/users")
def list_users(call: Call) -> Reply:
    return _list(call, USERS)


@ROUTES.get("/acl/users/{aclUserId}")
def get_user(call: Call) -> Reply:
    return _get(call, USERS)


@ROUTES.post("/acl/users")
def create_user(call: Call) -> Reply:
    body = call.json_object()
    name = fields.required_string(body, "name")
    role = fields.required_string(body, "role")
    password = fields.required_string(body, "password")
    return _create(call, USERS, name, partial(acl.create_user, call.sim, name, role, password))


@ROUTES.put("/acl/users/{aclUserId}")
def update_user(call: Call) -> Reply:
    body = call.json_object()
    role = fields.string(body, "role")
    password = fields.string(body, "password")

    def act(user: Item, out: Outcome) -> None:
        acl.update_user(call.sim, user, role, password, out)

    return _by_id(call, USERS, "Update", act)


@ROUTES.delete("/acl/users/{aclUserId}")
def delete_user(call: Call) -> Reply:
    return _by_id(call, USERS, "Delete", partial(acl.delete_user, call.sim))
