"""`apply`: bring the account to the plan, every item concurrently within the rules.

A run first surveys every item (`_survey`: the same reads `diff` makes, which the
items' own lookups then share), then acts on each in dependency order: it creates
what is missing, changes in place what differs (`ItemKind.update`), replaces what
cannot change in place only when allowed and confirmed, leaves the rest, and, pruning,
deletes what the planned subscriptions hold that the plan does not name. The
scheduling is spread over three shared controls: the pending-subscription slots
(handed out longest chain first: the work left in a subscription for its changes,
`_backlog`; what the account holds busy when the run begins counts as held, `_busy`),
one lane per subscription, and the client's writes gate and rate budget; the shared
watchers follow every task and resource.
"""

from __future__ import annotations

import asyncio
from typing import Any, TypedDict, Unpack

from .._client import AsyncClient
from .._errors import ConfirmationRequiredError
from ._backlog import backlog
from ._busy import count_busy
from ._compare import fingerprints
from ._context import RunContext
from ._costs import DEFAULT_COSTS, Costs
from ._ensure import Ensured
from ._events import EventStream, Failed, Ready
from ._items import Item, ItemKey
from ._kinds import ItemKind, flatten, kind_of, resident_of
from ._plan import Plan
from ._results import ItemOutcome, RunResult, task_id_of
from ._run import EventCallback, JournalArg, Run, execute
from ._survey import Surveyed, assess, survey

__all__ = ["ApplyOptions", "apply", "start"]


class ApplyOptions(TypedDict, total=False):
    """The keyword options of `apply` and `start`."""

    journal: JournalArg
    on_event: EventCallback | None
    max_pending_subscriptions: int
    fold_databases: bool
    timeout: float | None
    costs: Costs
    allow_replace: bool
    confirm: bool
    prune: bool


class _Converge:
    """One apply run: its survey, then one action per item."""

    def __init__(self, *, allow_replace: bool, confirm: bool, prune: bool) -> None:
        self.replacing = allow_replace and confirm
        self.prune = prune
        self.surveyed: dict[ItemKey, Surveyed] = {}
        self.pruned: set[ItemKey] = set()
        #: Items this run made anew (created or replaced): what refers to them by id
        #: is looked at again.
        self.remade: set[ItemKey] = set()

    async def prepare(self, ctx: RunContext, items: list[Item[Any]]) -> list[Item[Any]]:
        found = await survey(ctx, items, residents=self.prune, thorough=self.prune)
        self.surveyed = found.items
        self.pruned = {item.key for item in found.residents}
        ctx.backlog = backlog(items, self.surveyed, ctx.costs)
        await count_busy(ctx, items, self.surveyed)
        return [*items, *found.residents]

    async def act(self, ctx: RunContext, item: Item[Any]) -> ItemOutcome:
        try:
            outcome = await self._act(ctx, item)
        except Exception as error:
            seen = self.surveyed.get(item.key)
            if seen is None or seen.found is None:  # a create failed (not a change)
                ctx.record(item.key, "failed")
            ctx.emit(Failed, item.key, error=error, task_id=task_id_of(error))
            return ItemOutcome(
                item=str(item.key), status="failed", error=error, task_id=task_id_of(error)
            )
        if outcome.resource_id is not None:
            ctx.resource_ids[item.key] = outcome.resource_id
        if outcome.status in ("created", "replaced"):
            self.remade.add(item.key)
        changed = outcome.status not in ("present", "absent")
        ctx.emit(
            Ready,
            item.key,
            resource_id=outcome.resource_id,
            changed=changed,
            outcome=outcome.status,
        )
        return outcome

    async def _act(self, ctx: RunContext, item: Item[Any]) -> ItemOutcome:
        kind = kind_of(item)
        if item.key in self.pruned:
            return await resident_of(item).prune(ctx, item)
        seen = self.surveyed[item.key]
        if seen.error is not None:
            raise seen.error
        remade = any(dep in self.remade for dep in item.deps if dep != item.parent)
        if remade and seen.change.action != "create":
            seen = await assess(ctx, item, refresh=True)  # it refers to what was remade
        change = seen.change
        if change.action == "replace":
            if not self.replacing:
                raise ConfirmationRequiredError(
                    "allow_replace",
                    f"{item.key} must be replaced ({'; '.join(change.reasons)}), which deletes "
                    "it and its data: pass allow_replace=True and confirm=True",
                )
            ensured = await kind.replace(ctx, item)
            _remember(ctx, kind, item, kind.planned(item))
            await _settle_new(ctx, kind, item)
            return _outcome(item, "replaced", ensured, change.fields)
        # Found or made, registered for what lives in it, and ready.
        ensured = await kind.create(ctx, item)
        if ensured.created:
            _remember(ctx, kind, item, kind.planned(item))
            await _settle_new(ctx, kind, item)
            return _outcome(item, "created", ensured)
        if change.action != "update" or seen.found is None or seen.comparison is None:
            ctx.end_updates_of(item.key)  # as planned: an earlier run's update ran
            return _outcome(item, "present", ensured)
        steps = seen.comparison.steps
        sent = await kind.update(ctx, item, seen.found, steps)
        _remember(ctx, kind, item, {k: v for values in steps.values() for k, v in values.items()})
        return _outcome(item, "updated", ensured, change.fields, sent[-1] if sent else None)


def _outcome(
    item: Item[Any],
    status: str,
    ensured: Ensured,
    fields: Any = None,
    task_id: str | None = None,
) -> ItemOutcome:
    return ItemOutcome(
        item=str(item.key),
        status=status,
        resource_id=ensured.resource_id,
        task_id=task_id or ensured.task_id,
        fields=fields or {},
    )


def _remember(ctx: RunContext, kind: ItemKind[Any], item: Item[Any], sent: Any) -> None:
    """Keep the fingerprints of what was just sent that the account does not show."""
    if ctx.journal is not None:
        kept = fingerprints(str(item.key), kind.fields(item), sent, ctx.journal)
        if kept:
            ctx.journal.remember(str(item.key), kept)


async def _settle_new(ctx: RunContext, kind: ItemKind[Any], item: Item[Any]) -> None:
    """Set on a new (or replaced) item what its create request cannot carry (a
    subscription's CIDR allowlist and maintenance windows, a PrivateLink's further
    principals)."""
    later = {f.name for f in kind.fields(item) if not f.created}
    if not later & set(kind.planned(item)):
        return
    seen = await assess(ctx, item, refresh=True)
    if seen.found is not None and seen.comparison is not None and seen.comparison.steps:
        await kind.update(ctx, item, seen.found, seen.comparison.steps)


def start(client: AsyncClient, plan: Plan, **options: Unpack[ApplyOptions]) -> Run:
    """Start applying `plan` in the background; see `apply` for the options."""
    prune = options.get("prune", False)
    confirm = options.get("confirm", False)
    if prune and not confirm:
        raise ConfirmationRequiredError(
            "confirm",
            "pruning deletes what the planned subscriptions hold that the plan does not "
            "name, and its data: pass confirm=True with prune=True",
        )
    run = _Converge(allow_replace=options.get("allow_replace", False), confirm=confirm, prune=prune)
    stream = EventStream(options.get("on_event"))
    costs = options.get("costs", DEFAULT_COSTS)
    running = execute(
        client,
        flatten(plan, costs),
        run.act,
        stream=stream,
        journal=options.get("journal"),
        max_pending_subscriptions=options.get("max_pending_subscriptions", 3),
        timeout=options.get("timeout"),
        fold=options.get("fold_databases", True),
        costs=costs,
        prepare=run.prepare,
    )
    return Run(stream, asyncio.create_task(running, name="redis-cloud-async:bulk-apply"))


async def apply(client: AsyncClient, plan: Plan, **options: Unpack[ApplyOptions]) -> RunResult:
    """Bring the account to `plan` and return one outcome per item.

    Each item ends ``created``, ``updated`` (with the fields changed), ``replaced``,
    ``present`` (already as planned), ``deleted`` (pruned), ``failed`` or ``skipped``.
    What differs from the plan changes in place; an item that cannot change in place
    (see `diff`) is replaced only with `allow_replace=True` and `confirm=True` (it
    deletes the item and its data), else it fails with `ConfirmationRequiredError`.
    `prune=True` (with `confirm=True`) also deletes what the planned subscriptions hold
    that the plan does not name. Options: `journal` (a path or a `Journal`): record each
    submission so that a killed run resumes without sending anything twice, and the
    fingerprints of values the account does not show back (passwords); `on_event`:
    called with every `Event`; `max_pending_subscriptions` (3, the service's limit):
    subscriptions made non-active at once; `fold_databases` (True): create a new
    subscription's planned databases in its create request when the request can say
    them exactly; `timeout` (None: no bound): seconds each wait for a task or a resource
    may take; `costs`: the relative durations the scheduler ranks work by. Failures do
    not raise: see `RunResult.raise_for_failures()`.
    """
    return await start(client, plan, **options).wait()
