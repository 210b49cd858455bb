"""A bulk run as it goes: bars on a terminal, one line per item event otherwise.

Driven by the run's `on_event` callback, so `apply` and `destroy` show the same way.
On a terminal: one bar for the plan and, for a plan of a few subscriptions, one per
subscription; failures and retries print above the bars. Plain: a timestamped line for
each submission, outcome and retry, for logs and scripts.
"""

from __future__ import annotations

from collections import Counter
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self

from ..bulk import (
    Event,
    Failed,
    Plan,
    RateLimited,
    Ready,
    RetryScheduled,
    Skipped,
    Submitted,
)
from ._output import Output

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

__all__ = ["RunProgress", "group_of", "group_totals"]

#: Beyond this many subscriptions, only the bar of the whole plan is drawn.
_MAX_GROUP_BARS = 12


def group_of(item: str) -> str:
    """The bar an item key counts in: its subscription, or ``acl``."""
    kind, _, name = item.partition(":")
    if kind.startswith("acl-"):
        return "acl"
    group = name.split("/")[0]
    return f"{group} (essentials)" if kind.startswith("essentials-") else group


def group_totals(plan: Plan) -> dict[str, int]:
    """How many items each bar counts, in plan order."""
    totals = {
        sub.name: 1 + len(sub.database_names()) + len(sub.peerings)
        + len(sub.active_active_regions())
        for sub in plan.subscriptions
    }  # fmt: skip
    totals.update({f"{s.name} (essentials)": 1 + len(s.databases) for s in plan.essentials})
    acl = plan.acl
    if acl.rules or acl.roles or acl.users:
        totals["acl"] = len(acl.rules) + len(acl.roles) + len(acl.users)
    return totals


class RunProgress:
    """Use as a context manager around the run; pass `on_event` to `apply`/`destroy`.

    `done` and `unchanged` name the two good endings (``created``/``present`` for an
    apply, ``deleted``/``absent`` for a destroy).
    """

    def __init__(self, out: Output, plan: Plan, *, done: str, unchanged: str) -> None:
        self._out = out
        self._done = done
        self._unchanged = unchanged
        self._totals = group_totals(plan)
        self._total = plan.items_count()
        self.counts: Counter[str] = Counter()
        self._retries = 0
        self._limited = 0
        self._start: float | None = None
        self._bars: Progress | None = None
        self._bar_ids: dict[str, TaskID] = {}  #: "" is the whole plan's bar

    def __enter__(self) -> Self:
        if self._out.console is not None:
            self._open_bars()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._bars is not None:
            self._bars.stop()

    def _open_bars(self) -> None:
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
        )

        columns: list[Any] = [
            TextColumn("{task.description:<28}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TextColumn("{task.fields[note]}"),
        ]
        bars = self._bars = Progress(*columns, console=self._out.console)
        self._bar_ids[""] = bars.add_task("whole plan", total=self._total, note="")
        if len(self._totals) <= _MAX_GROUP_BARS:
            for group, total in self._totals.items():
                self._bar_ids[group] = bars.add_task(group, total=total, note="")
        bars.start()

    def on_event(self, event: Event) -> None:
        """The run's callback: count the event, then draw or print it."""
        if self._start is None:
            self._start = event.at
        ending = self._ending(event)
        if isinstance(event, RateLimited):
            self._limited += 1
        elif isinstance(event, RetryScheduled):
            self._retries += 1
        if ending is not None:
            self.counts[ending] += 1
        line = self._describe(event, ending)
        if self._bars is None:
            if line is not None:
                self._out.line(f"[{event.at - self._start:7.2f}s] {line}")
            return
        if ending is not None and event.item is not None:
            self._advance(self._bars, event.item, ending)
        if line is not None and not isinstance(event, Submitted | Ready):
            self._bars.console.print(line, markup=False, highlight=False)

    def _ending(self, event: Event) -> str | None:
        if isinstance(event, Ready):
            return self._done if event.changed else self._unchanged
        if isinstance(event, Failed):
            return "failed"
        if isinstance(event, Skipped):
            return "skipped"
        return None

    def _advance(self, bars: Progress, item: str, ending: str) -> None:
        counts = ", ".join(f"{n} {name}" for name, n in sorted(self.counts.items()))
        note = f"{counts}; {self._retries} retries, {self._limited} 429s"
        bars.update(self._bar_ids[""], advance=1, note=note)
        bar = self._bar_ids.get(group_of(item))
        if bar is not None:
            failed = ending in ("failed", "skipped")
            bars.update(bar, advance=1, note="[red]failed" if failed else "")

    def _describe(self, event: Event, ending: str | None) -> str | None:
        if isinstance(event, Submitted):
            return f"{event.item}: submitted ({event.command}, task {event.task_id})"
        if isinstance(event, Ready):
            ident = f" (id {event.resource_id})" if event.resource_id is not None else ""
            return f"{event.item}: {ending}{ident}"
        if isinstance(event, Failed):
            task = f" (task {event.task_id})" if event.task_id else ""
            return f"{event.item}: FAILED{task}: {event.error}"
        if isinstance(event, Skipped):
            return f"{event.item}: skipped because {event.dependency} failed"
        if isinstance(event, RetryScheduled):
            what = "rate limited" if isinstance(event, RateLimited) else "retry"
            return (
                f"{what}: {event.method} {event.path} again in {event.backoff:.2f}s "
                f"(attempt {event.attempt}: {event.cause})"
            )
        return None
