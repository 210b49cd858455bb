"""What the baselines share: plain httpx to the API, and the service's clock.

Baselines speak raw httpx (no library code on the wire); only the request bodies come
from the plan's specs, through the library's converter, so that every contender sends
the same JSON.
"""

from __future__ import annotations

import asyncio
from typing import Any

import attrs
import httpx

from redis_cloud_async._converter import make_converter
from redis_cloud_async.models._base import Spec

__all__ = ["TERMINAL", "RawApi", "TaskFailed", "TimeScale", "body_of", "server_hint"]

#: Task statuses after which nothing changes.
TERMINAL = frozenset({"processing-completed", "processing-error"})
_HINT_HEADER = "x-rate-limit-retry-after-seconds"


@attrs.frozen
class TimeScale:
    """The simulator's time scale: a service duration takes `1 / speed` of it here."""

    speed: float

    async def sleep(self, service_seconds: float) -> None:
        """Sleep for a duration a source states in real service seconds."""
        await asyncio.sleep(service_seconds / self.speed)


class TaskFailed(Exception):
    """A task ended in `processing-error` (the item was not made)."""

    def __init__(self, task: dict[str, Any]) -> None:
        error = (task.get("response") or {}).get("error") or {}
        kind = error.get("type") if isinstance(error, dict) else error
        super().__init__(f"task {task.get('taskId')} failed: {kind}")


@attrs.define
class RawApi:
    """Plain httpx requests to the API, JSON in and out: a baseline's whole client."""

    http: httpx.AsyncClient
    scale: TimeScale

    async def send(self, method: str, path: str, body: Any = None) -> httpx.Response:
        return await self.http.request(method, path, json=body)


def body_of(spec: Spec) -> Any:
    """The JSON body of a request spec, as every contender sends it."""
    return make_converter().unstructure(spec)


def server_hint(response: httpx.Response) -> float | None:
    """The server's `x-rate-limit-retry-after-seconds`, in loop seconds (it runs on the
    simulator's scaled clock already)."""
    raw = response.headers.get(_HINT_HEADER)
    try:
        return None if raw is None else max(0.0, float(raw))
    except ValueError:
        return None
