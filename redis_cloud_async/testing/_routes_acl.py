"""Role-based access control: Redis ACL rules, database access roles, ACL users.

Rules are referenced by name from roles, roles by name from users; a rule used by a role,
or a role used by a user, cannot be deleted. The three default rules cannot be changed.
``GET /acl/roles/{id}`` and ``GET /acl/redisRules/{id}`` come from the guide only.
"""

from __future__ import annotations

from typing import Any

from . import _items as items
from . import _validate as v
from ._call import Call, Reply, ok
from ._errors import TaskError
from ._resources import Item
from ._routing import Routes
from ._simulation import Simulation
from ._tasks import Outcome

ROUTES = Routes()
RULES, ROLES, USERS = "acl_rules", "acl_roles", "acl_users"
#: What a rule's tokens may start with, and the keywords it may hold. User settings
#: (``on``, ``off``, ``>password``, ``nopass``...) belong to the ACL user, not to a rule.
_ACL_PREFIXES = ("+", "-", "~", "%", "&")
_ACL_KEYWORDS = frozenset(
    {"allkeys", "allchannels", "allcommands", "nocommands", "resetkeys", "resetchannels"}
)


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
        rule = items.by_name(sim, RULES, spec["ruleName"])
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
        for user in sim.account.collection(USERS).values()
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
        "links": [{"rel": "self", "type": "GET", "href": call.href(f"/acl/users/{user.id}")}],
    }


# -- Redis ACL rules ------------------------------------------------------------------


def _acl_problem(acl: str) -> TaskError | None:
    tokens = acl.split()
    if not tokens or any(
        len(token) < 2 or not (token.startswith(_ACL_PREFIXES) or token in _ACL_KEYWORDS)
        for token in tokens
    ):
        return TaskError("ACL_REDIS_RULE_PATTERN_NOT_VALID", f"Invalid ACL rule '{acl}'")
    return None


@ROUTES.get("/acl/redisRules")
def list_rules(call: Call) -> Reply:
    rules = call.sim.account.collection(RULES).values()
    return ok({"accountId": call.sim.account.id, "redisRules": [_rule_json(r) for r in rules]})


@ROUTES.get("/acl/redisRules/{aclRedisRuleId}")
def get_rule(call: Call) -> Reply:
    return ok(_rule_json(items.find(call, RULES, "aclRedisRuleId", "Redis ACL rule")))


@ROUTES.post("/acl/redisRules")
def create_rule(call: Call) -> Reply:
    sim = call.sim
    body = call.json_object()
    name = v.required_string(body, "name")
    acl = v.required_string(body, "redisRule")
    claim = items.name_claim(sim, RULES, name)

    def work(out: Outcome) -> None:
        problem = _acl_problem(acl)
        if problem is not None:
            raise problem
        out.resource_id = items.create(sim, RULES, name, {"acl": acl}, out.now).id

    return call.submit("aclRedisRuleCreateRequest", work, claims=[claim])


@ROUTES.put("/acl/redisRules/{aclRedisRuleId}")
def update_rule(call: Call) -> Reply:
    sim = call.sim
    rule = items.find(call, RULES, "aclRedisRuleId", "Redis ACL rule")
    body = call.json_object()
    name = v.required_string(body, "name")
    acl = v.required_string(body, "redisRule")
    claims = [items.name_claim(sim, RULES, name)] if name != rule.name else []

    def work(out: Outcome) -> None:
        items.require_present(sim, RULES, rule, "ACL_REDIS_RULE_NOT_FOUND")
        if rule.data.get("isDefault"):
            raise TaskError("ACL_REDIS_RULE_CANNOT_UPDATE_DEFAULT", "Default rules are fixed")
        problem = _acl_problem(acl)
        if problem is not None:
            raise problem
        for role in sim.account.collection(ROLES).values():
            for spec in role.data["redisRules"]:
                if spec["ruleName"] == rule.name:
                    spec["ruleName"] = name
        rule.name, rule.data["acl"], rule.updated_at = name, acl, out.now
        out.resource_id = rule.id

    return call.submit("aclRedisRuleUpdateRequest", work, claims=claims)


@ROUTES.delete("/acl/redisRules/{aclRedisRuleId}")
def delete_rule(call: Call) -> Reply:
    sim = call.sim
    rule = items.find(call, RULES, "aclRedisRuleId", "Redis ACL rule")

    def work(out: Outcome) -> None:
        items.require_present(sim, RULES, rule, "ACL_REDIS_RULE_NOT_FOUND")
        if rule.data.get("isDefault"):
            raise TaskError("ACL_REDIS_RULE_CANNOT_DELETE_DEFAULT", "Default rules are fixed")
        if any(
            spec["ruleName"] == rule.name
            for role in sim.account.collection(ROLES).values()
            for spec in role.data["redisRules"]
        ):
            raise TaskError(
                "ACL_REDIS_RULE_CANNOT_DELETE_WHEN_ASSOCIATED_WITH_ROLES", "A role uses this rule"
            )
        del sim.account.collection(RULES)[rule.id]
        out.resource_id = rule.id

    return call.submit("aclRedisRuleDeleteRequest", work)


# -- roles ----------------------------------------------------------------------------


def _check_role_rules(body: dict[str, Any]) -> list[dict[str, Any]]:
    specs = v.objects(body, "redisRules", required=True)
    for i, spec in enumerate(specs):
        v.required_string(spec, "ruleName", where=f"redisRules[{i}]")
        for j, target in enumerate(v.objects(spec, "databases", required=True)):
            where = f"redisRules[{i}].databases[{j}]"
            v.required_integer(target, "subscriptionId", where=where)
            v.required_integer(target, "databaseId", where=where)
            v.strings(target, "regions", where=where)
    return specs


def _role_problem(sim: Simulation, specs: list[dict[str, Any]]) -> TaskError | None:
    for spec in specs:
        if items.by_name(sim, RULES, spec["ruleName"]) is None:
            return TaskError("ACL_REDIS_RULE_DOES_NOT_EXISTS", f"No rule '{spec['ruleName']}'")
        for target in spec["databases"]:
            sub = sim.account.any_subscription(target["subscriptionId"])
            if sub is None or target["databaseId"] not in sub.databases:
                return TaskError("DATABASE_NOT_FOUND", f"No database {target['databaseId']}", 404)
    return None


@ROUTES.get("/acl/roles")
def list_roles(call: Call) -> Reply:
    roles = call.sim.account.collection(ROLES).values()
    return ok({"accountId": call.sim.account.id, "roles": [_role_json(call.sim, r) for r in roles]})


@ROUTES.get("/acl/roles/{aclRoleId}")
def get_role(call: Call) -> Reply:
    return ok(_role_json(call.sim, items.find(call, ROLES, "aclRoleId", "Role")))


@ROUTES.post("/acl/roles")
def create_role(call: Call) -> Reply:
    sim = call.sim
    body = call.json_object()
    name = v.required_string(body, "name")
    specs = _check_role_rules(body)
    claim = items.name_claim(sim, ROLES, name)

    def work(out: Outcome) -> None:
        problem = _role_problem(sim, specs)
        if problem is not None:
            raise problem
        out.resource_id = items.create(sim, ROLES, name, {"redisRules": specs}, out.now).id

    return call.submit("aclRoleCreateRequest", work, claims=[claim])


@ROUTES.put("/acl/roles/{aclRoleId}")
def update_role(call: Call) -> Reply:
    sim = call.sim
    role = items.find(call, ROLES, "aclRoleId", "Role")
    body = call.json_object()
    name = v.string(body, "name")
    specs = _check_role_rules(body) if "redisRules" in body else None
    claims = [items.name_claim(sim, ROLES, name)] if name and name != role.name else []

    def work(out: Outcome) -> None:
        items.require_present(sim, ROLES, role, "ACL_ROLE_NOT_FOUND")
        if specs is not None:
            problem = _role_problem(sim, specs)
            if problem is not None:
                raise problem
            role.data["redisRules"] = specs
        if name:
            for user in sim.account.collection(USERS).values():
                if user.data["role"] == role.name:
                    user.data["role"] = name
            role.name = name
        role.updated_at = out.now
        out.resource_id = role.id

    return call.submit("aclRoleUpdateRequest", work, claims=claims)


@ROUTES.delete("/acl/roles/{aclRoleId}")
def delete_role(call: Call) -> Reply:
    sim = call.sim
    role = items.find(call, ROLES, "aclRoleId", "Role")

    def work(out: Outcome) -> None:
        items.require_present(sim, ROLES, role, "ACL_ROLE_NOT_FOUND")
        if any(u.data["role"] == role.name for u in sim.account.collection(USERS).values()):
            raise TaskError(
                "ACL_ROLE_HAS_ACTIVE_USERS_AND_CANNOT_BE_DELETED", "Users have this role"
            )
        del sim.account.collection(ROLES)[role.id]
        out.resource_id = role.id

    return call.submit("aclRoleDeleteRequest", work)


# -- users ----------------------------------------------------------------------------


def _password_problem(password: str) -> TaskError | None:
    if len(password) < 8:
        return TaskError("ACL_USER_PASSWORD_NOT_VALID", "Passwords have at least 8 characters")
    return None


@ROUTES.get("/acl/users")
def list_users(call: Call) -> Reply:
    users = call.sim.account.collection(USERS).values()
    return ok({"accountId": call.sim.account.id, "users": [_user_json(call, u) for u in users]})


@ROUTES.get("/acl/users/{aclUserId}")
def get_user(call: Call) -> Reply:
    return ok(_user_json(call, items.find(call, USERS, "aclUserId", "ACL user")))


@ROUTES.post("/acl/users")
def create_user(call: Call) -> Reply:
    sim = call.sim
    body = call.json_object()
    name = v.required_string(body, "name")
    role = v.required_string(body, "role")
    password = v.required_string(body, "password")
    claim = items.name_claim(sim, USERS, name)

    def work(out: Outcome) -> None:
        if items.by_name(sim, ROLES, role) is None:
            raise TaskError("ACL_ROLE_DOES_NOT_EXISTS", f"No role '{role}'")
        problem = _password_problem(password)
        if problem is not None:
            raise problem
        user = items.create(
            sim, USERS, name, {"role": role}, out.now, secrets={"password": password}
        )
        out.resource_id = user.id

    return call.submit("aclUserCreateRequest", work, claims=[claim])


@ROUTES.put("/acl/users/{aclUserId}")
def update_user(call: Call) -> Reply:
    sim = call.sim
    user = items.find(call, USERS, "aclUserId", "ACL user")
    body = call.json_object()
    role = v.string(body, "role")
    password = v.string(body, "password")

    def work(out: Outcome) -> None:
        items.require_present(sim, USERS, user, "ACL_USER_NOT_FOUND")
        if role is not None:
            if items.by_name(sim, ROLES, role) is None:
                raise TaskError("ACL_ROLE_DOES_NOT_EXISTS", f"No role '{role}'")
            user.data["role"] = role
        if password is not None:
            problem = _password_problem(password)
            if problem is not None:
                raise problem
            user.secrets["password"] = password
        user.updated_at = out.now
        out.resource_id = user.id

    return call.submit("aclUserUpdateRequest", work)


@ROUTES.delete("/acl/users/{aclUserId}")
def delete_user(call: Call) -> Reply:
    sim = call.sim
    user = items.find(call, USERS, "aclUserId", "ACL user")

    def work(out: Outcome) -> None:
        items.require_present(sim, USERS, user, "ACL_USER_NOT_FOUND")
        del sim.account.collection(USERS)[user.id]
        out.resource_id = user.id

    return call.submit("aclUserDeleteRequest", work)
