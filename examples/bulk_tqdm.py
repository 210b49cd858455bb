"""Provision a fleet with a tqdm progress bar, then tear it down, against the simulator.

    python examples/bulk_tqdm.py

The bar is driven by the `on_event` callback; the run is journaled to a temporary
SQLite file, so running `apply` again with the same journal would resume it. Without
tqdm installed (``pip install tqdm``), progress prints as plain lines.
"""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path
from typing import Any

from redis_cloud_async import PollPolicy
from redis_cloud_async.bulk import Event, Failed, Ready, Skipped, apply, destroy, sample_plan
from redis_cloud_async.testing import FakeRedisCloud

try:
    from tqdm import tqdm  # type: ignore[import-untyped,unused-ignore]
except ImportError:  # tqdm is optional
    tqdm = None

SPEED = 1800.0


class Bar:
    """Advance on every item that reached its end; tqdm if present, else print."""

    def __init__(self, total: int, title: str) -> None:
        self.done = 0
        self.total = total
        self.title = title
        self._bar: Any = tqdm(total=total, desc=title, unit="item") if tqdm else None

    def __call__(self, event: Event) -> None:
        if event.item is None or not isinstance(event, Ready | Failed | Skipped):
            return
        self.done += 1
        if self._bar is not None:
            self._bar.update(1)
            if not isinstance(event, Ready):
                self._bar.write(f"{type(event).__name__}: {event.item}")
        else:
            print(f"{self.title}: {self.done}/{self.total} {event.item}")

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()


async def main() -> None:
    fake = FakeRedisCloud(speed=SPEED)
    plan = sample_plan(subscriptions=6, active_active=2, databases=4, later_databases=1, acl=True)
    poll = PollPolicy(initial=0.05, factor=1.2, maximum=0.2)
    with tempfile.TemporaryDirectory() as folder:
        journal = Path(folder) / "fleet.journal"
        async with fake.client(poll=poll) as client:
            bar = Bar(plan.items_count(), "apply")
            result = await apply(client, plan, journal=journal, on_event=bar)
            bar.close()
            print(result.summary())
            bar = Bar(plan.items_count(), "destroy")
            gone = await destroy(client, plan, confirm=True, on_event=bar)
            bar.close()
            print(gone.summary())
    result.raise_for_failures()
    gone.raise_for_failures()


if __name__ == "__main__":
    asyncio.run(main())
