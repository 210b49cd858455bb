"""Scenario 1: provisioning the bulk layer's fleet, the library against three baselines.

The fleet is `sample_plan()` (24 subscriptions, 4 of them Active-Active across three
regions, 8 databases each). Every contender provisions it into an empty simulated
account with the same settings, time-scaled (`speed`), and is measured by what the
simulated service saw. The yardstick is the plan's `lower_bound`: the fastest any
client could go under the service's rules.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Coroutine, Mapping
from typing import Any

import attrs

from benchmarks.baselines import gather, guide, terraform
from benchmarks.baselines._api import RawApi, TimeScale
from benchmarks.report import ScenarioResult, Table, number
from benchmarks.simulator import Endpoint, ServerView, SimulatorSettings, raw_client, run_against
from redis_cloud_async.bulk import LowerBound, Plan, apply, lower_bound, sample_plan
from redis_cloud_async.testing import Durations

__all__ = ["FleetSettings", "measured", "run"]

#: What the guide says a duration is; every other one is the simulator's assumption.
_FROM_GUIDE = {
    "subscription_create": "guide: 10-20 min",
    "active_active_region": "guide: 10-20 min",
}


@attrs.frozen(kw_only=True)
class FleetSettings:
    subscriptions: int = 24
    active_active: int = 4
    databases: int = 8
    speed: float = 1000.0
    transports: tuple[str, ...] = ("in-process", "loopback")
    #: Also run the library with `fold_databases=False` (in-process), for a like-for-like
    #: comparison with baselines that create each database on its own.
    unfolded: bool = True

    def plan(self) -> Plan:
        return sample_plan(
            subscriptions=self.subscriptions,
            active_active=self.active_active,
            databases=self.databases,
        )


Contender = Callable[[Endpoint, SimulatorSettings, Plan], Coroutine[Any, Any, dict[str, Any]]]


def _library(fold: bool) -> Contender:
    async def run(endpoint: Endpoint, sim: SimulatorSettings, plan: Plan) -> dict[str, Any]:
        async with endpoint.client(**sim.client_options()) as client:
            result = await apply(client, plan, fold_databases=fold)
        return {"outcomes": dict(result.counts())}

    return run


def _baseline(provision: Callable[[RawApi, Plan], Awaitable[Any]]) -> Contender:
    async def run(endpoint: Endpoint, sim: SimulatorSettings, plan: Plan) -> dict[str, Any]:
        async with raw_client(endpoint, timeout=60.0) as http:
            outcome = await provision(RawApi(http, TimeScale(sim.speed)), plan)
        return attrs.asdict(outcome) if attrs.has(type(outcome)) else {}

    return run


#: name -> (contender, runs over loopback too)
CONTENDERS: dict[str, tuple[Contender, bool]] = {
    "library (redis-cloud-async)": (_library(fold=True), True),
    "library, fold_databases=False": (_library(fold=False), False),
    "(a) guide recipe, sequential": (_baseline(guide.provision), True),
    "(b) Terraform + Go SDK": (_baseline(terraform.provision), True),
    "(c) asyncio.gather + httpx": (_baseline(gather.provision), True),
}


@attrs.frozen(kw_only=True)
class _Run:
    contender: str
    transport: str
    wall: float
    cpu: float
    view: ServerView
    extra: Mapping[str, Any]


def _measure(
    name: str, contender: Contender, transport: str, sim: SimulatorSettings, plan: Plan
) -> _Run:
    async def provision(endpoint: Endpoint) -> dict[str, Any]:
        return await contender(endpoint, sim, plan)

    extra, view, watch = run_against(sim, transport, provision)
    return _Run(
        contender=name, transport=transport, wall=watch.wall, cpu=watch.cpu, view=view, extra=extra
    )


def _planned(plan: Plan) -> dict[str, list[str]]:
    return {sub.name: sub.database_names() for sub in plan.subscriptions}


def _missing(plan: Plan, view: ServerView) -> tuple[int, int]:
    """Planned items absent at the end, and items present but not `active`."""
    absent = not_ready = 0
    for name, databases in _planned(plan).items():
        sub = view.subscriptions.get(name)
        if sub is None:
            absent += 1 + len(databases)
            continue
        not_ready += sub["status"] != "active"
        for db in databases:
            status = sub["databases"].get(db)
            absent += status is None
            not_ready += status is not None and status != "active"
    return absent, not_ready


def run(settings: FleetSettings) -> ScenarioResult:
    plan = settings.plan()
    sim = SimulatorSettings(speed=settings.speed)
    bound = lower_bound(
        plan,
        speed=sim.speed,
        requests_per_minute=sim.requests_per_minute,
        rate_window=sim.rate_window,
    )
    items = sum(1 + len(dbs) for dbs in _planned(plan).values())
    runs: list[_Run] = []
    for transport in settings.transports:
        for name, (contender, over_loopback) in CONTENDERS.items():
            if "fold_databases" in name and not (settings.unfolded and transport == "in-process"):
                continue
            if transport == "loopback" and not over_loopback:
                continue
            runs.append(_measure(name, contender, transport, sim, plan))
    tables = _tables(settings, plan, bound, items, runs)
    return ScenarioResult("fleet", tables, _data(plan, runs, bound))


def _completeness(absent: int, not_ready: int, extra: Mapping[str, Any]) -> str:
    done = "yes" if absent == 0 and not_ready == 0 else f"no ({not_ready} not active)"
    if "applies" in extra:  # Terraform: the operator ran `terraform apply` until it passed
        done += f", {extra['applies']} applies ({extra['failures']} failed creates)"
    if "runs" in extra:  # the gather script, run again until nothing failed
        done += f", {extra['runs']} runs ({extra['failures']} failed creates)"
    return done


def _first_passes(runs: list[_Run], bound: LowerBound) -> str:
    """Where the gather script stood after its first pass, per transport."""
    return "; ".join(
        f"{r.transport}: {r.extra['first_run_s']:.2f} s "
        f"({bound.ratio(r.extra['first_run_s']):.2f}x LB), "
        f"{r.extra['first_run_failures']} failed creates"
        for r in runs
        if "first_run_s" in r.extra
    )


def _tables(
    settings: FleetSettings, plan: Plan, bound: LowerBound, items: int, runs: list[_Run]
) -> list[Table]:
    rows = []
    for r in runs:
        absent, not_ready = _missing(plan, r.view)
        rows.append(
            [
                r.contender,
                r.transport,
                number(r.wall),
                number(bound.ratio(r.wall)),
                str(r.view.total),
                str(r.view.status_requests),
                str(r.view.too_many),
                str(absent),
                _completeness(absent, not_ready, r.extra),
                number(r.cpu),
            ]
        )
    subs = settings.subscriptions
    fleet = (
        f"{subs} subscriptions ({settings.active_active} Active-Active over 3 regions), "
        f"{settings.databases} databases each: {items} items"
    )
    unfolded = lower_bound(
        plan,
        speed=settings.speed,
        rate_window=60.0 / settings.speed,
        fold_databases=False,
    )
    durations = Durations()
    assumed = ", ".join(
        f"{field.name} {getattr(durations, field.name):g} s"
        + (f" ({_FROM_GUIDE[field.name]})" if field.name in _FROM_GUIDE else "")
        for field in attrs.fields(Durations)
    )
    notes = [
        f"Fleet: {fleet}. Time scale {settings.speed:g}x (15 min take "
        f"{900 / settings.speed:.2f} s); rate limit 400 requests per "
        f"{60 / settings.speed:.3f} s window (a minute, scaled).",
        f"Lower bound {bound.seconds:.2f} s ({bound.limited_by}): at most 3 subscriptions "
        "pending at once, each 15 min; x LB = wall / lower bound (creating every database "
        f"on its own after its subscription, the bound would be {unfolded.seconds:.2f} s).",
        f"Durations (service seconds, every contender): {assumed}.",
        "Requests, status requests (GETs) and 429s are counted by the simulator; failed = "
        "planned items absent at the end; complete = every item present and active; CPU = "
        "the contender's process (in-process: with the simulator).",
        "Baselines create each database on its own (as their sources do); the library puts "
        "a new subscription's databases in its create request (`fold_databases`, the "
        "default); the `fold_databases=False` row does what the baselines do.",
        "(b) is run again (`terraform apply`) until an apply has nothing left to fail, "
        "as an operator would. (c) is run again the same way (each pass lists what "
        "exists and creates what is missing): one pass leaves most of the fleet missing, "
        "since the databases it creates while their subscription is pending or busy "
        f"fail. Its first pass ended at {_first_passes(runs, bound)}. Its clock stops "
        "when a pass has nothing left to fail, before the last databases it created are "
        "active (`complete` says how many are not): this favours it.",
    ]
    columns = [
        "contender",
        "transport",
        "wall s",
        "x LB",
        "requests",
        "status req",
        "429s",
        "failed",
        "complete",
        "CPU s",
    ]
    return [Table("Fleet provisioning", columns, rows, notes), _against(runs)]


def _against(runs: list[_Run]) -> Table:
    """The library's run beside each baseline's, on the same transport."""
    rows = []
    for library in runs:
        if not library.contender.startswith("library ("):
            continue
        for other in runs:
            if other.transport != library.transport or not other.contender.startswith("("):
                continue
            rows.append(
                [
                    other.contender,
                    library.transport,
                    f"{other.wall / library.wall:.2f}x",
                    f"{other.view.total / max(library.view.total, 1):.1f}x",
                    f"{other.view.status_requests / max(library.view.status_requests, 1):.1f}x",
                    f"{other.view.too_many} vs {library.view.too_many}",
                ]
            )
    columns = ["baseline", "transport", "its wall / library's", "requests", "status req", "429s"]
    notes = [
        "Each ratio is the baseline's figure over the library's (default settings) in the "
        "same run: above 1x, the library is faster or sends fewer requests.",
    ]
    return Table("Library against each baseline", columns, rows, notes)


def measured(wall: float, cpu: float, view: ServerView, bound: LowerBound) -> dict[str, Any]:
    """One run's figures for the results file: its times, its ratio to the bound, and
    what the simulator counted (requests by route among them)."""
    return {
        "wall_s": wall,
        "ratio": bound.ratio(wall),
        "cpu_s": cpu,
        "requests": view.total,
        "status_requests": view.status_requests,
        "too_many_requests": view.too_many,
        "duplicates": view.duplicates,
        "by_route": [[m, p, s, n] for (m, p, s), n in sorted(view.requests.items())],
    }


def _data(plan: Plan, runs: list[_Run], bound: LowerBound) -> dict[str, Any]:
    return {
        "lower_bound": attrs.asdict(bound) | {"seconds": bound.seconds},
        "runs": [
            {
                "contender": r.contender,
                "transport": r.transport,
                **measured(r.wall, r.cpu, r.view, bound),
                **dict(zip(("failed", "not_active"), _missing(plan, r.view), strict=True)),
                **r.extra,
            }
            for r in runs
        ],
    }
