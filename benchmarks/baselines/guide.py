"""(a) The guide's recipe: create, then poll that task every 10 s, one item after another.

As `redis-cloud-api-guide.md` writes it: `waitForTask` polls `GET /tasks/{id}` every
10 s (2.1); every request goes through its retry helper (11.1: 408, 429, 500 and 503
retried up to 5 attempts, 1 s x 2^attempt apart); and, as its best practices ask, the
resource's status is checked (every 10 s too) until it is `active` before the next
operation. The plan's databases are created one by one after their subscription.
"""

from __future__ import annotations

from typing import Any

from redis_cloud_async.bulk import Plan

from ._api import RawApi, TaskFailed, body_of

__all__ = ["provision"]

POLL_SECONDS = 10.0
_RETRYABLE = frozenset({408, 429, 500, 503})
_ATTEMPTS = 5


class _RequestFailed(Exception):
    pass


async def _request(api: RawApi, method: str, path: str, body: Any = None) -> Any:
    for attempt in range(_ATTEMPTS):
        response = await api.send(method, path, body)
        if response.status_code in _RETRYABLE and attempt < _ATTEMPTS - 1:
            await api.scale.sleep(1.0 * 2**attempt)
            continue
        if response.status_code >= 300:
            raise _RequestFailed(f"{method} {path}: {response.status_code}")
        return response.json()
    raise AssertionError("unreachable")


async def _wait_for_task(api: RawApi, task_id: str) -> dict[str, Any]:
    while True:
        task = await _request(api, "GET", f"/tasks/{task_id}")
        if task["status"] == "processing-completed":
            return dict(task.get("response") or {})
        if task["status"] == "processing-error":
            raise TaskFailed(task)
        await api.scale.sleep(POLL_SECONDS)


async def _wait_until_active(api: RawApi, path: str) -> None:
    while (await _request(api, "GET", path)).get("status") != "active":
        await api.scale.sleep(POLL_SECONDS)


async def _create(api: RawApi, path: str, body: Any) -> int:
    """Create, wait for the task, wait for the new resource: its id."""
    answer = await _request(api, "POST", path, body)
    response = await _wait_for_task(api, answer["taskId"])
    resource_id = int(response["resourceId"])
    await _wait_until_active(api, f"{path}/{resource_id}")
    return resource_id


async def provision(api: RawApi, plan: Plan) -> None:
    """Every subscription of the plan, then its databases, one at a time."""
    for sub in plan.subscriptions:
        try:
            sub_id = await _create(api, "/subscriptions", body_of(sub.spec))
        except (_RequestFailed, TaskFailed):
            continue  # its databases cannot be made
        for database in sub.databases:
            try:
                await _create(api, f"/subscriptions/{sub_id}/databases", body_of(database))
            except (_RequestFailed, TaskFailed):
                continue
