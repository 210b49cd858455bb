"""An event loop on a virtual clock: when nothing is ready, time jumps to the next timer.

For contenders whose every request is answered synchronously (`LockstepTransport`):
their sleeps cost nothing, so hours of polling take only the CPU they need, and every
poller keeps its exact schedule. (looptime does the same for the tests, but importing
it imports pytest, whose memory would count against the contender.)
"""

from __future__ import annotations

import asyncio
import selectors
from typing import Any

__all__ = ["VirtualClockLoop"]


class VirtualClockLoop(asyncio.SelectorEventLoop):
    """A selector loop whose `time()` only moves when the loop would otherwise sleep."""

    def __init__(self) -> None:
        super().__init__()
        self._now = 0.0
        selector: selectors.BaseSelector = self._selector  # type: ignore[attr-defined]
        real_select = selector.select

        def select(timeout: float | None = None) -> list[tuple[Any, Any]]:
            ready = real_select(0 if timeout is not None else None)
            if not ready and timeout is not None and timeout > 0:
                self._now += timeout
            return ready

        selector.select = select  # type: ignore[method-assign]

    def time(self) -> float:
        return self._now
