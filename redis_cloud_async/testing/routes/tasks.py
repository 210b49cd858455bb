"""Tasks: ``GET /tasks`` and ``GET /tasks/{taskId}``.

``GET /tasks`` lists the recent tasks, or only the running ones (the simulator's
``tasks_list`` option). A fresh task can answer 404 for a moment (the
``task_404_window`` fault), as the real service does; it is then missing from the list
as well.
"""

from __future__ import annotations

from ..engine.errors import not_found
from ..engine.tasks import RUNNING, Task
from ..frontend.call import Call, Reply, ok, task_json
from ..frontend.routing import Routes

ROUTES = Routes()


def _visible(call: Call, task: Task) -> bool:
    return call.now - task.created_at >= call.sim.faults.faults.task_404_window


def _listed(call: Call) -> list[Task]:
    tasks = call.sim.tasks.recent()
    if call.sim.tasks_list == "running":
        tasks = [task for task in tasks if task.status in RUNNING]
    return [task for task in tasks if _visible(call, task)]


@ROUTES.get("/tasks")
def list_tasks(call: Call) -> Reply:
    return ok({"tasks": [task_json(call.sim, task, call.base_url) for task in _listed(call)]})


@ROUTES.get("/tasks/{taskId}")
def get_task(call: Call) -> Reply:
    task_id = call.str_param("taskId")
    task = call.sim.tasks.get(task_id)
    if task is None or not _visible(call, task):
        raise not_found(f"Task {task_id} not found")
    return ok(task_json(call.sim, task, call.base_url))
