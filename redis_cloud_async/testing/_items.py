"""CRUD plumbing for the smaller areas (ACL, users, cloud accounts, cost reports).

Their records are `Item`s in named collections of the account; each area module keeps
its own rules and shapes and uses these helpers for the common steps.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ._call import Call
from ._errors import TaskError, not_found
from ._resources import ACTIVE, Item
from ._shared import ensure_name_free
from ._simulation import Simulation
from ._tasks import Claim


def find(call: Call, collection: str, param: str, label: str) -> Item:
    """The item named by the path parameter ``param``, or 404."""
    item_id = call.int_param(param)
    item = call.sim.account.collection(collection).get(item_id)
    if item is None:
        raise not_found(f"{label} {item_id} not found")
    return item


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
