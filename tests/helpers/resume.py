"""One run of the resume plan: the child process that tests/bulk/test_resume.py kills.

A module of its own, importable by name (`tests.helpers.resume`), so that the child is
started without fork() from the threaded test process: the forkserver imports this module
once, as a preload, and each child is forked from that single-threaded server.
"""

from __future__ import annotations

import asyncio
import json
from multiprocessing.connection import Connection
from pathlib import Path

from redis_cloud_async import AsyncClient
from redis_cloud_async.bulk import Plan, apply
from tests.helpers.bulk import POLL, every_kind_plan


def resume_plan() -> Plan:
    """Every kind of item: Pro, Active-Active, later databases, Essentials, ACL."""
    return every_kind_plan("resume", subscriptions=5)


async def _apply(base_url: str, journal: Path, report: Connection) -> None:
    async with AsyncClient(
        "test-key", "test-secret", base_url=base_url, timeout=5.0, poll=POLL
    ) as client:
        report.send("started")
        result = await apply(client, resume_plan(), journal=journal, timeout=30)
        report.send(json.dumps([o.describe() for o in result if not o.ok]))


def run(base_url: str, journal: Path, report: Connection) -> None:
    """Apply the plan with `journal`; says "started", then the failures as JSON."""
    asyncio.run(_apply(base_url, journal, report))
