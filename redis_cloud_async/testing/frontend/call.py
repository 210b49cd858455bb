"""What a handler receives (a `Call`) and returns (a `Reply`), and how a task is shown.

Handlers are plain functions over in-memory state: they read the call, raise `ApiError`
to refuse synchronously, or submit a task and answer 202 with it (`task_json`, the same
shape ``GET /tasks/{taskId}`` answers).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

import attrs

from ..engine.errors import bad_request
from ..engine.simulation import Simulation
from ..engine.tasks import Claim, Outcome, Task


@attrs.frozen
class Reply:
    """An answer: JSON ``body`` (or ``raw`` bytes of ``media_type``) with ``status``."""

    status: int
    body: Any = None
    headers: Mapping[str, str] = attrs.field(factory=dict)
    media_type: str = "application/json"
    raw: bytes | None = None


def ok(body: Any) -> Reply:
    return Reply(200, body)


@attrs.frozen(kw_only=True)
class Call:
    """One request as a handler sees it: typed path parameters, parsed body, the time."""

    sim: Simulation = attrs.field(repr=False)
    method: str
    path: str
    route: str
    params: Mapping[str, int | str]
    query: Mapping[str, str]
    body: Any = attrs.field(repr=False)
    now: float
    base_url: str

    def int_param(self, name: str) -> int:
        value = self.params[name]
        assert isinstance(value, int), name
        return value

    def str_param(self, name: str) -> str:
        return str(self.params[name])

    def json_object(self) -> dict[str, Any]:
        """The body as a JSON object; an empty body is ``{}``, anything else is a 400."""
        if self.body is None:
            return {}
        if not isinstance(self.body, dict):
            raise bad_request("JSON parse error: the request body must be a JSON object")
        return self.body

    def query_int(self, name: str, default: int, *, low: int = 0, high: int | None = None) -> int:
        raw = self.query.get(name)
        if raw is None or raw == "":
            return default
        try:
            value = int(raw)
        except ValueError:
            raise bad_request(f"Parameter '{name}' must be an integer") from None
        if value < low or (high is not None and value > high):
            bound = f"between {low} and {high}" if high is not None else f"at least {low}"
            raise bad_request(f"Parameter '{name}' must be {bound}")
        return value

    def href(self, path: str) -> str:
        return f"{self.base_url}{path}"

    def submit(
        self,
        command_type: str,
        work: Callable[[Outcome], None],
        *,
        claims: Iterable[Claim] = (),
        description: str | None = None,
    ) -> Reply:
        """Queue a task and answer 202 with it, as every write of the service does."""
        task = self.sim.tasks.submit(
            self.now, command_type, work, claims=tuple(claims), description=description
        )
        return Reply(202, task_json(self.sim, task, self.base_url))


def task_json(sim: Simulation, task: Task, base_url: str) -> dict[str, Any]:
    """A task as the service shows it, with links to itself and to its resource.

    A task that has not ended carries no ``response`` (the 202 answer to a write has
    none: the service's recorded answers), an ended one its outcome.
    """
    links = [{"rel": "task", "type": "GET", "href": f"{base_url}/tasks/{task.task_id}"}]
    if task.resource_path is not None:
        links.append({"rel": "resource", "type": "GET", "href": base_url + task.resource_path})
    shown: dict[str, Any] = {
        "taskId": task.task_id,
        "commandType": task.command_type,
        "status": task.status,
        "description": task.description,
        "timestamp": sim.iso(task.updated_at),
    }
    if task.response or not task.running:
        shown["response"] = task.response
    shown["links"] = links
    return shown
