"""What every resource namespace uses to talk to the API: read, write, async read.

Resource modules stay thin: build the request from the method's declaration (`_route`),
the body from its spec, call one of these, decode. The helpers take a `Route`, never a
path written by hand, so a call sends what its `@operation` declares.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterable, Mapping
from typing import Any, ClassVar, Protocol, TypeVar, cast

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
from ._operation import Route, int_id, route_of

__all__ = ["ClientContext", "Resource", "named"]

T = TypeVar("T")


class _Named(Protocol):
    @property
    def name(self) -> str | None: ...


N = TypeVar("N", bound=_Named)


def named(items: Iterable[N], name: str) -> N | None:
    """The first of `items` called `name`, if any (what the namespaces' `find` methods answer)."""
    return next((item for item in items if item.name == name), None)


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

    #: The kind of subscription (and so of lane) this namespace's writes inside a
    #: subscription take: Pro ids and Essentials ids are separate spaces.
    _lane_kind: ClassVar[SubscriptionKind] = "pro"

    def __init__(self, context: ClientContext) -> None:
        self._ctx = context

    @property
    def _fixed(self) -> bool:
        """Whether readiness polls the Essentials listings."""
        return self._lane_kind == "fixed"

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

    async def _write_in(
        self, route: Route, subscription_id: int, spec: Spec | Mapping[str, Any] | None = None
    ) -> TaskHandle:
        """A write inside a subscription: it takes that subscription's lane, so that only
        one change touches the subscription at a time (its id checked by the route)."""
        return await self._write(route, spec, lane=Lane(self._lane_kind, int(subscription_id)))

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

    # -- subscription readiness (Pro and Essentials) ------------------------------------
    async def _wait_subscription_active(
        self, subscription_id: int, cls: type[T], path: str, timeout: float | None
    ) -> T:
        """Wait (through shared polling) until the subscription is `active`; its entry of
        the listing at `path`, decoded into `cls`."""
        data: Mapping[str, Any] = await self._ctx.readiness.wait_subscription(
            int_id("subscription_id", subscription_id), fixed=self._fixed, timeout=timeout
        )
        return self._decode(dict(data), cls, "GET", path)

    async def _wait_subscription_gone(self, subscription_id: int, timeout: float | None) -> None:
        """Wait (through shared polling) until a deleted subscription is no longer listed."""
        await self._ctx.readiness.wait_subscription_gone(
            int_id("subscription_id", subscription_id), fixed=self._fixed, timeout=timeout
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
