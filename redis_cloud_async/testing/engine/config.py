"""The simulator's two knobs: how long the service's work takes, and what goes wrong.

Durations are in real-service seconds and are divided by the simulator's `speed`, so a
benchmark can keep realistic ratios (a subscription takes 300 times longer than a task
step) while running in milliseconds. Faults model the network and the front end, not the
back end, so their times are loop seconds, never scaled.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

import attrs

T = TypeVar("T")

#: A fault table key: (HTTP method, route template), either may be ``"*"``.
RouteKey = tuple[str, str]
#: A rate that applies everywhere (a float) or per route (a table, most specific key wins).
RouteRates = float | Mapping[RouteKey, float]


def _non_negative(_: Any, attribute: attrs.Attribute[Any], value: float) -> None:
    if value < 0:
        raise ValueError(f"{attribute.name} must be >= 0, got {value!r}")


def _probability(_: Any, attribute: attrs.Attribute[Any], value: float) -> None:
    if not 0.0 <= value <= 1.0:
        raise ValueError(f"{attribute.name} must be within [0, 1], got {value!r}")


def _route_rates(_: Any, attribute: attrs.Attribute[Any], value: RouteRates) -> None:
    rates = [value] if isinstance(value, int | float) else list(value.values())
    for rate in rates:
        _probability(None, attribute, rate)


def _error_table(_: Any, attribute: attrs.Attribute[Any], value: Mapping[RouteKey, Any]) -> None:
    for key, by_status in value.items():
        if sum(by_status.values()) > 1.0:
            raise ValueError(f"{attribute.name}[{key!r}]: rates add up to more than 1")
        for status, rate in by_status.items():
            if not 400 <= status <= 599:
                raise ValueError(f"{attribute.name}[{key!r}]: {status} is not an error status")
            _probability(None, attribute, rate)


def _seconds(default: float) -> Any:
    return attrs.field(default=default, validator=_non_negative)


@attrs.frozen(kw_only=True)
class Durations:
    """Real-service seconds for each kind of work (divided by `speed` at run time).

    Defaults follow the guide and field reports: a task step takes seconds, a subscription
    15 minutes (the guide says 10-20), an Active-Active region as long, a database 5.
    """

    #: ``received`` -> ``processing-in-progress`` for a task at the head of the queue.
    task_pickup: float = _seconds(1.0)
    #: ``processing-in-progress`` -> terminal; the account runs one task at a time.
    task_processing: float = _seconds(2.0)
    #: Pro subscription ``pending`` -> ``active`` (its initial databases come up with it).
    subscription_create: float = _seconds(900.0)
    #: Subscription ``pending`` after an update: its settings, its CIDR allowlist, an
    #: Essentials plan change.
    subscription_update: float = _seconds(60.0)
    #: Subscription ``deleting`` -> gone (404), Pro and Essentials.
    subscription_delete: float = _seconds(120.0)
    #: Active-Active region add or removal, the subscription ``pending`` meanwhile.
    active_active_region: float = _seconds(900.0)
    #: Pro database ``pending`` -> ``active`` (its subscription ``pending`` meanwhile).
    database_create: float = _seconds(300.0)
    #: Database ``active-change-pending`` -> ``active`` after an update, upgrade or import.
    database_update: float = _seconds(120.0)
    #: Database ``deleting`` -> gone (404).
    database_delete: float = _seconds(60.0)
    #: Essentials subscription ``pending`` -> ``active``.
    essentials_subscription_create: float = _seconds(30.0)
    #: Essentials database ``pending`` -> ``active``.
    essentials_database_create: float = _seconds(60.0)
    #: A backup or an import, reported by their status operations meanwhile.
    data_transfer: float = _seconds(120.0)
    #: Peering, PrivateLink, Transit Gateway, PSC and cloud accounts ``pending`` -> ``active``.
    connectivity: float = _seconds(300.0)


@attrs.frozen(kw_only=True)
class Faults:
    """Seeded faults (driven by ``random.Random(seed)``); all off by default.

    Rates are probabilities per request. ``drop_rate`` and ``lost_response_rate`` take a
    float (every route) or a table keyed by ``(method, route template)`` where either
    may be ``"*"``; the most specific key wins. ``errors`` maps the same keys to
    ``{status: rate}``, e.g. ``{("GET", "*"): {500: 0.1, 503: 0.05}}``.
    """

    #: Injected error answers; the server does not act on the request.
    errors: Mapping[RouteKey, Mapping[int, float]] = attrs.field(
        factory=dict, validator=_error_table
    )
    #: Loop seconds added before every request is handled.
    latency: float = _seconds(0.0)
    #: Up to this many more loop seconds, uniformly drawn.
    latency_jitter: float = _seconds(0.0)
    #: Connection dropped before the server acts (the client sees a transport error).
    drop_rate: RouteRates = attrs.field(default=0.0, validator=_route_rates)
    #: The server acts, then the connection drops (the client cannot know the outcome).
    lost_response_rate: RouteRates = attrs.field(default=0.0, validator=_route_rates)
    #: ``GET /tasks/{id}`` answers 404 for this many loop seconds after the task was made.
    task_404_window: float = _seconds(0.0)
    #: Tasks that end ``processing-error`` (``GENERAL_ERROR``) instead of doing their work.
    task_failure_rate: float = attrs.field(default=0.0, validator=_probability)
    #: Tasks that stay ``processing-in-progress`` for ever (they do not block the queue).
    task_stuck_rate: float = attrs.field(default=0.0, validator=_probability)
    #: Chance per request that a throttling burst starts (every request then gets 429).
    burst_rate: float = attrs.field(default=0.0, validator=_probability)
    #: Loop seconds a throttling burst lasts.
    burst_length: float = _seconds(5.0)


def _most_specific(table: Mapping[RouteKey, T], method: str, route: str, default: T) -> T:
    """The entry of `table` for a request: exact key first, then wildcards."""
    for key in ((method, route), ("*", route), (method, "*"), ("*", "*")):
        if key in table:
            return table[key]
    return default


def rate_for(rates: RouteRates, method: str, route: str) -> float:
    """The rate that applies to a request (one for every route, or the most specific)."""
    if isinstance(rates, int | float):
        return float(rates)
    return _most_specific(rates, method, route, 0.0)


def errors_for(faults: Faults, method: str, route: str) -> Mapping[int, float]:
    """The injected-error table that applies to a request (most specific key wins)."""
    return _most_specific(faults.errors, method, route, {})
