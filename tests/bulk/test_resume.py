"""Killed at random points (SIGKILL), resumed from the journal: exactly the plan.

The simulator outlives the killed runs: it is served over loopback from a thread of
the test process, while each run is a child process (tests/helpers/resume.py)
killed with SIGKILL at a seeded random moment after it started applying. The children
come from a forkserver that has imported the run once: no fork() of this threaded
process, and no interpreter start-up per child, so twenty kills fit in seconds.
"""

from __future__ import annotations

import json
import logging
import multiprocessing
import random
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.requests import ClientDisconnect

from redis_cloud_async.testing._server import serve_in_thread
from tests.helpers.bulk import make_fake, mismatches
from tests.helpers.resume import resume_plan, run

SPEED = 3000.0
SCENARIOS = 4
KILLS_PER_SCENARIO = 5

#: Children forked from a single-threaded server, not from this process. The server
#: imports once what each child would otherwise import: pytest (a child re-imports the
#: main module, here the test runner) and the library with its simulator. Its path is the
#: interpreter's own, without the tests' folders, so each child imports tests.helpers.resume
#: itself; that is quick once the rest is loaded.
CHILDREN = multiprocessing.get_context("forkserver")
CHILDREN.set_forkserver_preload(["pytest", "redis_cloud_async.bulk", "redis_cloud_async.testing"])


def _run(base_url: str, journal: Path, kill_after: float | None) -> str | None:
    """One run in a child process; killed `kill_after` seconds after it started (a run
    that ended before is left as it ended), or awaited to its end (then its failures, as
    JSON)."""
    ours, theirs = CHILDREN.Pipe(duplex=False)
    child = CHILDREN.Process(target=run, args=(base_url, journal, theirs), daemon=True)
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
def _quiet_killed_clients() -> Iterator[None]:
    logger = logging.getLogger("uvicorn.error")
    quiet = _KilledClients()
    logger.addFilter(quiet)
    yield
    logger.removeFilter(quiet)


@pytest.mark.timeout(120)
@pytest.mark.parametrize("scenario", range(SCENARIOS))
def test_a_run_killed_anywhere_resumes_to_exactly_the_plan(scenario: int, tmp_path: Path) -> None:
    rng = random.Random(1000 + scenario)
    fake = make_fake(SPEED, seed=scenario)
    journal = tmp_path / "fleet.journal"
    plan = resume_plan()
    with serve_in_thread(fake) as base_url:
        for _ in range(KILLS_PER_SCENARIO):
            _run(base_url, journal, kill_after=rng.uniform(0.0, 0.8))
        failures = _run(base_url, journal, kill_after=None)
        assert failures is not None
        assert json.loads(failures) == []
    assert mismatches(fake, plan) == []
