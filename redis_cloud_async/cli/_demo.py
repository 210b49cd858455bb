"""The demo: provision a realistic fleet against the embedded simulator, then tear it down.

    redis-cloud demo [--speed 900] [--plain]
    python -m redis_cloud_async.demo [--speed 900] [--plain]

Several Pro subscriptions with databases, an Active-Active subscription across three
regions with an Active-Active database, an Essentials subscription with a database, and
an ACL rule, role and user: all applied concurrently through one `AsyncClient` (shared
pool, rate budget, task watcher), with live progress on a terminal (plain lines when
the output is not a terminal), a summary, and a clean teardown. The simulator runs the
service's durations `speed` times faster (15 minutes of provisioning take 1 s at 900).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence
from typing import TextIO

from .._client import AsyncClient
from .._polling import PollPolicy
from ..bulk import Plan, RunResult, apply, destroy, sample_plan
from ..testing import FakeRedisCloud
from ._output import Output
from ._progress import RunProgress
from ._session import positive

__all__ = ["main", "run_demo"]


def demo_plan() -> Plan:
    """The fleet of the demo: 4 Pro subscriptions (one Active-Active across 3 regions)
    with 3 databases each, an Essentials subscription with a database, ACL rule/role/user."""
    return sample_plan(
        subscriptions=4, active_active=1, databases=3, essentials=1, acl=True, prefix="demo"
    )


def _summary(label: str, result: RunResult, client: AsyncClient) -> str:
    counts = ", ".join(f"{n} {status}" for status, n in sorted(result.counts().items()))
    stats = client.stats
    return (
        f"{label}: {len(result)} items ({counts}) in {result.elapsed:.1f}s wall; "
        f"{stats.requests} requests so far ({result.writes} writes this step), "
        f"{stats.rate_limited} 429s, {stats.retries} retries"
    )


async def run_demo(
    *, speed: float = 900.0, out: TextIO | None = None, live: bool | None = None
) -> int:
    """Apply the demo fleet to a fresh simulator, print a summary, tear it down.

    `live` None: progress bars when `out` is a terminal (and rich is installed).
    Returns the process exit code: 0 when every item was created and then removed.
    """
    output = Output(out or sys.stdout, sys.stderr, live=live)
    fake = FakeRedisCloud(speed=speed, seed=7)
    plan = demo_plan()
    # Poll about as often, relative to the service's pace, as a real run would.
    poll = PollPolicy(initial=max(0.02, 20 / speed), maximum=max(0.2, 120 / speed), grace=5.0)
    output.line(
        f"redis-cloud-async demo: a simulated Redis Cloud account, {speed:g}x faster than "
        f"the service (a 15-minute subscription takes {900 / speed:.2f}s)."
    )
    async with fake.client(poll=poll) as client:
        output.line("== provisioning")
        with RunProgress(output, plan, done="created", unchanged="present") as progress:
            applied = await apply(client, plan, on_event=progress.on_event)
        output.line(_summary("provisioned", applied, client))
        for sub in await client.subscriptions.list():
            kind = "Active-Active" if sub.is_active_active else "Pro"
            names = ", ".join(sorted(db.name or "?" for db in await client.databases.list(sub.id)))
            output.line(f"  {kind} subscription {sub.name} ({sub.status}): {names}")
        for fixed in await client.essentials.subscriptions.list():
            fixed_dbs = await client.essentials.databases.list(fixed.id)
            names = ", ".join(sorted(db.name or "?" for db in fixed_dbs))
            output.line(f"  Essentials subscription {fixed.name} ({fixed.status}): {names}")
        users = [u.name for u in await client.acl.users.list()]
        roles = [r.name for r in await client.acl.roles.list()]
        rules = [r.name for r in await client.acl.redis_rules.list()]
        output.line(f"  ACL: rules {rules}, roles {roles}, users {users}")

        output.line("== tearing down")
        with RunProgress(output, plan, done="deleted", unchanged="absent") as progress:
            removed = await destroy(client, plan, confirm=True, on_event=progress.on_event)
        output.line(_summary("torn down", removed, client))
        left = len(await client.subscriptions.list()) + len(
            await client.essentials.subscriptions.list()
        )
        output.line(
            f"account after teardown: {left} subscriptions; the simulator answered "
            f"{fake.stats.count()} requests, sent {fake.stats.too_many_requests} 429s"
        )
    ok = applied.ok and removed.ok and left == 0
    for outcome in [*applied.failures, *removed.failures]:
        output.line(f"FAILED {outcome.describe()}")
    return 0 if ok else 1


def main(argv: Sequence[str] | None = None, prog: str = "python -m redis_cloud_async.demo") -> int:
    """Command-line entry: `redis-cloud demo`, ``python -m redis_cloud_async.demo``."""
    parser = argparse.ArgumentParser(prog=prog, description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--speed", type=positive, default=900.0, help="simulator speed-up (default 900)"
    )
    parser.add_argument("--plain", action="store_true", help="plain lines even on a terminal")
    args = parser.parse_args(argv)
    live = False if args.plain else None
    return asyncio.run(run_demo(speed=args.speed, live=live))
