"""What every item of a run shares: the client, the journal, the slots, the lookups."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable, Hashable
from typing import Any, TypeVar

import attrs

from .._client import AsyncClient
from .._clock import now, sleep
from .._errors import NotFoundError, RedisCloudError, TaskFailedError
from ._costs import DEFAULT_COSTS, Costs
from ._events import Event, EventStream, StatusChanged
from ._inventory import Inventory
from ._items import Item, ItemKey, Kind
from ._journal import Journal, JournalEntry, UpdateEntry
from ._slots import PendingSlots

__all__ = ["RunContext", "SubscriptionState"]

T = TypeVar("T")


@attrs.define
class SubscriptionState:
    """A subscription of the plan once it exists: what its children need to know."""

    resource_id: int
    #: Created by this run (or by an earlier run of the same journal).
    created: bool
    #: Databases its create request carried (they came up with it).
    carried: frozenset[str] = frozenset()


class RunContext:
    """The shared state of one apply or destroy run."""

    def __init__(
        self,
        client: AsyncClient,
        *,
        stream: EventStream,
        journal: Journal | None,
        slots: PendingSlots,
        costs: Costs,
        timeout: float | None,
        fold: bool,
    ) -> None:
        self.client = client
        self.stream = stream
        self.journal = journal
        self.entries: dict[str, JournalEntry] = journal.entries() if journal else {}
        #: Update steps an earlier run began (``item@step``).
        self.update_entries: dict[str, UpdateEntry] = journal.updates() if journal else {}
        self.slots = slots
        self.costs = costs
        self.timeout = timeout
        self.fold = fold
        self.inventory = Inventory()
        self.subscriptions: dict[ItemKey, SubscriptionState] = {}
        self.resource_ids: dict[ItemKey, int] = {}
        #: Task ids this run knows are its own (journal and submissions).
        self.known_tasks: set[str] = {e.task_id for e in self.entries.values() if e.task_id}
        self.known_tasks |= {e.task_id for e in self.update_entries.values() if e.task_id}
        self.writes = 0
        #: The work left in each subscription (service seconds of this run's writes that
        #: will keep it busy, by the subscription's item key): a write waiting for a
        #: pending slot is ranked by it, so that the longest chain of changes goes first.
        self.backlog: dict[ItemKey, float] = {}
        #: Subscriptions found busy that this run did not make busy, each counted as a
        #: held pending slot until it settles: (kind, id), or a queued create's task id.
        self.busy_elsewhere: set[Hashable] = set()
        self._watchers: set[asyncio.Task[None]] = set()
        self._lanes: dict[tuple[Kind, int], asyncio.Lock] = {}

    @classmethod
    def reading(cls, client: AsyncClient, journal: Journal | None = None) -> RunContext:
        """For a run that only reads the account (`diff`, `export`): nobody listens to
        its events, it holds no slot and waits as long as the client's waits do."""
        return cls(
            client,
            stream=EventStream(),
            journal=journal,
            slots=PendingSlots(),
            costs=DEFAULT_COSTS,
            timeout=None,
            fold=True,
        )

    def emit(self, cls: type[Event], item: ItemKey | None, **fields: Any) -> None:
        self.stream.emit(cls(item=None if item is None else str(item), at=now(), **fields))

    def status(self, item: ItemKey, status: str) -> None:
        self.emit(StatusChanged, item, status=status)

    def record(self, item: ItemKey, state: str, **ids: Any) -> None:
        if self.journal is not None:
            self.journal.record(str(item), state, **ids)

    def entry(self, item: ItemKey) -> JournalEntry | None:
        return self.entries.get(str(item))

    def record_update(self, step: str, state: str, **details: Any) -> None:
        if self.journal is not None:
            self.journal.record_update(step, state, **details)

    def end_update(self, step: str) -> None:
        self.update_entries.pop(step, None)
        if self.journal is not None:
            self.journal.end_update(step)

    def end_updates_of(self, item: ItemKey) -> None:
        """Forget the update steps an earlier run began on an item now as planned."""
        for step in [s for s in self.update_entries if s.startswith(f"{item}@")]:
            self.end_update(step)

    async def wait_out_unknown_tasks(self, command: str) -> bool:
        """Wait for the account's tasks of `command` that this run did not submit (a
        write whose answer was lost may be one) and has not seen yet; False if there
        were none. One that already ended counts too: it may have ended between the
        caller's look at the resources and this look at the tasks."""
        unknown = [
            task
            for task in await self.client.tasks.list()
            if task.command_type == command and task.task_id not in self.known_tasks
        ]
        for task in unknown:
            if not task.is_terminal:
                with contextlib.suppress(TaskFailedError, NotFoundError):
                    await self.client.tasks.wait(task.task_id, timeout=self.timeout)
            self.known_tasks.add(task.task_id)
        return bool(unknown)

    async def look_through_grace(
        self, command: str, look: Callable[[], Awaitable[T | None]]
    ) -> T | None:
        """What `look` finds, looking again while the account runs (or just ran) tasks of
        `command` this run does not know (a write whose answer was lost may be one) and
        through the client's grace window (a fresh task is missing from `GET /tasks` a
        moment, a fresh resource from its list); None when the window has passed, no
        such task is left and `look` still finds nothing. The looks back off (doubling,
        up to a quarter of the window): a few requests each, however many items look
        at once. Bounded: by the window, and each task's wait by the run's timeout."""
        poll = self.client.poll
        until = now() + poll.grace
        pause = poll.initial
        while True:
            found = await look()
            if found is not None:
                return found
            if await self.wait_out_unknown_tasks(command):
                continue
            if now() >= until:
                return None
            await sleep(min(pause, until - now()))
            pause = min(pause * 2, poll.grace / 4)

    def count_busy(self, subscription: Hashable, settled: Callable[[], Awaitable[object]]) -> None:
        """Count a busy subscription this run did not make busy as a held pending slot
        until `settled` returns (active again, gone, failed, or past the run's timeout),
        so that no create of this run meets the account's limit behind it."""
        if subscription in self.busy_elsewhere:
            return
        release = self.slots.occupy()
        self.busy_elsewhere.add(subscription)

        async def watch() -> None:
            try:
                await settled()
            except RedisCloudError:
                pass  # gone, failed or timed out: it holds the account no longer (or the
                # run's deadline says not to wait longer), and the items see it themselves
            finally:
                self.busy_elsewhere.discard(subscription)
                release()

        task = asyncio.get_running_loop().create_task(watch(), name=f"bulk-busy:{subscription}")
        self._watchers.add(task)
        task.add_done_callback(self._watchers.discard)

    def close(self) -> None:
        """Stop counting what is still busy elsewhere (the run is over)."""
        for task in list(self._watchers):
            task.cancel()

    @contextlib.asynccontextmanager
    async def slot(self, item: Item[Any], seconds: float | None) -> AsyncIterator[None]:
        """A pending-subscription slot for one write of `item` that keeps its
        subscription busy for `seconds`: ranked by the work left in its subscription
        (which the write's share then leaves), or, in one this run makes, by the
        item's own chain."""
        lane = item.parent or item.key
        try:
            async with self.slots.hold(self.backlog.get(lane, item.chain)):
                yield
        finally:
            if lane in self.backlog:
                self.backlog[lane] = max(0.0, self.backlog[lane] - (seconds or 0.0))

    @contextlib.asynccontextmanager
    async def lane(self, kind: Kind, subscription_id: int) -> AsyncIterator[None]:
        """One change at a time inside a subscription (of `kind`), taken before a pending
        slot so that a queued change never holds a slot while it waits for its turn."""
        lock = self._lanes.setdefault((kind, subscription_id), asyncio.Lock())
        async with lock:
            yield
