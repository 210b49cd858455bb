"""`destroy`: tear a plan down, children before parents, within the same limits.

The dependencies of `apply` are reversed: a subscription goes after its databases
and peerings, a database after the roles that use it, a rule after its roles, a role
after its users; what goes with its subscription (an Active-Active region) waits for
it instead. Deleting a database or a subscription leaves the subscription non-active
until the deletion is done, so those hold a pending-subscription slot until the
resource is gone. Each kind deletes its items (see `_remove`).
"""

from __future__ import annotations

from typing import Any

import attrs

from .._client import AsyncClient
from .._errors import ConfirmationRequiredError
from ._context import RunContext
from ._costs import DEFAULT_COSTS
from ._events import EventStream, Failed, Ready
from ._items import Item, ItemKey
from ._kinds import flatten, kind_of
from ._plan import Plan
from ._results import ItemOutcome, RunResult, task_id_of
from ._run import EventCallback, execute

__all__ = ["destroy"]


def _reversed(items: list[Item[Any]]) -> list[Item[Any]]:
    """The same items, each now waiting for the items that depended on it. Items
    removed with their subscription keep waiting for it, and nothing waits for them."""
    along = {item.key for item in items if kind_of(item).removed_with_parent}
    dependents: dict[ItemKey, list[ItemKey]] = {item.key: [] for item in items}
    for item in items:
        if item.key not in along:
            for dep in item.deps:
                if dep not in along:
                    dependents[dep].append(item.key)
    return [
        attrs.evolve(item, deps=item.deps if item.key in along else tuple(dependents[item.key]))
        for item in reversed(items)
    ]


async def _destroy_one(ctx: RunContext, item: Item[Any]) -> ItemOutcome:
    try:
        outcome = await kind_of(item).delete(ctx, item)
    except Exception as error:
        ctx.emit(Failed, item.key, error=error, task_id=task_id_of(error))
        return ItemOutcome(
            item=str(item.key), status="failed", error=error, task_id=task_id_of(error)
        )
    changed = outcome.status == "deleted"
    ctx.emit(Ready, item.key, resource_id=None, changed=changed, outcome=outcome.status)
    return outcome


async def destroy(
    client: AsyncClient,
    plan: Plan,
    *,
    confirm: bool = False,
    on_event: EventCallback | None = None,
    max_pending_subscriptions: int = 3,
    timeout: float | None = None,
) -> RunResult:
    """Delete everything the plan names, children first; one outcome per item
    (``deleted``, ``absent``, ``failed`` or ``skipped``). Idempotent: what is absent
    is fine. Anything in a planned subscription that the plan does not name makes
    that subscription's delete fail (`SUBSCRIPTION_IN_USE`) rather than be removed.
    It deletes data: it needs `confirm=True` (`ConfirmationRequiredError` otherwise,
    before anything is sent)."""
    if confirm is not True:
        raise ConfirmationRequiredError(
            "confirm", "destroy deletes every item of the plan and its data: pass confirm=True"
        )
    return await execute(
        client,
        _reversed(flatten(plan, DEFAULT_COSTS)),
        _destroy_one,
        stream=EventStream(on_event),
        journal=None,
        max_pending_subscriptions=max_pending_subscriptions,
        timeout=timeout,
        fold=False,
        costs=DEFAULT_COSTS,
    )
