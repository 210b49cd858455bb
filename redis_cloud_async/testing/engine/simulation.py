"""One simulated account: its state, its time and the machinery that runs it.

A `Simulation` owns the state (`Account`), the lazy clock (`Scheduler`), the task queue,
the rate limiter, the fault plan and the counters. The service's rules (``service/``)
receive it and never schedule anything but through `transition` and the task queue; the
route modules reach it through `Call.sim`. What an account holds from the start is the
service's business: the ``open_account`` hook fills it the first time time advances.
"""

from __future__ import annotations

import random
import string
import uuid
from collections.abc import Callable
from typing import Literal

from .clock import WallClock
from .config import Durations, Faults
from .faults import FaultPlan
from .ratelimit import Limiter, WindowKind, limiter
from .scheduler import Scheduler
from .state import Account, Stateful
from .stats import Stats
from .tasks import TaskEngine

TasksList = Literal["recent", "running"]


class Simulation:
    """State and time of one simulated account."""

    def __init__(
        self,
        *,
        api_key: str,
        api_secret: str,
        speed: float,
        requests_per_minute: int,
        rate_window: float,
        rate_window_kind: WindowKind = "sliding",
        seed: int,
        durations: Durations,
        faults: Faults,
        tasks_list: TasksList,
        open_account: Callable[[Simulation, float], None],
        unique_names: bool = True,
    ) -> None:
        if speed <= 0:
            raise ValueError("speed must be > 0")
        if tasks_list not in ("recent", "running"):
            raise ValueError("tasks_list must be 'recent' or 'running'")
        self.api_key = api_key
        self.api_secret = api_secret
        self.speed = speed
        self.durations = durations
        self.tasks_list: TasksList = tasks_list
        #: False: a create may take a name in use (no 409), as the service allows for some.
        self.unique_names = unique_names
        self.clock = WallClock()
        self.scheduler = Scheduler()
        self.stats = Stats()
        self.faults = FaultPlan(faults, random.Random(seed))
        #: Ids, passwords and other generated data: a separate stream from the faults'.
        self.data = random.Random(f"redis-cloud-simulator-data-{seed}")
        self.limiter: Limiter = limiter(rate_window_kind, requests_per_minute, rate_window)
        self.account = Account()
        self.tasks = TaskEngine(
            self.scheduler,
            pickup=self.seconds("task_pickup"),
            processing=self.seconds("task_processing"),
            fate=self.faults.task_fate,
            new_id=self.uuid,
            moved=self.stats.task_moved,
        )
        self._open_account = open_account
        self._opened = False

    # -- time -------------------------------------------------------------------------

    def seconds(self, duration: str) -> float:
        """Loop seconds for a `Durations` field at this simulator's speed."""
        return float(getattr(self.durations, duration)) / self.speed

    def advance(self, now: float) -> None:
        """Bring the account up to ``now``: apply every event due, in order."""
        if not self._opened:
            self._opened = True
            self._open_account(self, now)
        self.scheduler.advance(now)

    def iso(self, loop_seconds: float) -> str:
        return self.clock.iso(loop_seconds)

    def transition(
        self,
        thing: Stateful,
        during: str,
        then: str | None,
        duration: str,
        now: float,
        *,
        done: Callable[[float], None] | None = None,
    ) -> None:
        """Put ``thing`` in status ``during`` now, and in ``then`` after ``duration``.

        ``then=None`` leaves the status alone and only calls ``done`` (e.g. to remove a
        deleted resource). A later transition of the same thing cancels this one.
        """
        thing.status = during
        thing.updated_at = now
        thing.generation += 1
        generation = thing.generation

        def finish(when: float) -> None:
            if thing.generation != generation:
                return
            if then is not None:
                thing.status = then
                thing.updated_at = when
            if done is not None:
                done(when)

        self.scheduler.at(now + self.seconds(duration), finish)

    # -- generated data ---------------------------------------------------------------

    def uuid(self) -> str:
        return str(uuid.UUID(int=self.data.getrandbits(128), version=4))

    def token(self, length: int = 32) -> str:
        alphabet = string.ascii_letters + string.digits
        return "".join(self.data.choice(alphabet) for _ in range(length))
