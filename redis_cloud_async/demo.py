"""The demo: provision a realistic fleet against the embedded simulator, then tear it down.

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
import time
from collections.abc import Coroutine, Sequence
from typing import IO, Any

from ._client import AsyncClient
from ._polling import PollPolicy
from .bulk import (
    Event,
    Failed,
    RateLimited,
    Ready,
    RetryScheduled,
    RunResult,
    Skipped,
    StatusChanged,
    Submitted,
    apply,
    destroy,
    sample_plan,
)
from .testing import FakeRedisCloud

__all__ = ["main", "run_demo"]


def demo_plan() -> Any:
    """The fleet of the demo: 4 Pro subscriptions (one Active-Active across 3 regions)
    with 3 databases each, an Essentials subscription with a database, ACL rule/role/user."""
    return sample_plan(
        subscriptions=4, active_active=1, databases=3, essentials=1, acl=True, prefix="demo"
    )


class _Progress:
    """Tracks each item's latest state; renders it live (rich) or as plain lines."""

    def __init__(
        self, out: IO[str], *, live: bool, done: str = "ready", unchanged: str = "already there"
    ) -> None:
        self.out = out
        self.live = live
        self.done = done
        self.unchanged = unchanged
        self.started = time.perf_counter()
        self.state: dict[str, str] = {}
        self.tasks: dict[str, str] = {}
        self.retries = 0
        self.rate_limited = 0

    def elapsed(self) -> float:
        return time.perf_counter() - self.started

    def on_event(self, event: Event) -> None:
        line: str | None = None
        if isinstance(event, RateLimited):
            self.rate_limited += 1
            line = f"rate limited: {event.method} {event.path} again in {event.backoff:.2f}s"
        elif isinstance(event, RetryScheduled):
            self.retries += 1
            line = f"retry {event.attempt}: {event.method} {event.path} ({event.cause})"
        elif event.item is None:
            return
        elif isinstance(event, Submitted):
            self.tasks[event.item] = event.task_id
            self.state[event.item] = "submitted"
            line = f"{event.item}: submitted ({event.command}, task {event.task_id[:8]})"
        elif isinstance(event, StatusChanged):
            self.state[event.item] = event.status
        elif isinstance(event, Ready):
            self.state[event.item] = self.done if event.changed else self.unchanged
            line = f"{event.item}: {self.state[event.item]}"
        elif isinstance(event, Failed):
            self.state[event.item] = "FAILED"
            line = f"{event.item}: FAILED: {event.error}"
        elif isinstance(event, Skipped):
            self.state[event.item] = "skipped"
            line = f"{event.item}: skipped ({event.dependency} failed)"
        if line is not None and not self.live:
            print(f"[{self.elapsed():6.2f}s] {line}", file=self.out, flush=True)

    def table(self, title: str) -> Any:
        from rich.table import Table

        table = Table(title=f"{title}  ({self.elapsed():.1f}s)", expand=False)
        table.add_column("item")
        table.add_column("state")
        table.add_column("task")
        for item, state in self.state.items():
            styles = {self.done: "green", "FAILED": "red", "skipped": "yellow"}
            style = styles.get(state, "")
            task = self.tasks.get(item, "")[:8]
            table.add_row(item, f"[{style}]{state}[/]" if style else state, task)
        return table


async def _with_progress(
    progress: _Progress, title: str, work: Coroutine[Any, Any, RunResult]
) -> RunResult:
    """Run `work` (a coroutine giving a RunResult), redrawing the table meanwhile."""
    if not progress.live:
        print(f"== {title}", file=progress.out, flush=True)
        result: RunResult = await work
        return result
    from rich.console import Console
    from rich.live import Live

    console = Console(file=progress.out)
    task = asyncio.ensure_future(work)
    with Live(progress.table(title), console=console, refresh_per_second=8) as live:
        while not task.done():
            await asyncio.wait({task}, timeout=0.125)
            live.update(progress.table(title))
    return task.result()


def _summary(label: str, result: RunResult, client: AsyncClient, progress: _Progress) -> str:
    counts = ", ".join(f"{n} {status}" for status, n in sorted(result.counts().items()))
    stats = client.stats
    return (
        f"{label}: {len(result)} items ({counts}) in {result.elapsed:.1f}s wall; "
        f"{stats.requests} requests so far ({result.writes} writes this step), "
        f"{stats.rate_limited} 429s, {stats.retries} retries"
    )


async def run_demo(
    *, speed: float = 900.0, out: IO[str] | None = None, live: bool | None = None
) -> int:
    """Apply the demo fleet to a fresh simulator, print a summary, tear it down.

    Returns the process exit code: 0 when every item was created and then removed.
    """
    out = out or sys.stdout
    if live is None:
        live = out.isatty() and _rich_available()
    fake = FakeRedisCloud(speed=speed, seed=7)
    plan = demo_plan()
    # Poll about as often, relative to the service's pace, as a real run would.
    poll = PollPolicy(initial=max(0.02, 20 / speed), maximum=max(0.2, 120 / speed), grace=5.0)
    print(
        f"redis-cloud-async demo: a simulated Redis Cloud account, {speed:g}x faster than the "
        "service (a 15-minute subscription takes "
        f"{900 / speed:.2f}s).",
        file=out,
        flush=True,
    )
    async with fake.client(poll=poll) as client:
        progress = _Progress(out, live=live)
        applied = await _with_progress(
            progress, "provisioning", apply(client, plan, on_event=progress.on_event)
        )
        print(_summary("provisioned", applied, client, progress), file=out, flush=True)
        subs = await client.subscriptions.list()
        for sub in subs:
            kind = "Active-Active" if sub.is_active_active else "Pro"
            names = ", ".join(sorted(db.name or "?" for db in await client.databases.list(sub.id)))
            print(f"  {kind} subscription {sub.name} ({sub.status}): {names}", file=out)
        for fixed in await client.essentials.subscriptions.list():
            fixed_dbs = await client.essentials.databases.list(fixed.id)
            names = ", ".join(sorted(db.name or "?" for db in fixed_dbs))
            print(f"  Essentials subscription {fixed.name} ({fixed.status}): {names}", file=out)
        users = [u.name for u in await client.acl.users.list()]
        roles = [r.name for r in await client.acl.roles.list()]
        rules = [r.name for r in await client.acl.redis_rules.list()]
        print(f"  ACL: rules {rules}, roles {roles}, users {users}", file=out, flush=True)

        progress = _Progress(out, live=live, done="deleted", unchanged="absent")
        removed = await _with_progress(
            progress, "tearing down", destroy(client, plan, on_event=progress.on_event)
        )
        print(_summary("torn down", removed, client, progress), file=out, flush=True)
        left = len(await client.subscriptions.list()) + len(
            await client.essentials.subscriptions.list()
        )
        print(
            f"account after teardown: {left} subscriptions; the simulator answered "
            f"{fake.stats.count()} requests, sent {fake.stats.too_many_requests} 429s",
            file=out,
            flush=True,
        )
    ok = applied.ok and removed.ok and left == 0
    if not ok:
        for outcome in [*applied.failures, *removed.failures]:
            print(f"FAILED {outcome.describe()}", file=out)
    return 0 if ok else 1


def _rich_available() -> bool:
    try:
        import rich  # noqa: F401
    except ImportError:
        return False
    return True


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry: ``python -m redis_cloud_async.demo``."""
    parser = argparse.ArgumentParser(
        prog="python -m redis_cloud_async.demo", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument(
        "--speed", type=float, default=900.0, help="simulator speed-up (default 900)"
    )
    parser.add_argument("--plain", action="store_true", help="plain lines even on a terminal")
    args = parser.parse_args(argv)
    live = False if args.plain else None
    return asyncio.run(run_demo(speed=args.speed, live=live))


if __name__ == "__main__":
    raise SystemExit(main())
