"""Submitting writes: the writes gate, the subscription lanes, and settling.

Every POST, PUT or DELETE that answers with a task goes through `WriteCoordinator.submit`:
- it takes a permit of the writes gate and holds it until the task is terminal;
- a change to a subscription (or anything inside it) takes that subscription's lane,
  so that only one change touches a subscription at a time (the service refuses a
  second one with `SUBSCRIPTION_NOT_ACTIVE`), and holds it until the task is terminal;
- a subscription whose last change may have left it `pending` is "unsettled": the next
  change waits, through the shared readiness polling, until it is `active` again.

A task that never ends must not hold them for ever: they are released at the task
watcher's deadline (the client's `task_timeout`), when the write's waits raise
`TaskTimeoutError` with its task id, and the subscription is then unsettled.
"""

from __future__ import annotations

import asyncio
from collections.abc import Hashable
from typing import Any

from ._converter import Converter
from ._core import Core
from ._decode import decode_task
from ._handle import TaskHandle
from ._permits import Lane, SubscriptionKind, SubscriptionLanes, WriteGate
from ._readiness import ReadinessWatcher
from ._watcher import TaskWatcher
from .models.tasks import Task

__all__ = ["WriteCoordinator"]


class WriteCoordinator:
    """Sends writes that answer with a task, under the gate and the lanes."""

    def __init__(
        self,
        *,
        core: Core,
        converter: Converter,
        watcher: TaskWatcher,
        readiness: ReadinessWatcher,
        gate: WriteGate,
        lanes: SubscriptionLanes,
    ) -> None:
        self._core = core
        self._converter = converter
        self._watcher = watcher
        self._readiness = readiness
        self._gate = gate
        self._lanes = lanes
        self._unsettled: set[Hashable] = set()

    async def submit(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        params: dict[str, Any] | None = None,
        lane: Lane | None = None,
        creates: SubscriptionKind | None = None,
    ) -> TaskHandle:
        """Send a write and return its task handle as soon as the server accepted it.

        `lane`: the subscription the write changes. `creates`: the write creates a
        subscription of this kind, which is unsettled until it is active.
        """
        gate_permit = await self._gate.acquire()
        lane_permit = None
        try:
            if lane is not None:
                lane_permit = await self._lanes.acquire(lane.key)
                await self._settle(lane)
            data = await self._core.request(method, path, json=json, params=params)
            task = decode_task(self._converter, data, method=method, path=path)
        except BaseException:
            if lane_permit is not None:
                lane_permit.release()
            gate_permit.release()
            raise
        self._watcher.observe(task)

        def finished(done: asyncio.Future[Task]) -> None:
            gate_permit.release()
            if lane_permit is not None:
                if lane is not None:
                    self._unsettled.add(lane.key)
                lane_permit.release()
            if creates is not None and not done.cancelled() and done.exception() is None:
                created = done.result().resource_id
                if done.result().succeeded and created is not None:
                    self._unsettled.add((creates, created))

        self._watcher.watch(task.task_id).add_done_callback(finished)
        return TaskHandle(task, self._watcher)

    async def _settle(self, lane: Lane) -> None:
        """Wait until a subscription changed earlier by this client is active again."""
        if lane.key not in self._unsettled:
            return
        await self._readiness.wait_subscription(lane.subscription_id, fixed=lane.kind == "fixed")
        self._unsettled.discard(lane.key)
