"""Progress as typed events, delivered to a callback and to any number of iterators.

Every event is kept until the run ends, so an iterator started late still sees the
whole run from its first event (progress bars may attach after `start`).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable

import attrs

from .._errors import RateLimitError
from .._retry import RetryEvent

__all__ = [
    "Event",
    "EventStream",
    "Failed",
    "RateLimited",
    "Ready",
    "RetryScheduled",
    "Skipped",
    "StatusChanged",
    "Submitted",
    "Succeeded",
]


@attrs.frozen(kw_only=True)
class Event:
    """Base of the events; `item` is the item key (None for client-wide events)."""

    item: str | None
    at: float


@attrs.frozen(kw_only=True)
class StatusChanged(Event):
    """An item moved on: ``looking-up``, ``waiting-for-slot``, ``provisioning``..."""

    status: str


@attrs.frozen(kw_only=True)
class Submitted(Event):
    """A write was accepted; its task is `task_id`."""

    task_id: str
    command: str


@attrs.frozen(kw_only=True)
class Succeeded(Event):
    """The item's task finished well; `resource_id` names what it made."""

    task_id: str | None
    resource_id: int | None


@attrs.frozen(kw_only=True)
class Ready(Event):
    """The item is as the run wants it (usable, or gone for a destroy); `changed`
    False: it already was. `outcome` says how: ``created``, ``updated``, ``replaced``,
    ``present``, ``deleted`` or ``absent`` (its `ItemOutcome.status`)."""

    resource_id: int | None
    changed: bool
    outcome: str | None = None


@attrs.frozen(kw_only=True)
class Failed(Event):
    """The item ended in failure; `error` says why, `task_id` which task if any."""

    error: BaseException
    task_id: str | None


@attrs.frozen(kw_only=True)
class Skipped(Event):
    """The item was not attempted because `dependency` failed."""

    dependency: str


@attrs.frozen(kw_only=True)
class RetryScheduled(Event):
    """The client will send a request again (a transient failure)."""

    method: str
    path: str
    attempt: int
    cause: str
    backoff: float


@attrs.frozen(kw_only=True)
class RateLimited(RetryScheduled):
    """A retry caused by a 429 from the server."""


class EventStream:
    """Fans events out to a callback and to `events()` iterators; keeps the history."""

    def __init__(self, callback: Callable[[Event], None] | None = None) -> None:
        self._callback = callback
        self._history: list[Event] = []
        self._closed = False
        self._changed = asyncio.Event()

    @property
    def history(self) -> list[Event]:
        return list(self._history)

    def emit(self, event: Event) -> None:
        self._history.append(event)
        self._changed.set()
        if self._callback is not None:
            self._callback(event)

    def retry(self, event: RetryEvent, at: float) -> None:
        """Turn a client retry into `RetryScheduled` (or `RateLimited` for a 429)."""
        limited = event.cause.startswith(RateLimitError.__name__) or "(429)" in event.cause
        cls = RateLimited if limited else RetryScheduled
        self.emit(
            cls(
                item=None,
                at=at,
                method=event.method,
                path=event.path,
                attempt=event.attempt,
                cause=event.cause,
                backoff=event.backoff,
            )
        )

    def close(self) -> None:
        self._closed = True
        self._changed.set()

    async def events(self) -> AsyncIterator[Event]:
        """Every event of the run, from the first, until the run ends."""
        index = 0
        while True:
            while index < len(self._history):
                yield self._history[index]
                index += 1
            if self._closed:
                return
            self._changed.clear()
            await self._changed.wait()
