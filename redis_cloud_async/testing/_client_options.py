"""The client's pace on a simulator's clock: one clock for the service and its client.

A simulator runs the service's durations `speed` times faster. A client that kept the
real service's pace against it (a first poll after 1 s backing off to 15 s, retries
after 0.5-30 s) would wait thousands of times longer than the work it waits for; scaled
by the same factor, code under test sees the same ratios as against the service. The
rate budget follows the simulator's own limit: `requests_per_minute` per `rate_window`
loop seconds, its margin shrunk with the window.
"""

from __future__ import annotations

import attrs

from .._budget import DEFAULT_MARGIN, RateBudget
from .._polling import PollPolicy
from .._redirect import ClockOptions
from .._retry import RetryPolicy

__all__ = ["client_options"]

#: The service's rate window (seconds), which the budget's margin is relative to.
_SERVICE_WINDOW = 60.0


def client_options(
    *,
    speed: float,
    rate_window: float = _SERVICE_WINDOW,
    requests_per_minute: float = 400,
    min_grace: float = 0.0,
) -> ClockOptions:
    """The library's default polling, retry back-off and rate budget, on the clock of a
    simulator running `speed` times faster whose limit is `requests_per_minute` per
    `rate_window` seconds. A fresh budget each call: `AsyncClient(**client_options(...))`.

    `min_grace` keeps the poll's 404 grace at least that long: a simulator's injected
    faults (a 404 window on fresh task ids) run in loop seconds, not scaled.

    Deadlines (the retry policy's total `timeout`, task timeouts) are left as they are:
    they bound real work too, which the speed-up does not shrink.
    """
    if not speed > 0:
        raise ValueError(f"speed must be greater than 0, got {speed!r}")
    poll, retry = PollPolicy(), RetryPolicy()
    return ClockOptions(
        poll=attrs.evolve(
            poll,
            initial=poll.initial / speed,
            maximum=poll.maximum / speed,
            grace=max(poll.grace / speed, min_grace),
        ),
        retry=attrs.evolve(
            retry,
            backoff_initial=retry.backoff_initial / speed,
            backoff_max=retry.backoff_max / speed,
        ),
        rate_budget=RateBudget(
            requests_per_minute,
            period=rate_window,
            margin=DEFAULT_MARGIN * rate_window / _SERVICE_WINDOW,
        ),
    )
