"""Time and sleeping, from the running event loop only.

Every wait in the library reads `now()` and sleeps through `sleep()`, so that tests can
fast-forward hours of polling on a fake loop clock (looptime) without real sleeps.
"""

from __future__ import annotations

import asyncio


def now() -> float:
    """Seconds on the running loop's monotonic clock."""
    return asyncio.get_running_loop().time()


async def sleep(seconds: float) -> None:
    """Sleep on the loop clock; a non-positive delay still yields to the loop once."""
    await asyncio.sleep(max(0.0, seconds))
