"""(c) A plain `asyncio.gather` over httpx: create everything, poll each task every 1 s.

Every subscription is created at once; when a subscription's task completes, its
databases are created at once. Each task is polled in its own loop every second. A 429
is retried after the server's hint, or after a back-off doubling from 1 s to 60 s when
there is none (the "too many changes at once" refusal), for as long as it takes; a task
that fails is reported and not re-sent, as a plain script does. Nothing waits for a
resource to become `active`: the databases created while their subscription is still
`pending` fail.
"""

from __future__ import annotations

import asyncio
from typing import Any

from redis_cloud_async.bulk import Plan, ProSubscriptionPlan
from redis_cloud_async.models.databases import DatabaseCreateSpec

from ._api import TERMINAL, RawApi, TaskFailed, body_of, server_hint

__all__ = ["provision"]

POLL_SECONDS = 1.0
_MAX_BACKOFF = 60.0


class _Failed(Exception):
    pass


async def _request(api: RawApi, method: str, path: str, body: Any = None) -> Any:
    backoff = 1.0
    while True:
        response = await api.send(method, path, body)
        if response.status_code != 429:
            break
        hint = server_hint(response)
        if hint is not None:
            await asyncio.sleep(hint)
        else:
            await api.scale.sleep(backoff)
            backoff = min(backoff * 2, _MAX_BACKOFF)
    if response.status_code >= 300:
        raise _Failed(f"{method} {path}: {response.status_code}")
    return response.json()


async def _create(api: RawApi, path: str, body: Any) -> int:
    answer = await _request(api, "POST", path, body)
    while True:
        task = await _request(api, "GET", f"/tasks/{answer['taskId']}")
        if task["status"] in TERMINAL:
            break
        await api.scale.sleep(POLL_SECONDS)
    if task["status"] != "processing-completed":
        raise TaskFailed(task)
    return int(task["response"]["resourceId"])


async def _database(api: RawApi, sub_id: int, spec: DatabaseCreateSpec) -> None:
    await _create(api, f"/subscriptions/{sub_id}/databases", body_of(spec))


async def _subscription(api: RawApi, sub: ProSubscriptionPlan) -> None:
    sub_id = await _create(api, "/subscriptions", body_of(sub.spec))
    await asyncio.gather(
        *(_database(api, sub_id, db) for db in sub.databases), return_exceptions=True
    )


async def provision(api: RawApi, plan: Plan) -> None:
    """Everything at once; what failed shows in the account, not here."""
    await asyncio.gather(
        *(_subscription(api, sub) for sub in plan.subscriptions), return_exceptions=True
    )
