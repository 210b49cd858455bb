"""Rules and lookups every route module applies the same way.

Lookups answer 404 synchronously. `require_active` is the real service's busy rule, checked
when a task runs: a change to a subscription that is not active, or that has anything in
it being changed, fails with ``SUBSCRIPTION_NOT_ACTIVE``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

from ._call import Call
from ._errors import TOO_MANY_CHANGES, ApiError, TaskError, conflict, not_found
from ._resources import ACTIVE, DELETING, PENDING, Database, Stateful, Subscription
from ._simulation import MAX_PENDING_SUBSCRIPTIONS, Simulation
from ._tasks import Claim

T = TypeVar("T")


def pro_subscription(call: Call) -> Subscription:
    sub_id = call.int_param("subscriptionId")
    sub = call.sim.account.subscriptions.get(sub_id)
    if sub is None:
        raise not_found(f"Subscription {sub_id} not found")
    return sub


def fixed_subscription(call: Call) -> Subscription:
    sub_id = call.int_param("subscriptionId")
    sub = call.sim.account.fixed_subscriptions.get(sub_id)
    if sub is None:
        raise not_found(f"Essentials subscription {sub_id} not found")
    return sub


def subscription(call: Call, *, essentials: bool) -> Subscription:
    return fixed_subscription(call) if essentials else pro_subscription(call)


def database(call: Call, *, essentials: bool) -> tuple[Subscription, Database]:
    sub = subscription(call, essentials=essentials)
    db_id = call.int_param("databaseId")
    db = sub.databases.get(db_id)
    if db is None:
        raise not_found(f"Database {db_id} not found in subscription {sub.id}")
    return sub, db


def _subscriptions_of(sim: Simulation, sub: Subscription) -> dict[int, Subscription]:
    return sim.account.fixed_subscriptions if sub.essentials else sim.account.subscriptions


def require_active(sim: Simulation, sub: Subscription) -> None:
    """Fail the running task unless the subscription exists and nothing in it is changing."""
    if _subscriptions_of(sim, sub).get(sub.id) is not sub:
        raise TaskError("SUBSCRIPTION_NOT_FOUND", f"Subscription {sub.id} was not found", 404)
    status = sub.effective_status()
    if status != ACTIVE:
        raise TaskError(
            "SUBSCRIPTION_NOT_ACTIVE",
            f"Subscription {sub.id} is not active (status: {status}); "
            "re-submit when its pending changes are completed",
        )


def require_database(sim: Simulation, sub: Subscription, db: Database) -> None:
    """Fail the running task unless the database still exists and is active."""
    require_active(sim, sub)
    if sub.databases.get(db.id) is not db:
        raise TaskError("DATABASE_NOT_FOUND", f"Database {db.id} was not found", 404)


def ensure_name_free(
    sim: Simulation, kind: str, scope: str, name: str, existing: Iterable[str]
) -> Claim:
    """409 if the name is used, or held by a queued create; else the claim to hold it."""
    claim = Claim(kind, scope, name)
    if name in set(existing) or any(True for _ in sim.tasks.held(kind, scope) if _ == claim):
        raise conflict(f"The name '{name}' is already in use")
    return claim


def refuse_when_too_busy(sim: Simulation) -> Claim:
    """429 (without the rate-limit header) when three subscriptions are already changing."""
    if sim.pending_subscriptions() >= MAX_PENDING_SUBSCRIPTIONS:
        sim.stats.concurrency_limited += 1
        raise ApiError(429, TOO_MANY_CHANGES)
    return Claim("subscription-create")


def provision(sim: Simulation, thing: Stateful, duration: str, now: float) -> None:
    """``pending`` now, ``active`` after ``duration``; databases get their activation date."""

    def activated(when: float) -> None:
        if isinstance(thing, Database) and thing.activated_at is None:
            thing.activated_at = when

    sim.transition(thing, PENDING, ACTIVE, duration, now, done=activated)


def remove_later(
    sim: Simulation, thing: Stateful, container: dict[int, T], key: int, duration: str, now: float
) -> None:
    """``deleting`` now, gone (404) after ``duration``."""

    def gone(_: float) -> None:
        container.pop(key, None)

    sim.transition(thing, DELETING, None, duration, now, done=gone)


def self_link(call: Call) -> list[dict[str, str]]:
    return [{"rel": "self", "type": "GET", "href": call.href(call.path[len("/v1") :])}]


def page(call: Call, items: Sequence[T], *, limit: int, max_limit: int) -> Sequence[T]:
    """The ``offset``/``limit`` page of ``items``; an empty page is a 404 (the end)."""
    offset = call.query_int("offset", 0)
    size = call.query_int("limit", limit, low=1, high=max_limit)
    chunk = items[offset : offset + size]
    if not chunk:
        raise not_found(f"No items at offset {offset}")
    return chunk


def link(call: Call, path: str) -> dict[str, Any]:
    return {"rel": "self", "type": "GET", "href": call.href(path)}
