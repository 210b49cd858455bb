"""Provision a fleet with live progress bars (rich), against the embedded simulator.

    python examples/bulk_rich.py

One bar for the whole plan and one per subscription, fed by the run's typed events
(`async for event in run.events()`); retries and 429s are counted as they happen.
Without rich installed (``pip install rich``), the same events print as plain lines.
No setup: the simulator runs in-process, 900x faster than the service.
"""

from __future__ import annotations

import asyncio
from typing import Any

from redis_cloud_async import PollPolicy
from redis_cloud_async.bulk import (
    Failed,
    RateLimited,
    Ready,
    RetryScheduled,
    Run,
    Skipped,
    lower_bound,
    sample_plan,
    start,
)
from redis_cloud_async.testing import FakeRedisCloud

try:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
except ImportError:  # rich is optional: fall back to plain lines
    Progress = None  # type: ignore[assignment,misc]

SPEED = 900.0


def _group(item: str) -> str:
    """The subscription an item belongs to (ACL items are their own group)."""
    kind, _, name = item.partition(":")
    return "acl" if kind.startswith("acl") else name.split("/")[0]


async def follow_with_rich(run: Run, totals: dict[str, int]) -> None:
    console = Console()
    columns: list[Any] = [
        TextColumn("{task.description:<28}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[note]}"),
        TimeElapsedColumn(),
    ]
    with Progress(*columns, console=console) as progress:
        overall = progress.add_task("whole plan", total=sum(totals.values()), note="")
        bars = {g: progress.add_task(g, total=n, note="") for g, n in totals.items()}
        retries = limited = 0
        async for event in run.events():
            if isinstance(event, RateLimited):
                limited += 1
            elif isinstance(event, RetryScheduled):
                retries += 1
            elif event.item is not None and isinstance(event, Ready | Failed | Skipped):
                bar = bars[_group(event.item)]
                note = "" if isinstance(event, Ready) else f"[red]{type(event).__name__}"
                progress.update(bar, advance=1, note=note)
                progress.update(overall, advance=1, note=f"{retries} retries, {limited} 429s")


async def follow_plainly(run: Run) -> None:
    async for event in run.events():
        if isinstance(event, Ready | Failed | Skipped | RetryScheduled):
            print(f"{event.at:10.2f}  {type(event).__name__:<15} {event.item or ''}")


async def main() -> None:
    fake = FakeRedisCloud(speed=SPEED)
    plan = sample_plan(
        subscriptions=9, active_active=3, databases=4, later_databases=1, essentials=2, acl=True
    )
    totals: dict[str, int] = {}
    for sub in plan.subscriptions:
        totals[sub.name] = 1 + len(sub.database_names())
    for fixed in plan.essentials:
        totals[fixed.name] = 1 + len(fixed.databases)
    totals["acl"] = len(plan.acl.rules) + len(plan.acl.roles) + len(plan.acl.users)
    poll = PollPolicy(initial=0.05, factor=1.2, maximum=0.2)
    async with fake.client(poll=poll) as client:
        run = start(client, plan)
        if Progress is not None:
            await follow_with_rich(run, totals)
        else:
            await follow_plainly(run)
        result = await run
    bound = lower_bound(plan, speed=SPEED)
    print(result.summary())
    ratio = bound.ratio(result.elapsed)
    print(f"lower bound {bound.seconds:.2f}s ({bound.limited_by}), ratio {ratio:.2f}")
    result.raise_for_failures()


if __name__ == "__main__":
    asyncio.run(main())
