"""An update run killed with SIGKILL at seeded points resumes from the journal with
exactly one update task per changed item (the set-up is test_resume.py's)."""

from __future__ import annotations

import asyncio
import random
from pathlib import Path

import pytest

from redis_cloud_async.bulk import diff
from redis_cloud_async.testing._server import serve_in_thread
from tests.helpers.bulk import make_fake
from tests.helpers.day2 import CHANGES, update_tasks
from tests.helpers.day2_resume import client, fleet, run
from tests.helpers.killed_runs import quiet_killed_clients, run_child

__all__ = ["quiet_killed_clients"]  # the fixture, used by every test here

SPEED = 3000.0
SCENARIOS = 3
KILLS_PER_SCENARIO = 4


def _run(base_url: str, journal: Path, changed: bool, kill_after: float | None) -> str | None:
    """One run in a child process (killed, or awaited: then its failures as JSON)."""
    return run_child(run, (base_url, journal, changed), kill_after)


async def _pending(base_url: str, journal: Path) -> list[str]:
    async with client(base_url) as connected:
        found = await diff(connected, fleet(changed=True), journal=journal)
    return [change.describe() for change in found if change.action != "keep"]


@pytest.mark.timeout(180)
@pytest.mark.parametrize("scenario", range(SCENARIOS))
def test_an_update_run_killed_anywhere_sends_each_update_once(
    scenario: int, tmp_path: Path
) -> None:
    rng = random.Random(2000 + scenario)
    fake = make_fake(SPEED, seed=scenario)
    journal = tmp_path / "fleet.journal"
    with serve_in_thread(fake) as base_url:
        assert _run(base_url, journal, changed=False, kill_after=None) == "[]"
        before = update_tasks(fake)
        for _ in range(KILLS_PER_SCENARIO):
            _run(base_url, journal, changed=True, kill_after=rng.uniform(0.0, 0.5))
        assert _run(base_url, journal, changed=True, kill_after=None) == "[]"
        assert asyncio.run(_pending(base_url, journal)) == []
    sent = update_tasks(fake) - before
    assert sorted(sent.values()) == [1] * len(CHANGES), sent
    assert all(resource is not None for _, resource in sent)
