"""Killed at random points (SIGKILL), resumed from the journal: exactly the plan.

The simulator outlives the killed runs: it is served over loopback from a thread of
the test process, while each run is a child process (tests/helpers/resume.py)
killed with SIGKILL at a seeded random moment after it started applying
(tests/helpers/killed_runs.py).
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from redis_cloud_async.testing._server import serve_in_thread
from tests.helpers.bulk import make_fake, mismatches
from tests.helpers.killed_runs import quiet_killed_clients, run_child
from tests.helpers.resume import resume_plan, run

__all__ = ["quiet_killed_clients"]  # the fixture, used by every test here

SPEED = 3000.0
SCENARIOS = 4
KILLS_PER_SCENARIO = 5


def _run(base_url: str, journal: Path, kill_after: float | None) -> str | None:
    """One run in a child process; killed `kill_after` seconds after it started, or
    awaited to its end (then its failures, as JSON)."""
    return run_child(run, (base_url, journal), kill_after)


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
