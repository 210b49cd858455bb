"""`diff`: what `apply` would do, item by item and field by field, without doing it.

It reads the account concurrently within the rate budget (one list per kind and per
subscription, as `apply` does, and a few reads only some fields need) and compares
every planned item with what exists (`_survey`, `_compare`). The plan is the source of
truth for the fields it sets; a field it leaves unset is not drift.
"""

from __future__ import annotations

from .._client import AsyncClient
from ._changes import PlanDiff
from ._context import RunContext
from ._costs import DEFAULT_COSTS
from ._kinds import flatten
from ._plan import Plan
from ._run import JournalArg, opened
from ._survey import survey

__all__ = ["diff"]


async def diff(
    client: AsyncClient, plan: Plan, *, prune: bool = False, journal: JournalArg = None
) -> PlanDiff:
    """Compare the account with `plan`: one `Change` per planned item.

    ``create`` (missing), ``update`` (changes in place: `Change.fields` names each field
    with its current and planned value), ``replace`` (a field no update request takes,
    e.g. a database's protocol or a subscription's deployment type: `Change.reasons`
    says which), ``keep``. What the planned subscriptions hold that the plan does not
    name is `PlanDiff.unmanaged`; with `prune=True`, ``delete`` changes instead (what
    `apply(..., prune=True, confirm=True)` removes). `journal`: the journal `apply`
    uses, whose fingerprints compare what the account does not show back (passwords,
    certificates, backup settings); without it those fields are `Change.unverified`.
    A read that fails raises (an `ExceptionGroup` when several do).
    """
    with opened(journal) as kept:
        ctx = RunContext.reading(client, kept)
        found = await survey(ctx, flatten(plan, DEFAULT_COSTS), residents=True, thorough=prune)
    errors = found.errors()
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise ExceptionGroup(f"{len(errors)} items could not be read", errors)
    return found.diff(prune=prune)
