"""Tasks: ``GET /tasks`` and ``GET /tasks/{taskId}``.

A fresh task can answer 404 for a moment (the ``task_404_window`` fault), as the real
service does; it is then missing from the list as well.
"""

from __future__ import annotations

from ._call import Call, Reply, ok
from ._errors import not_found
from ._routing import Routes
from ._tasks import Task

ROUTES = Routes()


def _visible(call: Call, task: Task) -> bool:
    return call.now - task.created_at >= call.sim.faults.faults.task_404_window


@ROUTES.get("/tasks")
def list_tasks(call: Call) -> Reply:
    tasks = [t for t in call.sim.listed_tasks() if _visible(call, t)]
    return ok({"tasks": [call.sim.task_json(task, call.base_url) for task in tasks]})


@ROUTES.get("/tasks/{taskId}")
def get_task(call: Call) -> Reply:
    task_id = call.str_param("taskId")
    task = call.sim.tasks.get(task_id)
    if task is None or not _visible(call, task):
        raise not_found(f"Task {task_id} not found")
    return ok(call.sim.task_json(task, call.base_url))
