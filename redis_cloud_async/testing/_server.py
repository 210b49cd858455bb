"""Serving a simulator over loopback with uvicorn: in a background thread, or in front.

A simulated dropped connection is an exception by design, so uvicorn's traceback for it
is filtered out of its error log; every other error is still logged.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager

import uvicorn

from ._fake import FakeRedisCloud
from .frontend.transport import SimulatedDisconnect


class _QuietDisconnects(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        return not isinstance(error, SimulatedDisconnect)


def quiet_simulated_disconnects() -> None:
    """Drop uvicorn's tracebacks for the simulator's own dropped connections."""
    logger = logging.getLogger("uvicorn.error")
    if not any(isinstance(f, _QuietDisconnects) for f in logger.filters):
        logger.addFilter(_QuietDisconnects())


def _server(fake: FakeRedisCloud, host: str, port: int, log_level: str) -> uvicorn.Server:
    quiet_simulated_disconnects()
    config = uvicorn.Config(fake.app, host=host, port=port, log_level=log_level, lifespan="on")
    return uvicorn.Server(config)


def _bound_url(server: uvicorn.Server, host: str) -> str:
    port = server.servers[0].sockets[0].getsockname()[1]
    return f"http://{host}:{port}/v1"


async def serve(
    fake: FakeRedisCloud,
    *,
    host: str = "127.0.0.1",
    port: int = 8765,
    log_level: str = "info",
    ready: Callable[[str], Awaitable[None] | None] | None = None,
) -> None:
    """Serve until interrupted; ``ready`` gets the base URL once the socket is bound."""
    server = _server(fake, host, port, log_level)
    running = asyncio.create_task(server.serve())
    while not server.started:
        finished, _ = await asyncio.wait({running}, timeout=0.01)
        if finished:
            break
    if server.started and ready is not None:
        outcome = ready(_bound_url(server, host))
        if outcome is not None:
            await outcome
    await running


@contextmanager
def serve_in_thread(
    fake: FakeRedisCloud, *, host: str = "127.0.0.1", port: int = 0, timeout: float = 10.0
) -> Iterator[str]:
    """Serve ``fake`` from a background thread; yields its base URL, stops on exit."""
    server = _server(fake, host, port, "warning")
    thread = threading.Thread(target=server.run, name="redis-cloud-simulator", daemon=True)
    thread.start()
    deadline = time.monotonic() + timeout
    while not server.started and thread.is_alive() and time.monotonic() < deadline:
        time.sleep(0.01)
    if not server.started:
        server.should_exit = True
        thread.join(timeout)
        raise RuntimeError("the simulator's server did not start")
    try:
        yield _bound_url(server, host)
    finally:
        server.should_exit = True
        thread.join(timeout)
