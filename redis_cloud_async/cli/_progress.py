"""A bulk run as it goes: bars on a terminal, one line per item event otherwise.

Driven by the run's `on_event` callback, so `apply` and `destroy` show the same way.
On a terminal: one bar for the plan and, for a plan of a few subscriptions, one per
subscription, each saying what its slowest item in flight is doing and for how long
(refreshed every second); failures print above the bars. Plain: a timestamped line for
each submission and outcome, for logs and scripts, and every `heartbeat` seconds a line
naming the items in flight, their state and how long they have been in it (a
subscription provisions for 15 minutes). Retries are reported by the library's logger.
After an interruption, `still_running()` says what the server is still working on.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import Counter
from collections.abc import Mapping
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self

import attrs

from .._clock import now, sleep
from .._errors import ConfirmationRequiredError
from ..bulk import (
    Event,
    Failed,
    Plan,
    RateLimited,
    Ready,
    RetryScheduled,
    Skipped,
    StatusChanged,
    Submitted,
)
from ._output import Output

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

__all__ = ["LEFT_OUT", "RunProgress", "elapsed", "group_of", "group_totals"]

#: Beyond this many subscriptions, only the bar of the whole plan is drawn.
_MAX_GROUP_BARS = 12
#: Seconds between two redraws of the bars' notes (states and elapsed times).
_REDRAW = 1.0
#: The ending of an item left out on purpose (a replace nobody confirmed).
LEFT_OUT = "left out"
#: Items a plain heartbeat line names (the longest waiting first); the rest are counted.
_HEARTBEAT_ITEMS = 5
#: States in which the server holds work of the item (a task, a resource changing).
_ON_THE_SERVER = frozenset(
    {"submitted", "following-task", "provisioning", "deleting", "waiting-until-gone"}
)


@attrs.define
class _InFlight:
    """What an item in flight is doing, since when (loop time), under which task."""

    state: str
    since: float
    task_id: str | None = None


def _dependency(event: Event) -> str:
    return event.dependency if isinstance(event, Skipped) else ""


def elapsed(seconds: float) -> str:
    """``42s``, ``3m07s``, ``1h02m``: how long, for a human."""
    whole = max(0, int(seconds))
    if whole < 60:
        return f"{whole}s"
    minutes, secs = divmod(whole, 60)
    if minutes < 60:
        return f"{minutes}m{secs:02d}s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m"


def group_of(item: str) -> str:
    """The bar an item key counts in: its subscription, or ``acl``."""
    kind, _, name = item.partition(":")
    if kind.startswith("acl-"):
        return "acl"
    group = name.split("/")[0]
    return f"{group} (essentials)" if kind.startswith("essentials-") else group


def group_totals(plan: Plan) -> dict[str, int]:
    """How many items each bar counts, in plan order."""
    totals = {sub.name: sub.items_count() for sub in plan.subscriptions}
    totals.update({f"{s.name} (essentials)": 1 + len(s.databases) for s in plan.essentials})
    acl = plan.acl
    if acl.rules or acl.roles or acl.users:
        totals["acl"] = len(acl.rules) + len(acl.roles) + len(acl.users)
    return totals


class RunProgress:
    """Use as a context manager around the run; pass `on_event` to `apply`/`destroy`.

    Each item ends as its outcome says (``created``, ``updated``, ``replaced``,
    ``present``, ``deleted``, ``absent``); `done` and `unchanged` name the two good
    endings of an event that does not say. `held`: items left out on purpose (a
    replace nobody confirmed), with why: their refusal, and what waits for them, show
    as ``left out``, not as failures.
    """

    def __init__(
        self,
        out: Output,
        plan: Plan,
        *,
        done: str = "changed",
        unchanged: str = "unchanged",
        heartbeat: float | None = 30.0,
        held: Mapping[str, str] | None = None,
    ) -> None:
        self._out = out
        self._heartbeat = heartbeat
        self._in_flight: dict[str, _InFlight] = {}
        self._ticker: asyncio.Task[None] | None = None
        self._done = done
        self._unchanged = unchanged
        self._held = held or {}
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
        every = _REDRAW if self._bars is not None else self._heartbeat
        if every is not None:
            with contextlib.suppress(RuntimeError):  # outside a running loop: no ticks
                self._ticker = asyncio.get_running_loop().create_task(self._tick(every))
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._ticker is not None:
            self._ticker.cancel()
        if self._bars is not None:
            self._bars.stop()

    def still_running(self) -> list[str]:
        """The items whose work the server still holds (a task, a resource changing),
        one line each with its state, how long, and its task."""
        at = now()
        return [
            f"{item}: {flight.state} for {elapsed(at - flight.since)}"
            + (f" (task {flight.task_id})" if flight.task_id else "")
            for item, flight in self._in_flight.items()
            if flight.state in _ON_THE_SERVER
        ]

    def waiting(self) -> list[tuple[str, _InFlight]]:
        """The items in flight, the longest in their state first."""
        return sorted(self._in_flight.items(), key=lambda pair: pair[1].since)

    async def _tick(self, every: float) -> None:
        while True:
            await sleep(every)
            if self._bars is not None:
                self._redraw_notes(self._bars)
            elif self._in_flight and self._start is not None:
                at = now()
                named = [
                    f"{item} {flight.state} {elapsed(at - flight.since)}"
                    for item, flight in self.waiting()[:_HEARTBEAT_ITEMS]
                ]
                more = len(self._in_flight) - len(named)
                tail = f" (and {more} more)" if more > 0 else ""
                self._out.line(f"[{at - self._start:7.2f}s] waiting: {'; '.join(named)}{tail}")

    def _redraw_notes(self, bars: Progress) -> None:
        at = now()
        slowest: dict[str, tuple[str, _InFlight]] = {}
        for item, flight in self.waiting():
            slowest.setdefault(group_of(item), (item, flight))
        for group, bar in self._bar_ids.items():
            if group and group in slowest:
                item, flight = slowest[group]
                kind = item.partition(":")[0]
                bars.update(bar, note=f"{kind} {flight.state} {elapsed(at - flight.since)}")

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
        self._follow(event, ending)
        line = self._describe(event, ending)
        if self._bars is None:
            if line is not None:
                self._out.line(f"[{event.at - self._start:7.2f}s] {line}")
            return
        if ending is not None and event.item is not None:
            self._advance(self._bars, event.item, ending)
        if line is not None and not isinstance(event, Submitted | Ready):
            self._bars.console.print(line, markup=False, highlight=False)

    def _follow(self, event: Event, ending: str | None) -> None:
        """Keep each item's state in flight, from its first event to its ending."""
        item = event.item
        if item is None:
            return
        if ending is not None:
            self._in_flight.pop(item, None)
        elif isinstance(event, Submitted):
            self._in_flight[item] = _InFlight("submitted", event.at, event.task_id)
        elif isinstance(event, StatusChanged):
            before = self._in_flight.get(item)
            task_id = before.task_id if before is not None else None
            self._in_flight[item] = _InFlight(event.status, event.at, task_id)

    def _ending(self, event: Event) -> str | None:
        if isinstance(event, Ready):
            return event.outcome or (self._done if event.changed else self._unchanged)
        if self._left_out(event):
            return LEFT_OUT
        if isinstance(event, Failed):
            return "failed"
        if isinstance(event, Skipped):
            return "skipped"
        return None

    def _left_out(self, event: Event) -> bool:
        """A replace left out on purpose (refused for want of a confirmation), or an
        item that waits for one."""
        if isinstance(event, Failed):
            refused = isinstance(event.error, ConfirmationRequiredError)
            return refused and event.item in self._held
        return isinstance(event, Skipped) and event.dependency in self._held

    def _advance(self, bars: Progress, item: str, ending: str) -> None:
        counts = ", ".join(f"{n} {name}" for name, n in sorted(self.counts.items()))
        note = f"{counts}; {self._retries} retries, {self._limited} 429s"
        bars.update(self._bar_ids[""], advance=1, note=note)
        bar = self._bar_ids.get(group_of(item))
        if bar is not None:
            failed = ending in ("failed", "skipped")  # left out: on purpose, not red
            bars.update(bar, advance=1, note="[red]failed" if failed else "")

    def _describe(self, event: Event, ending: str | None) -> str | None:
        if isinstance(event, Submitted):
            return f"{event.item}: submitted ({event.command}, task {event.task_id})"
        if isinstance(event, Ready):
            ident = f" (id {event.resource_id})" if event.resource_id is not None else ""
            return f"{event.item}: {ending}{ident}"
        if ending == LEFT_OUT:
            why = self._held.get(event.item or "") or f"it waits for {_dependency(event)}"
            return f"{event.item}: left out: {why}"
        if isinstance(event, Failed):
            task = f" (task {event.task_id})" if event.task_id else ""
            return f"{event.item}: FAILED{task}: {event.error}"
        if isinstance(event, Skipped):
            return f"{event.item}: skipped because {event.dependency} failed"
        return None  # retries: counted in the notes, reported by the library's logger
