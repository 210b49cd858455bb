"""When a subscription is too busy for a change: the service's two rules.

- At most three subscriptions may be changing at once in an account (creates still in the
  queue included); a fourth create is refused with 429 when it arrives.
- A change to a subscription that is not active, or that has anything in it being
  changed, fails when its task runs, with ``SUBSCRIPTION_NOT_ACTIVE``.
"""

from __future__ import annotations

from ..engine.errors import TOO_MANY_CHANGES, ApiError, TaskError
from ..engine.simulation import Simulation
from ..engine.state import ACTIVE, Database, Subscription
from ..engine.tasks import Claim

MAX_PENDING_SUBSCRIPTIONS = 3
#: Statuses that count as "being created / updated / deleted" for the 3-subscription rule.
_SETTLED = frozenset({ACTIVE, "error"})
_QUEUED_CREATE = Claim("subscription-create")


def pending_subscriptions(sim: Simulation) -> int:
    """Subscriptions being created, changed or deleted, including queued creates."""
    changing = sum(
        1 for sub in sim.account.all_subscriptions() if sub.effective_status() not in _SETTLED
    )
    return changing + sum(1 for _ in sim.tasks.held(_QUEUED_CREATE.kind))


def refuse_when_too_busy(sim: Simulation) -> Claim:
    """429 (without the rate-limit header) when three subscriptions are already changing."""
    if pending_subscriptions(sim) >= MAX_PENDING_SUBSCRIPTIONS:
        sim.stats.concurrency_limited += 1
        raise ApiError(429, TOO_MANY_CHANGES)
    return _QUEUED_CREATE


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
