"""How long each kind of work holds the account, in service seconds.

The scheduler ranks work by the chain it starts (longest first), and the lower bound
adds these up; both read the same numbers. The defaults are the simulator's
`Durations` (the guide's figures): a task step, then the time the resource stays
`pending` (or, for a change, the time its subscription stays busy).
"""

from __future__ import annotations

from typing import Any

import attrs

__all__ = ["DEFAULT_COSTS", "Costs"]


@attrs.frozen(kw_only=True)
class Costs:
    """Service seconds from a write's submission until its resource is active again."""

    #: A task at an idle queue: pickup then processing (the account runs one at a time).
    task: float = 3.0
    #: Of that, the part during which the queue is busy (a lower bound per task).
    processing: float = 2.0
    subscription: float = 903.0
    database: float = 303.0
    essentials_subscription: float = 33.0
    essentials_database: float = 63.0
    #: A database's update or upgrade (`active-change-pending`, its subscription busy).
    database_update: float = 123.0
    #: A subscription's update that leaves it `pending` (settings, CIDR allowlist, plan).
    subscription_update: float = 63.0
    #: An Active-Active region added to (or removed from) a subscription.
    region: float = 903.0
    #: A connectivity object (a PSC service) from its task's end until it is active.
    connectivity: float = 300.0

    @classmethod
    def from_durations(cls, durations: Any) -> Costs:
        """From a simulator `Durations` (or anything with the same fields)."""
        task = float(durations.task_pickup) + float(durations.task_processing)
        return cls(
            task=task,
            processing=float(durations.task_processing),
            subscription=task + float(durations.subscription_create),
            database=task + float(durations.database_create),
            essentials_subscription=task + float(durations.essentials_subscription_create),
            essentials_database=task + float(durations.essentials_database_create),
            database_update=task + float(durations.database_update),
            subscription_update=task + float(durations.subscription_update),
            region=task + float(durations.active_active_region),
            connectivity=float(durations.connectivity),
        )


DEFAULT_COSTS = Costs()
