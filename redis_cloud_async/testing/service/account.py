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

    def add(collection: str, name: str, data: dict[str, Any]) -> None:
        item_id = account.new_id(collection)
        account.collection(collection)[item_id] = Item(
            id=item_id, name=name, status=ACTIVE, created_at=now, updated_at=now, data=data
        )

    for name, acl in reference_data.DEFAULT_ACL_RULES:
        add(ACL_RULES, name, {"acl": acl, "isDefault": True})
    owner = {"email": "owner@example.com", "role": "Owner", "self": True}
    add(ACCOUNT_USERS, "Simulated Owner", owner)
    add(CLOUD_ACCOUNTS, "Redis Internal Resources", {"provider": "AWS", "internal": True})
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
