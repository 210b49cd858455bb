"""Time for the simulator: the running event loop's clock, so fake loop time works.

The service's timestamps are derived from loop time too (wall-clock start + elapsed loop
seconds), so that a test under ``looptime`` sees dates that move with its fake clock.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta


def loop_time() -> float:
    """Seconds on the running loop's clock (``looptime`` fakes it in tests)."""
    return asyncio.get_running_loop().time()


class WallClock:
    """Turns loop seconds into the ISO-8601 UTC timestamps the service prints."""

    def __init__(self) -> None:
        self._epoch = datetime.now(UTC).replace(microsecond=0)
        self._origin: float | None = None

    def at(self, loop_seconds: float) -> datetime:
        if self._origin is None:
            self._origin = loop_seconds
        return self._epoch + timedelta(seconds=loop_seconds - self._origin)

    def iso(self, loop_seconds: float) -> str:
        return self.at(loop_seconds).strftime("%Y-%m-%dT%H:%M:%SZ")
