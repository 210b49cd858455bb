"""The smaller areas' records (ACL, account users, cloud accounts, cost reports).

Their records are `Item`s in named collections of the account, named here once; each
area keeps its own rules and shapes and uses these helpers for the common steps.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..engine.errors import TaskError
from ..engine.simulation import Simulation
from ..engine.state import ACTIVE, Item
from ..engine.tasks import Claim
from .lifecycle import ensure_name_free

#: The account's collections of `Item` (`Account.collection`), by area.
ACL_RULES, ACL_ROLES, ACL_USERS = "acl_rules", "acl_roles", "acl_users"
ACCOUNT_USERS = "users"
CLOUD_ACCOUNTS = "cloud_accounts"
COST_REPORTS = "cost_reports"


def by_name(sim: Simulation, collection: str, name: str) -> Item | None:
    return next((i for i in sim.account.collection(collection).values() if i.name == name), None)


def name_claim(sim: Simulation, collection: str, name: str) -> Claim:
    """409 when an item of the collection has the name, or a queued create claims it."""
    existing = (item.name for item in sim.account.collection(collection).values())
    return ensure_name_free(sim, f"{collection}-name", "", name, existing)


def create(
    sim: Simulation,
    collection: str,
    name: str,
    data: Mapping[str, Any],
    now: float,
    *,
    secrets: Mapping[str, str] | None = None,
    status: str = ACTIVE,
) -> Item:
    item_id = sim.account.new_id(collection)
    item = Item(
        id=item_id,
        name=name,
        status=status,
        created_at=now,
        updated_at=now,
        data=dict(data),
        secrets=dict(secrets or {}),
    )
    sim.account.collection(collection)[item_id] = item
    sim.stats.created[(collection, name)] += 1
    return item


def require_present(sim: Simulation, collection: str, item: Item, error: str) -> None:
    """Fail the running task if the item was deleted since the request."""
    if sim.account.collection(collection).get(item.id) is not item:
        raise TaskError(error, f"{item.name} ({item.id}) no longer exists", 404)
