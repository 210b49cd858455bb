"""Runs in child processes that a test kills with SIGKILL at a chosen moment.

The simulator outlives them: it is served over loopback from a thread of the test
process, while each run is a child process killed at a seeded moment after it started
applying. The children come from a forkserver that has imported the run once: no
fork() of the threaded test process, and no interpreter start-up per child, so many
kills fit in seconds. A child's target (importable by name) sends ``"started"`` once
it applies, then its report.
"""

from __future__ import annotations

import logging
import multiprocessing
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from starlette.requests import ClientDisconnect

__all__ = ["quiet_killed_clients", "run_child"]

#: Children forked from a single-threaded server, not from this process. The server
#: imports once what each child would otherwise import: pytest (a child re-imports the
#: main module, here the test runner) and the library with its simulator. Its path is the
#: interpreter's own, without the tests' folders, so each child imports its target's
#: module itself; that is quick once the rest is loaded.
CHILDREN = multiprocessing.get_context("forkserver")
CHILDREN.set_forkserver_preload(["pytest", "redis_cloud_async.bulk", "redis_cloud_async.testing"])


def run_child(
    target: Callable[..., None], args: tuple[Any, ...], kill_after: float | None
) -> str | None:
    """Run `target(*args, report)` in a child process: killed `kill_after` seconds after
    it started (a run that ended before is left as it ended), or awaited to its end
    (then what it reported last)."""
    ours, theirs = CHILDREN.Pipe(duplex=False)
    child = CHILDREN.Process(target=target, args=(*args, theirs), daemon=True)
    child.start()
    theirs.close()
    try:
        assert ours.poll(20), "the run did not start"
        assert ours.recv() == "started"
        if kill_after is not None:
            time.sleep(kill_after)
            child.kill()
            child.join(10)
            return None
        assert ours.poll(60), "the run did not end"
        answer: str = ours.recv()
        child.join(10)
        return answer
    finally:
        ours.close()
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
