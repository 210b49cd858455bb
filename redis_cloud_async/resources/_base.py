"""What every resource namespace uses to talk to the API: read, write, async read.

Resource modules stay thin: build the path and the body, call one of these, decode.
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

__all__ = ["ClientContext", "Resource"]

T = TypeVar("T")


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

    # -- reading ---------------------------------------------------------------------
    async def _get(self, path: str, cls: type[T], *, params: Mapping[str, Any] | None = None) -> T:
        """A synchronous GET decoded into `cls`."""
        data = await self._ctx.core.request("GET", path, params=params)
        return self._decode(data, cls, "GET", path)

    async def _get_json(self, path: str, *, params: Mapping[str, Any] | None = None) -> Any:
        return await self._ctx.core.request("GET", path, params=params)

    async def _get_via_task(
        self, path: str, cls: type[T], *, params: Mapping[str, Any] | None = None
    ) -> T:
        """An asynchronous GET: the answer is a task whose `response.resource` is the data."""
        data = await self._ctx.core.request("GET", path, params=params)
        task = decode_task(self._ctx.converter, data, method="GET", path=path)
        self._ctx.watcher.observe(task)
        done = raise_for_task(
            await self._ctx.watcher.wait(task.task_id, timeout=self._ctx.task_timeout)
        )
        return self._decode(dict(done.resource or {}), cls, "GET", path)

    def _pages(
        self,
        path: str,
        extract: Callable[[Any], list[Any]],
        *,
        page_size: int = PAGE_SIZE,
        params: Mapping[str, Any] | None = None,
    ) -> AsyncIterator[Any]:
        """Walk an offset/limit list; the 404 past the last page is its end, not an error."""
        return walk_pages(self._ctx.core, path, extract, page_size=page_size, params=params)

    # -- writing ---------------------------------------------------------------------
    async def _write(
        self,
        method: str,
        path: str,
        spec: Spec | Mapping[str, Any] | None = None,
        *,
        lane: Lane | None = None,
        creates: SubscriptionKind | None = None,
        params: dict[str, Any] | None = None,
    ) -> TaskHandle:
        """Validate the spec, then submit the write under the gate and lanes."""
        return await self._ctx.writes.submit(
            method, path, json=self._body(spec), params=params, lane=lane, creates=creates
        )

    async def _send_sync(
        self, method: str, path: str, spec: Spec | Mapping[str, Any] | None = None
    ) -> Any:
        """A write that answers at once with data (the tag operations)."""
        return await self._ctx.core.request(method, path, json=self._body(spec))

    def _body(self, spec: Spec | Mapping[str, Any] | None) -> Any:
        """The JSON body of a spec, after checking every rule and registering its secrets."""
        if isinstance(spec, Spec):
            check(spec)
            register_secrets_of(spec)
            return self._ctx.converter.unstructure(spec)
        return None if spec is None else dict(spec)

    async def _estimate(self, method: str, path: str, spec: Spec) -> CostEstimate:
        """Send `spec` as a dry run, wait for its task, and decode the priced plan it carries.

        A dry run changes nothing, so it takes no subscription lane.
        """
        dry_run: Spec = attrs.evolve(cast(Any, spec), dry_run=True)
        handle = await self._write(method, path, dry_run)
        task = await handle.wait(timeout=self._ctx.task_timeout)
        return self._decode(dict(task.resource or {}), CostEstimate, method, path)

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
