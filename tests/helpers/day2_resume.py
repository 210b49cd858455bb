"""One run of the day-2 fleet: the child process that tests/bulk/test_day2_resume.py
kills (a module of its own, importable by name, for the forkserver)."""

from __future__ import annotations

import asyncio
import json
from multiprocessing.connection import Connection
from pathlib import Path

from redis_cloud_async import AsyncClient, PollPolicy
from redis_cloud_async.bulk import Plan, apply
from tests.helpers.day2 import CHANGES, day2_plan

#: A short grace window: this simulator shows fresh tasks at once.
POLL = PollPolicy(initial=0.02, factor=1.0, maximum=0.02, grace=0.3)


def fleet(changed: bool) -> Plan:
    """The day-2 fleet as first applied, or with `CHANGES`."""
    return day2_plan(CHANGES if changed else None)


def client(base_url: str) -> AsyncClient:
    return AsyncClient("test-key", "test-secret", base_url=base_url, timeout=5.0, poll=POLL)


async def _apply(base_url: str, journal: Path, changed: bool, report: Connection) -> None:
    async with client(base_url) as connected:
        report.send("started")
        result = await apply(connected, fleet(changed), journal=journal, timeout=30)
        report.send(json.dumps([o.describe() for o in result if not o.ok]))


def run(base_url: str, journal: Path, changed: bool, report: Connection) -> None:
    """Apply the fleet with `journal`; says "started", then the failures as JSON."""
    asyncio.run(_apply(base_url, journal, changed, report))
