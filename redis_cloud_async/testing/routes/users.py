"""Account users: the team of the account (``/users``).

``POST /users`` (an invitation, ``pending`` until accepted) comes from the guide only.
Nobody changes their own role or deletes their own user.
"""

from __future__ import annotations

from typing import Any

from ..engine.errors import TaskError
from ..engine.state import Item
from ..engine.tasks import Outcome
from ..frontend import fields
from ..frontend.call import Call, Reply, ok
from ..frontend.routing import Routes
from ..service import items
from ..service.account import log
from ..service.items import ACCOUNT_USERS
from ..service.lifecycle import ensure_name_free
from ._shared import item

ROUTES = Routes()
USER_ROLES = (
    "Owner",
    "Manager",
    "Member",
    "Viewer",
    "Billing Admin",
    "Logs Viewer (API use only)",
)
#: The guide writes roles in lower case (``"member"``); the service takes either.
_ROLE_BY_SPELLING = {role.lower(): role for role in USER_ROLES} | {"logs viewer": USER_ROLES[-1]}


def _user_role(role: str) -> str:
    """The role's canonical spelling, or the task fails as the service's does."""
    canonical = _ROLE_BY_SPELLING.get(role.strip().lower())
    if canonical is None:
        raise TaskError("USER_ROLE_DOES_NOT_EXISTS", f"Unknown role '{role}'")
    return canonical


def _user_json(user: Item) -> dict[str, Any]:
    return {
        "id": user.id,
        "name": user.name,
        "email": user.data["email"],
        "role": user.data["role"],
        "userType": "Local",
        "hasApiKey": bool(user.data.get("self")),
        "options": {
            "billing": user.data["role"] == "Owner",
            "emailAlerts": False,
            "operationalEmails": False,
            "mfaEnabled": False,
        },
    }


@ROUTES.get("/users")
def list_users(call: Call) -> Reply:
    users = call.sim.account.collection(ACCOUNT_USERS).values()
    return ok({"account": call.sim.account.id, "users": [_user_json(u) for u in users]})


@ROUTES.get("/users/{userId}")
def get_user(call: Call) -> Reply:
    return ok(_user_json(_user(call)))


@ROUTES.post("/users")
def invite_user(call: Call) -> Reply:
    sim = call.sim
    body = call.json_object()
    name = fields.required_string(body, "name")
    email = fields.required_string(body, "email")
    role = fields.string(body, "role") or "Member"
    existing = (user.data["email"] for user in sim.account.collection(ACCOUNT_USERS).values())
    claim = ensure_name_free(sim, "user-email", "", email, existing)

    def work(out: Outcome) -> None:
        data = {"email": email, "role": _user_role(role)}
        out.resource_id = items.create(sim, ACCOUNT_USERS, name, data, out.now, status="pending").id
        log(sim, out.now, "account", f"Invited {name} ({email}) to join team", out.resource_id)

    return call.submit("accountUserCreateRequest", work, claims=[claim])


@ROUTES.put("/users/{userId}")
def update_user(call: Call) -> Reply:
    sim = call.sim
    user = _user(call)
    body = call.json_object()
    name = fields.required_string(body, "name")
    role = fields.string(body, "role")

    def work(out: Outcome) -> None:
        items.require_present(sim, ACCOUNT_USERS, user, "USER_NOT_FOUND")
        if role is not None:
            canonical = _user_role(role)
            if user.data.get("self"):
                raise TaskError("USER_CANNOT_UPDATE_IT_IS_OWN_ROLE", "You cannot change your role")
            user.data["role"] = canonical
        if name != user.name:
            log(sim, out.now, "account", f"{user.name}'s user name was changed to {name}", user.id)
        user.name, user.updated_at = name, out.now
        out.resource_id = user.id

    return call.submit("accountUserUpdateRequest", work)


@ROUTES.delete("/users/{userId}")
def delete_user(call: Call) -> Reply:
    sim = call.sim
    user = _user(call)

    def work(out: Outcome) -> None:
        items.require_present(sim, ACCOUNT_USERS, user, "USER_NOT_FOUND")
        if user.data.get("self"):
            raise TaskError("USER_CANNOT_DELETE_OWN_USER", "You cannot delete your own user")
        del sim.account.collection(ACCOUNT_USERS)[user.id]
        out.resource_id = user.id
        log(sim, out.now, "account", f"Removed {user.name} from the team", user.id)

    return call.submit("accountUserDeleteRequest", work)


def _user(call: Call) -> Item:
    return item(call, ACCOUNT_USERS, "userId", "User")
