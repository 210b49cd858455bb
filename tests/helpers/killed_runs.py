"""Runs in child processes that a test kills with SIGKILL at a chosen moment.

The simulator outlives them: it is served over loopback from a thread of the test
process, while each run is a forked child (fork: no interpreter start-up, so many kills
fit in seconds). A child sends ``"started"`` once it applies, then its report.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from starlette.requests import ClientDisconnect

__all__ = ["quiet_killed_clients", "run_child"]


def run_child(
    target: Callable[..., None], args: tuple[Any, ...], kill_after: float | None
) -> str | None:
    """Run `target(*args, report)` in a child process: killed `kill_after` seconds after
    it started, or awaited to its end (then what it reported last)."""
    ours, theirs = multiprocessing.Pipe(duplex=False)
    child = multiprocessing.get_context("fork").Process(
        target=target, args=(*args, theirs), daemon=True
    )
    child.start()
    try:
        assert ours.poll(20), "the run did not start"
        assert ours.recv() == "started"
        if kill_after is not None:
            time.sleep(kill_after)
            assert child.pid is not None
            os.kill(child.pid, signal.SIGKILL)
            child.join(10)
            return None
        assert ours.poll(60), "the run did not end"
        answer: str = ours.recv()
        child.join(10)
        return answer
    finally:
        if child.is_alive():
            child.kill()
            child.join(10)


class _KilledClients(logging.Filter):
    """uvicorn logs a traceback for each request a killed run left half-sent."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        return not isinstance(error, ClientDisconnect)


@pytest.fixture(autouse=True)
def quiet_killed_clients() -> Iterator[None]:
    """Import into a test module of killed runs: their half-sent requests log nothing."""
    logger = logging.getLogger("uvicorn.error")
    quiet = _KilledClients()
    logger.addFilter(quiet)
    yield
    logger.removeFilter(quiet)
