"""The simulated account and the machinery every route module shares.

A `Simulation` owns the state (`Account`), the lazy clock (`Scheduler`), the task queue,
the rate limiter, the fault plan and the counters. Route modules receive it through
`Call.sim`; they never schedule anything but through `transition` and the task queue.
"""

from __future__ import annotations

import random
import string
import uuid
from collections.abc import Callable
from typing import Any, Literal

from . import _catalog as catalog
from ._clock import WallClock
from ._config import Durations, Faults
from ._faults import FaultPlan
from ._ratelimit import SlidingWindowLimiter
from ._resources import ACTIVE, Account, Item, Stateful
from ._scheduler import Scheduler
from ._stats import Stats
from ._tasks import RUNNING, Task, TaskEngine

TasksList = Literal["recent", "running"]
#: Statuses that count as "being created / updated / deleted" for the 3-subscription rule.
_SETTLED = frozenset({ACTIVE, "error"})
MAX_PENDING_SUBSCRIPTIONS = 3


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
        seed: int,
        durations: Durations,
        faults: Faults,
        tasks_list: TasksList,
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
        self.clock = WallClock()
        self.scheduler = Scheduler()
        self.stats = Stats()
        self.faults = FaultPlan(faults, random.Random(seed))
        #: Ids, passwords and other generated data: a separate stream from the faults'.
        self.data = random.Random(f"redis-cloud-simulator-data-{seed}")
        self.limiter = SlidingWindowLimiter(requests_per_minute, rate_window)
        self.account = Account()
        self.tasks = TaskEngine(
            self.scheduler,
            pickup=self.seconds("task_pickup"),
            processing=self.seconds("task_processing"),
            fate=self.faults.task_fate,
            new_id=self.uuid,
            moved=self.stats.task_moved,
        )
        self._seeded = False

    # -- time -------------------------------------------------------------------------

    def seconds(self, duration: str) -> float:
        """Loop seconds for a `Durations` field at this simulator's speed."""
        return float(getattr(self.durations, duration)) / self.speed

    def advance(self, now: float) -> None:
        """Bring the account up to ``now``: apply every event due, in order."""
        if not self._seeded:
            self._seed(now)
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

    # -- shared rules -----------------------------------------------------------------

    def pending_subscriptions(self) -> int:
        """Subscriptions being created, changed or deleted, including queued creates."""
        changing = sum(
            1 for sub in self.account.all_subscriptions() if sub.effective_status() not in _SETTLED
        )
        return changing + sum(1 for _ in self.tasks.held("subscription-create"))

    def listed_tasks(self) -> list[Task]:
        tasks = self.tasks.recent()
        if self.tasks_list == "running":
            tasks = [task for task in tasks if task.status in RUNNING]
        return tasks

    def task_json(self, task: Task, base_url: str) -> dict[str, Any]:
        links = [{"rel": "task", "type": "GET", "href": f"{base_url}/tasks/{task.task_id}"}]
        if task.resource_path is not None:
            links.append({"rel": "resource", "type": "GET", "href": base_url + task.resource_path})
        return {
            "taskId": task.task_id,
            "commandType": task.command_type,
            "status": task.status,
            "description": task.description,
            "timestamp": self.iso(task.updated_at),
            "response": task.response,
            "links": links,
        }

    def log(self, now: float, kind: str, description: str, resource_id: int | None) -> None:
        """Append an entry to the account's system log (``GET /logs``), newest first."""
        entry: dict[str, Any] = {
            "id": self.account.new_id("task-log"),
            "time": self.iso(now),
            "originator": "API key",
            "apiKeyName": "simulator-api-key",
            "resource": kind,
            "type": kind.capitalize(),
            "description": description,
        }
        if resource_id is not None:
            entry["resourceId"] = resource_id
        self.account.system_log.insert(0, entry)

    # -- initial account content ------------------------------------------------------

    def _seed(self, now: float) -> None:
        """What every account has: default ACL rules, its owner, Redis's cloud account."""
        self._seeded = True
        rules = self.account.collection("acl_rules")
        for name, acl in catalog.DEFAULT_ACL_RULES:
            rule_id = self.account.new_id("acl_rules")
            rules[rule_id] = Item(
                id=rule_id,
                name=name,
                status=ACTIVE,
                created_at=now,
                updated_at=now,
                data={"acl": acl, "isDefault": True},
            )
        users = self.account.collection("users")
        owner_id = self.account.new_id("users")
        users[owner_id] = Item(
            id=owner_id,
            name="Simulated Owner",
            status=ACTIVE,
            created_at=now,
            updated_at=now,
            data={"email": "owner@example.com", "role": "Owner", "self": True},
        )
        clouds = self.account.collection("cloud_accounts")
        cloud_id = self.account.new_id("cloud_accounts")
        clouds[cloud_id] = Item(
            id=cloud_id,
            name="Redis Internal Resources",
            status=ACTIVE,
            created_at=now,
            updated_at=now,
            data={"provider": "AWS", "internal": True},
        )
        for index in range(5):
            self.account.session_log.append(
                {
                    "id": self.uuid(),
                    "time": self.iso(now - 3600 * (index + 1)),
                    "user": "owner@example.com",
                    "userAgent": "Mozilla/5.0 (X11; Linux x86_64)",
                    "ipAddress": f"192.0.2.{10 + index}",
                    "userRole": "Owner",
                    "type": "Console",
                    "action": "Login",
                }
            )
