"""What every resource namespace uses to talk to the API: read, write, async read.

Resource modules stay thin: build the request from the method's declaration (`_route`),
the body from its spec, call one of these, decode. The helpers take a `Route`, never a
path written by hand, so a call sends what its `@operation` declares.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Mapping
from typing import Any, TypeVar, cast

import attrs

from .._converter import Converter
from .._core import Core
from .._decode import decode, decode_task
from .._errors import ConfirmationRequiredError, ValidationError
from .._handle import TaskHandle, raise_for_task
from .._paging import PAGE_SIZE, walk_pages
from .._permits import Lane, SubscriptionKind
from .._readiness import ReadinessWatcher
from .._secrets import register_secrets_of
from .._watcher import TaskWatcher
from .._writes import WriteCoordinator
from ..models._base import Spec
from ..models._validators import check
from ..models.common import CostEstimate
from ._operation import Route, route_of

__all__ = ["ClientContext", "Resource", "pro_lane"]

T = TypeVar("T")


def pro_lane(subscription_id: int) -> Lane:
    """The lane of a Pro subscription (whose id the request's route has checked)."""
    return Lane("pro", int(subscription_id))


@attrs.frozen
class ClientContext:
    """The shared machinery of one client, handed to each namespace."""

    core: Core
    converter: Converter
    watcher: TaskWatcher
    readiness: ReadinessWatcher
    writes: WriteCoordinator
    task_timeout: float


class Resource:
    """Base of the namespaces (`client.subscriptions`, `client.databases`, ...)."""

    def __init__(self, context: ClientContext) -> None:
        self._ctx = context

    def _route(self, method: Callable[..., Any], /, *ids: object, **query: object) -> Route:
        """The request `method` (one of this namespace's declared methods) sends: its
        declared method and path, `ids` checked and filled into the path's placeholders
        in order, `query` (by parameter name) as the declared query parameters."""
        return route_of(type(self), method, ids, query)

    # -- reading ---------------------------------------------------------------------
    async def _get(self, route: Route, cls: type[T]) -> T:
        """A synchronous read decoded into `cls`."""
        data = await self._get_json(route)
        return self._decode(data, cls, route.method, route.path)

    async def _get_json(self, route: Route) -> Any:
        return await self._ctx.core.request(route.method, route.path, params=route.params)

    async def _get_via_task(self, route: Route, cls: type[T]) -> T:
        """An asynchronous read: the answer is a task whose `response.resource` is the data."""
        data = await self._get_json(route)
        task = decode_task(self._ctx.converter, data, method=route.method, path=route.path)
        self._ctx.watcher.observe(task)
        done = raise_for_task(
            await self._ctx.watcher.wait(task.task_id, timeout=self._ctx.task_timeout)
        )
        return self._decode(dict(done.resource or {}), cls, route.method, route.path)

    def _pages(
        self, route: Route, extract: Callable[[Any], list[Any]], *, page_size: int = PAGE_SIZE
    ) -> AsyncIterator[Any]:
        """Walk an offset/limit list; the 404 past the last page is its end, not an error."""
        return walk_pages(
            self._ctx.core, route.path, extract, page_size=page_size, params=route.params
        )

    # -- writing ---------------------------------------------------------------------
    async def _write(
        self,
        route: Route,
        spec: Spec | Mapping[str, Any] | None = None,
        *,
        lane: Lane | None = None,
        creates: SubscriptionKind | None = None,
    ) -> TaskHandle:
        """Validate the spec, then submit the write under the gate and lanes."""
        return await self._ctx.writes.submit(
            route.method,
            route.path,
            json=self._body(spec),
            params=dict(route.params) if route.params else None,
            lane=lane,
            creates=creates,
        )

    async def _send_sync(self, route: Route, spec: Spec | Mapping[str, Any] | None = None) -> Any:
        """A write that answers at once with data (the tag operations)."""
        return await self._ctx.core.request(
            route.method, route.path, params=route.params, json=self._body(spec)
        )

    def _body(self, spec: Spec | Mapping[str, Any] | None) -> Any:
        """The JSON body of a spec, after checking every rule and registering its secrets."""
        if isinstance(spec, Spec):
            check(spec)
            register_secrets_of(spec)
            return self._ctx.converter.unstructure(spec)
        return None if spec is None else dict(spec)

    async def _estimate(self, route: Route, spec: Spec) -> CostEstimate:
        """Send `spec` as a dry run, wait for its task, and decode the priced plan it carries.

        A dry run changes nothing, so it takes no subscription lane.
        """
        dry_run: Spec = attrs.evolve(cast(Any, spec), dry_run=True)
        handle = await self._write(route, dry_run)
        task = await handle.wait(timeout=self._ctx.task_timeout)
        return self._decode(dict(task.resource or {}), CostEstimate, route.method, route.path)

    @staticmethod
    def _refuse_dry_run(spec: Any, instead: str) -> None:
        """A write method given a dry-run spec: point to the method that returns the estimate."""
        if getattr(spec, "dry_run", None):
            raise ValidationError(
                f"{type(spec).__name__}.dry_run",
                f"a dry run returns a cost estimate: call {instead}(...) instead",
            )

    # -- helpers ---------------------------------------------------------------------
    def _decode(self, data: Any, cls: type[T], method: str, path: str) -> T:
        """`data` as a `cls`, or `DecodeError` naming the request."""
        return decode(self._ctx.converter, data, cls, method=method, path=path)

    @staticmethod
    def _require_confirmation(confirm: bool, what: str) -> None:
        if confirm is not True:
            raise ConfirmationRequiredError(
                "confirm", f"{what} is destructive: pass confirm=True to do it"
            )
