"""Provision Redis Cloud databases from a FastAPI service, with one client for its life.

The app opens one `AsyncClient` in its lifespan and every request shares it: one
connection pool, one rate budget (the account's 400 requests a minute), one task
watcher. A task the app submitted is followed by that watcher until it ends, so reading
its status costs no API request, however many callers poll the endpoint.

    POST /subscriptions/{subscription_id}/databases  {"name": "cache"}
         202 {"task_id": ..., "status_url": ..., "wait_url": ...} once the service
         accepted the write: at once, unless another change to the same subscription
         is in flight (the service allows one at a time: the client queues it)
    GET  /tasks/{task_id}               the task's latest state (no request if followed)
    GET  /tasks/{task_id}/wait?timeout=60   200 once it ended (completed or failed),
                                            504 if it is still running at the timeout

Configuration from the environment: the keys (`REDIS_API_KEY`/`REDIS_API_SECRET`, or
`REDISCLOUD_ACCESS_KEY`/`REDISCLOUD_SECRET_KEY`), `REDIS_CLOUD_BASE_URL` (default: the
real API) and `REDIS_CLOUD_MAX_WAIT` (the longest wait a request may ask for, seconds).
Run it with ``python examples/fastapi_app --simulator`` (no setup; see `__main__.py`).
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, FastAPI, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from redis_cloud_async import (
    DEFAULT_BASE_URL,
    AsyncClient,
    ConflictError,
    DatabaseCreateSpec,
    NotFoundError,
    RateLimitError,
    RedisCloudError,
    Task,
    TaskFailedError,
    TaskTimeoutError,
    ValidationError,
)

#: Builds the app's client; tests pass one wired to the simulator.
ClientFactory = Callable[[], AsyncClient]


@dataclass(frozen=True)
class Settings:
    base_url: str = DEFAULT_BASE_URL
    max_wait: float = 300.0

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ) -> Settings:
        return cls(
            base_url=environ.get("REDIS_CLOUD_BASE_URL") or DEFAULT_BASE_URL,
            max_wait=float(environ.get("REDIS_CLOUD_MAX_WAIT") or 300.0),
        )


class DatabaseRequest(BaseModel):
    name: str
    dataset_size_in_gb: float = Field(default=1.0, gt=0)
    replication: bool = True


class Accepted(BaseModel):
    task_id: str
    status_url: str
    wait_url: str


class TaskState(BaseModel):
    task_id: str
    status: str | None
    done: bool
    command_type: str | None = None
    resource_id: int | None = None
    error_type: str | None = None
    description: str | None = None

    @classmethod
    def of(cls, task: Task) -> TaskState:
        error = task.response.error if task.response else None
        return cls(
            task_id=task.task_id,
            status=None if task.status is None else str(task.status),
            done=task.is_terminal,
            command_type=task.command_type,
            resource_id=task.resource_id,
            error_type=error.type if error else None,
            description=(error.description if error else None) or task.description,
        )


async def get_client(request: Request) -> AsyncClient:
    """The app's one client (a dependency: override it to wire another). Async, so that
    FastAPI calls it on the event loop rather than in a worker thread."""
    client: AsyncClient = request.app.state.client
    return client


Client = Annotated[AsyncClient, Depends(get_client)]


def _follow(request: Request, client: AsyncClient, task_id: str) -> None:
    """Keep the shared watcher on a running task the app did not submit, so that later
    reads of it are fresh without a request. The wait ends with the task or the client."""
    waits: set[asyncio.Task[Task]] = request.app.state.follows
    wait = asyncio.create_task(client.tasks.wait(task_id))
    waits.add(wait)
    wait.add_done_callback(waits.discard)
    wait.add_done_callback(lambda done: done.cancelled() or done.exception())


#: HTTP status for the client's errors (first match wins); any other (wrong keys, the
#: service failing or unreachable) is the upstream's fault: 502.
_STATUS: list[tuple[tuple[type[Exception], ...], int]] = [
    ((ValidationError,), 422),
    ((NotFoundError,), 404),
    ((ConflictError,), 409),
    ((TaskTimeoutError,), 504),
    ((RateLimitError,), 503),
]


def _error_response(_: Request, error: Exception) -> JSONResponse:
    """The client's errors carry no secret: their message is safe to return."""
    status = next((code for kind, code in _STATUS if isinstance(error, kind)), 502)
    headers = {"retry-after": "60"} if status == 503 else None
    return JSONResponse({"detail": str(error)}, status_code=status, headers=headers)


def create_app(
    client_factory: ClientFactory | None = None, settings: Settings | None = None
) -> FastAPI:
    """The app; by default its client reads its keys and URL from the environment."""
    config = settings or Settings.from_env()
    factory = client_factory or (lambda: AsyncClient(base_url=config.base_url))

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.follows = set()
        async with factory() as client:  # closing it ends every wait still pending
            app.state.client = client
            yield

    app = FastAPI(title="Redis Cloud provisioning (redis-cloud-async example)", lifespan=lifespan)
    app.add_exception_handler(RedisCloudError, _error_response)

    @app.post("/subscriptions/{subscription_id}/databases", status_code=202)
    async def provision_database(
        subscription_id: int, body: DatabaseRequest, client: Client, request: Request
    ) -> Accepted:
        spec = DatabaseCreateSpec(
            name=body.name, dataset_size_in_gb=body.dataset_size_in_gb, replication=body.replication
        )
        handle = await client.databases.create(subscription_id, spec)
        return Accepted(
            task_id=handle.task_id,
            status_url=str(request.url_for("task_status", task_id=handle.task_id)),
            wait_url=str(request.url_for("wait_for_task", task_id=handle.task_id)),
        )

    @app.get("/tasks/{task_id}")
    async def task_status(task_id: str, client: Client, request: Request) -> TaskState:
        task = client.tasks.last_seen(task_id)
        if task is None:
            task = await client.tasks.get(task_id)
            if not task.is_terminal:
                _follow(request, client, task_id)
        return TaskState.of(task)

    @app.get("/tasks/{task_id}/wait")
    async def wait_for_task(
        task_id: str, client: Client, timeout: Annotated[float, Query(gt=0)] = 60.0
    ) -> TaskState:
        try:
            task = await client.tasks.wait(task_id, timeout=min(timeout, config.max_wait))
        except TaskFailedError as failed:
            task = failed.task
        return TaskState.of(task)

    return app
