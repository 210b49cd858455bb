"""`apply`: bring the account to the plan, every item concurrently within the rules.

The scheduling is spread over three shared controls: the pending-subscription slots
(handed out longest chain first), one lane per subscription, and the client's writes
gate and rate budget; the shared watchers follow every task and resource.
"""

from __future__ import annotations

import asyncio
from typing import Any, TypedDict, Unpack

from .._client import AsyncClient
from ._context import RunContext
from ._costs import DEFAULT_COSTS, Costs
from ._events import EventStream, Failed, Ready
from ._items import Item
from ._kinds import flatten, kind_of
from ._plan import Plan
from ._results import ItemOutcome, RunResult, task_id_of
from ._run import EventCallback, JournalArg, Run, execute

__all__ = ["ApplyOptions", "apply", "start"]


class ApplyOptions(TypedDict, total=False):
    """The keyword options of `apply` and `start`."""

    journal: JournalArg
    on_event: EventCallback | None
    max_pending_subscriptions: int
    fold_databases: bool
    timeout: float | None
    costs: Costs


async def _create(ctx: RunContext, item: Item[Any]) -> ItemOutcome:
    try:
        ensured = await kind_of(item).create(ctx, item)
    except Exception as error:
        ctx.record(item.key, "failed")
        ctx.emit(Failed, item.key, error=error, task_id=task_id_of(error))
        return ItemOutcome(
            item=str(item.key), status="failed", error=error, task_id=task_id_of(error)
        )
    if ensured.resource_id is not None:
        ctx.resource_ids[item.key] = ensured.resource_id
    ctx.emit(Ready, item.key, resource_id=ensured.resource_id, changed=ensured.created)
    return ItemOutcome(
        item=str(item.key),
        status="created" if ensured.created else "present",
        resource_id=ensured.resource_id,
        task_id=ensured.task_id,
    )


def start(client: AsyncClient, plan: Plan, **options: Unpack[ApplyOptions]) -> Run:
    """Start applying `plan` in the background; see `apply` for the options."""
    stream = EventStream(options.get("on_event"))
    costs = options.get("costs", DEFAULT_COSTS)
    running = execute(
        client,
        flatten(plan, costs),
        _create,
        stream=stream,
        journal=options.get("journal"),
        max_pending_subscriptions=options.get("max_pending_subscriptions", 3),
        timeout=options.get("timeout"),
        fold=options.get("fold_databases", True),
        costs=costs,
    )
    return Run(stream, asyncio.create_task(running, name="redis-cloud-async:bulk-apply"))


async def apply(client: AsyncClient, plan: Plan, **options: Unpack[ApplyOptions]) -> RunResult:
    """Bring the account to `plan` and return one outcome per item.

    Items that exist (by name) are left as they are. Options:
    `journal` (a path or a `Journal`): record each submission so that a killed run
    resumes without sending anything twice; `on_event`: called with every `Event`;
    `max_pending_subscriptions` (3, the service's limit): subscriptions made non-active
    at once; `fold_databases` (True): create a new subscription's planned databases in
    its create request when the request can say them exactly; `timeout` (None: no
    bound): seconds each wait for a task or a resource may take; `costs`: the relative
    durations the scheduler ranks work by. Failures do not raise: see
    `RunResult.raise_for_failures()`.
    """
    return await start(client, plan, **options).wait()
