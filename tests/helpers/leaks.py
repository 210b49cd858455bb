"""Checks that a block of async code leaves nothing behind, and a request counter.

`nothing_left_behind` fails on any warning (ResourceWarning included), any error the
event loop reports (a task destroyed while pending, an exception never retrieved) and
any asyncio task still running after the block. `InFlight` wraps an ASGI app (the
simulator's) and counts the requests it is still handling.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import warnings
from collections.abc import Iterator
from typing import Any


class InFlight:
    """ASGI middleware counting the requests the app is still handling."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.now = 0
        self.busy = asyncio.Event()  #: set while a request is in flight

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        self.now += 1
        self.busy.set()
        try:
            await self.app(scope, receive, send)
        finally:
            self.now -= 1
            if not self.now:
                self.busy.clear()


@contextlib.contextmanager
def nothing_left_behind() -> Iterator[None]:
    """Fail on any warning (ResourceWarning included) or error the loop reports, and on
    any asyncio task the block leaves running."""
    loop = asyncio.get_running_loop()
    before = asyncio.all_tasks()
    loop_errors: list[str] = []
    previous_handler = loop.get_exception_handler()
    loop.set_exception_handler(lambda _, context: loop_errors.append(str(context)))
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            yield
            gc.collect()  # unclosed sockets and transports warn when collected
    finally:
        loop.set_exception_handler(previous_handler)
    assert [str(w.message) for w in caught] == []
    assert loop_errors == []
    assert asyncio.all_tasks() - before == set()
