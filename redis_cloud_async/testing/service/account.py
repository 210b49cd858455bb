"""The account itself: what it holds from the start, and its system log.

`open_account` is the `Simulation`'s ``open_account`` hook: every account starts with the
default ACL rules, its owner, Redis's internal cloud account and a few console logins.
"""

from __future__ import annotations

from typing import Any

from ..engine.simulation import Simulation
from ..engine.state import ACTIVE, Item
from . import reference_data
from .items import ACCOUNT_USERS, ACL_RULES, CLOUD_ACCOUNTS


def open_account(sim: Simulation, now: float) -> None:
    """What every account has: default ACL rules, its owner, Redis's cloud account."""
    account = sim.account
    rules = account.collection(ACL_RULES)
    for name, acl in reference_data.DEFAULT_ACL_RULES:
        rule_id = account.new_id(ACL_RULES)
        rules[rule_id] = Item(
            id=rule_id,
            name=name,
            status=ACTIVE,
            created_at=now,
            updated_at=now,
            data={"acl": acl, "isDefault": True},
        )
    users = account.collection(ACCOUNT_USERS)
    owner_id = account.new_id(ACCOUNT_USERS)
    users[owner_id] = Item(
        id=owner_id,
        name="Simulated Owner",
        status=ACTIVE,
        created_at=now,
        updated_at=now,
        data={"email": "owner@example.com", "role": "Owner", "self": True},
    )
    clouds = account.collection(CLOUD_ACCOUNTS)
    cloud_id = account.new_id(CLOUD_ACCOUNTS)
    clouds[cloud_id] = Item(
        id=cloud_id,
        name="Redis Internal Resources",
        status=ACTIVE,
        created_at=now,
        updated_at=now,
        data={"provider": "AWS", "internal": True},
    )
    for index in range(5):
        account.session_log.append(
            {
                "id": sim.uuid(),
                "time": sim.iso(now - 3600 * (index + 1)),
                "user": "owner@example.com",
                "userAgent": "Mozilla/5.0 (X11; Linux x86_64)",
                "ipAddress": f"192.0.2.{10 + index}",
                "userRole": "Owner",
                "type": "Console",
                "action": "Login",
            }
        )


def log(sim: Simulation, now: float, kind: str, description: str, resource_id: int | None) -> None:
    """Append an entry to the account's system log (``GET /logs``), newest first."""
    entry: dict[str, Any] = {
        "id": sim.account.new_id("task-log"),
        "time": sim.iso(now),
        "originator": "API key",
        "apiKeyName": "simulator-api-key",
        "resource": kind,
        "type": kind.capitalize(),
        "description": description,
    }
    if resource_id is not None:
        entry["resourceId"] = resource_id
    sim.account.system_log.insert(0, entry)
