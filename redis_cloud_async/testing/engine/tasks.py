"""The account's task queue: one task at a time, first in first out.

A task's whole timeline is known when it is submitted (it starts when the one before it
ends, after a pickup delay), so the queue only schedules two events per task on the
`Scheduler`. The task's work runs at its end, against the state of that moment: that is
when preconditions such as "the subscription is active" are checked, as the real service
does.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

import attrs

from .errors import TaskError
from .faults import TaskFate
from .scheduler import Scheduler

RECEIVED = "received"
IN_PROGRESS = "processing-in-progress"
COMPLETED = "processing-completed"
FAILED = "processing-error"
RUNNING = frozenset({RECEIVED, IN_PROGRESS})

#: The service's descriptions (its recorded answers, in the Go SDK's tests).
DESCRIPTIONS = {
    RECEIVED: "Task request received and is being queued for processing.",
    IN_PROGRESS: "Task request is being processed.",
    COMPLETED: (
        "Request processing completed successfully and its resources are now being "
        "provisioned / de-provisioned."
    ),
    FAILED: "Task request failed during processing. See error information for failure details.",
}


@attrs.frozen
class Claim:
    """Something a queued task holds until it ends: a name, or a pending-subscription slot.

    Names are checked at submit time against existing resources and the claims of
    running tasks, so two creates of the same name cannot both be accepted.
    """

    kind: str
    scope: str = ""
    name: str = ""


@attrs.define(kw_only=True)
class Outcome:
    """What a task's work reports back; it becomes the task's ``response``."""

    now: float
    resource_id: int | None = None
    additional_resource_id: int | None = None
    resource: dict[str, Any] | None = None
    #: API path of the resource (``/subscriptions/7``) for the task's links.
    resource_path: str | None = None


Work = Callable[[Outcome], None]


@attrs.define(eq=False, kw_only=True)
class Task:
    task_id: str
    command_type: str
    created_at: float
    updated_at: float
    status: str = RECEIVED
    description: str
    claims: tuple[Claim, ...] = ()
    response: dict[str, Any] = attrs.field(factory=dict)
    resource_path: str | None = None
    work: Work = attrs.field(repr=False)

    @property
    def running(self) -> bool:
        return self.status in RUNNING


class TaskEngine:
    """Runs submitted tasks one at a time on the scheduler's lazy clock."""

    def __init__(
        self,
        scheduler: Scheduler,
        *,
        pickup: float,
        processing: float,
        fate: Callable[[], TaskFate],
        new_id: Callable[[], str],
        moved: Callable[[str | None, str], None],
    ) -> None:
        self._scheduler = scheduler
        self._pickup = pickup
        self._processing = processing
        self._fate = fate
        self._new_id = new_id
        self._moved = moved
        self._tasks: dict[str, Task] = {}
        self._claims: Counter[Claim] = Counter()
        self._free_at = float("-inf")

    def submit(
        self,
        now: float,
        command_type: str,
        work: Work,
        *,
        claims: tuple[Claim, ...] = (),
        description: str | None = None,
    ) -> Task:
        task = Task(
            task_id=self._new_id(),
            command_type=command_type,
            created_at=now,
            updated_at=now,
            description=description or DESCRIPTIONS[RECEIVED],
            claims=claims,
            work=work,
        )
        self._tasks[task.task_id] = task
        self._claims.update(claims)
        self._moved(None, RECEIVED)
        fate = self._fate()
        start = max(now + self._pickup, self._free_at)
        finish = start + self._processing
        # A stuck task never ends, but the back end moves on to the next one.
        self._free_at = finish
        self._scheduler.at(start, lambda t: self._set(task, IN_PROGRESS, t))
        if fate != "stuck":
            self._scheduler.at(finish, lambda t: self._finish(task, t, failed=fate == "fail"))
        return task

    def get(self, task_id: str) -> Task | None:
        return self._tasks.get(task_id)

    def recent(self) -> list[Task]:
        """All tasks, most recent first."""
        return list(reversed(self._tasks.values()))

    def held(self, kind: str, scope: str | None = None) -> Iterator[Claim]:
        """Claims of this kind held by running tasks (one item per holder)."""
        for claim, count in self._claims.items():
            if claim.kind == kind and (scope is None or claim.scope == scope):
                for _ in range(count):
                    yield claim

    def _set(self, task: Task, status: str, now: float) -> None:
        self._moved(task.status, status)
        task.status = status
        task.updated_at = now
        task.description = DESCRIPTIONS[status]

    def _finish(self, task: Task, now: float, *, failed: bool) -> None:
        outcome = Outcome(now=now)
        try:
            if failed:
                raise TaskError("GENERAL_ERROR", "Simulated task failure (fault injection)", 500)
            task.work(outcome)
        except TaskError as error:
            task.response = {"error": error.as_json()}
            if error.additional_info is not None:
                task.response["additionalInfo"] = error.additional_info
            status = FAILED
        else:
            task.response = _response(outcome)
            task.resource_path = outcome.resource_path
            status = COMPLETED
        self._claims.subtract(task.claims)
        self._claims = +self._claims
        self._set(task, status, now)


def _response(outcome: Outcome) -> dict[str, Any]:
    response: dict[str, Any] = {}
    if outcome.resource_id is not None:
        response["resourceId"] = outcome.resource_id
    if outcome.additional_resource_id is not None:
        response["additionalResourceId"] = outcome.additional_resource_id
    if outcome.resource is not None:
        response["resource"] = outcome.resource
    return response
