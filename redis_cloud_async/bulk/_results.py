"""What happened to each item: one outcome per item, and the run's summary."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping
from typing import Any

import attrs

from .._errors import TaskFailedError

__all__ = ["ItemOutcome", "RunResult"]

#: created/updated/replaced/deleted: this run did it; present/absent: it already was
#: so; failed; skipped.
Status = str


@attrs.frozen(kw_only=True)
class ItemOutcome:
    """The end of one item: `status` is ``created``, ``updated``, ``replaced``,
    ``present``, ``deleted``, ``absent``, ``failed`` or ``skipped``."""

    item: str
    status: Status
    resource_id: int | None = None
    task_id: str | None = None
    error: BaseException | None = None
    #: For ``skipped``: the item whose failure stopped this one.
    dependency: str | None = None
    #: For ``updated`` and ``replaced``: the fields changed, (old, new) as `Change.fields`
    #: shows them (secrets hidden).
    fields: Mapping[str, tuple[Any, Any]] = attrs.field(factory=dict)

    @property
    def ok(self) -> bool:
        return self.status not in ("failed", "skipped")

    def describe(self) -> str:
        """One line for a report or an exception note (no secrets: errors carry none)."""
        if self.status == "failed":
            task = f" (task {self.task_id})" if self.task_id else ""
            return f"{self.item}: failed{task}: {self.error}"
        if self.status == "skipped":
            return f"{self.item}: skipped because {self.dependency} failed"
        ident = f" (id {self.resource_id})" if self.resource_id is not None else ""
        changed = f": {', '.join(self.fields)}" if self.fields else ""
        return f"{self.item}: {self.status}{ident}{changed}"


@attrs.frozen(kw_only=True)
class RunResult:
    """Every item's outcome, by item key, in plan order; plus the run's wall time."""

    outcomes: Mapping[str, ItemOutcome]
    elapsed: float
    writes: int

    def __iter__(self) -> Iterator[ItemOutcome]:
        return iter(self.outcomes.values())

    def __getitem__(self, item: str) -> ItemOutcome:
        return self.outcomes[item]

    def __len__(self) -> int:
        return len(self.outcomes)

    def counts(self) -> Counter[str]:
        """How many items ended in each status."""
        return Counter(outcome.status for outcome in self.outcomes.values())

    @property
    def failures(self) -> list[ItemOutcome]:
        return [o for o in self.outcomes.values() if o.status == "failed"]

    @property
    def ok(self) -> bool:
        return all(o.ok for o in self.outcomes.values())

    def raise_for_failures(self) -> None:
        """Raise an `ExceptionGroup` of the failed items' errors, one note per item
        (skipped items are listed in a note of the group)."""
        failed = self.failures
        skipped = [o for o in self.outcomes.values() if o.status == "skipped"]
        if not failed and not skipped:
            return
        errors: list[Exception] = []
        for outcome in failed:
            error = outcome.error
            if not isinstance(error, Exception):
                error = RuntimeError(str(error))
            error.add_note(outcome.describe())
            errors.append(error)
        if not errors:  # skipped without a failure: a dependency failed in an earlier run
            errors.append(RuntimeError("items were skipped"))
        group = ExceptionGroup(f"{len(failed)} of {len(self)} items failed", errors)
        for outcome in skipped:
            group.add_note(outcome.describe())
        raise group

    def summary(self) -> str:
        counts = ", ".join(f"{n} {status}" for status, n in sorted(self.counts().items()))
        return f"{len(self)} items in {self.elapsed:.2f}s: {counts}; {self.writes} writes"


def task_id_of(error: BaseException) -> str | None:
    return error.task_id if isinstance(error, TaskFailedError) else None
