"""Scenario: a day-2 change of the benchmark fleet, the library against Terraform's model.

The fleet scenario's plan is built first (not measured, at a faster clock), then
changed as platform teams change fleets: every database resized (1 -> 2 GB) with its
persistence turned on (AOF every second), and a fourth region added to every
Active-Active subscription. The library applies the changed plan (`apply` reads the
account, compares, and updates in place); Terraform's model refreshes every resource,
then updates at parallelism 10 with its 30 s polls (`baselines.terraform.change`).
Each contender gets a fresh simulator with the same fleet. The yardstick is the
change's lower bound (`lower_bound(plan, changes=diff(...))`): the fastest any client
could make it under the service's rules.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Callable, Coroutine, Mapping
from typing import Any

import attrs

from benchmarks.baselines import terraform
from benchmarks.baselines._api import RawApi, TimeScale, body_of
from benchmarks.fleet import FleetSettings, measured
from benchmarks.measure import Stopwatch
from benchmarks.report import ScenarioResult, Table, number
from benchmarks.simulator import Endpoint, ServerView, SimulatorSettings, in_process, raw_client
from redis_cloud_async.bulk import LowerBound, Plan, PlanDiff, apply, diff, lower_bound
from redis_cloud_async.models import DatabaseUpdateSpec
from redis_cloud_async.models.database_operations import ActiveActiveDatabaseUpdateSpec
from redis_cloud_async.models.subscription_settings import ActiveActiveRegionSpec
from redis_cloud_async.models.subscriptions import RegionNetworkingSpec, RegionSpec
from redis_cloud_async.testing import Durations, FakeRedisCloud

__all__ = ["Day2Settings", "changed", "run"]

#: The change: every database to this size, with this persistence ...
RESIZED_GB = 2.0
PERSISTENCE = "aof-every-1-second"
#: ... and this region added to every Active-Active subscription.
NEW_REGION = RegionSpec(
    region="us-west-2", networking=RegionNetworkingSpec(deployment_cidr="10.3.0.0/24")
)


@attrs.frozen(kw_only=True)
class Day2Settings:
    #: The fleet scenario's plan (its sizes; its own speed and transports do not apply).
    fleet: FleetSettings = attrs.field(factory=FleetSettings)
    #: A database update takes 120 s of the service, 0.4 s here: the client's own CPU
    #: per request (about a millisecond in-process) stays well below a service second.
    speed: float = 300.0
    #: How much faster than `speed` the fleet is built before the change (not measured).
    setup_speedup: float = 20.0


def changed(plan: Plan) -> Plan:
    """`plan` with every database resized and persistent, and a region added to every
    Active-Active subscription."""
    subscriptions = []
    for sub in plan.subscriptions:
        spec = sub.spec
        cloud = spec.cloud_providers[0]
        if sub.active_active:
            cloud = attrs.evolve(cloud, regions=[*cloud.regions, NEW_REGION])
        initial = [
            attrs.evolve(db, dataset_size_in_gb=RESIZED_GB, data_persistence=PERSISTENCE)
            for db in spec.databases
        ]
        planned = [
            attrs.evolve(db, dataset_size_in_gb=RESIZED_GB, data_persistence=PERSISTENCE)
            for db in sub.databases
        ]
        spec = attrs.evolve(spec, databases=initial, cloud_providers=[cloud])
        subscriptions.append(attrs.evolve(sub, spec=spec, databases=planned))
    return attrs.evolve(plan, subscriptions=subscriptions)


def _terraform_plan(plan: Plan) -> terraform.Change:
    """What `terraform plan` finds to change, as the provider's requests."""
    databases: dict[tuple[str, str], Any] = {}
    for sub in plan.subscriptions:
        spec: Any
        if sub.active_active:
            spec = ActiveActiveDatabaseUpdateSpec(
                dataset_size_in_gb=RESIZED_GB, global_data_persistence=PERSISTENCE
            )
        else:
            spec = DatabaseUpdateSpec(dataset_size_in_gb=RESIZED_GB, data_persistence=PERSISTENCE)
        for name in sub.database_names():
            databases[(sub.name, name)] = body_of(spec)
    networking = NEW_REGION.networking
    region = ActiveActiveRegionSpec(
        region=NEW_REGION.region, deployment_cidr=networking.deployment_cidr if networking else ""
    )
    regions = {sub.name: [body_of(region)] for sub in plan.subscriptions if sub.active_active}
    return terraform.Change(databases=databases, regions=regions)


def _state(fake: FakeRedisCloud, plan: Plan) -> terraform.State:
    """Terraform's state of the fleet: the ids it would have recorded."""
    account = fake.sim.account.subscriptions.values()
    return terraform.State(
        subscriptions={sub.name: sub.id for sub in account},
        databases={(sub.name, db.name): db.id for sub in account for db in sub.databases.values()},
        active_active=frozenset(sub.name for sub in plan.subscriptions if sub.active_active),
    )


#: A contender gets the endpoint, the simulator's settings, the fleet's state and the
#: changed plan, and returns what it wants recorded.
Contender = Callable[
    [Endpoint, SimulatorSettings, terraform.State, Plan], Coroutine[Any, Any, dict[str, Any]]
]


async def _library(
    endpoint: Endpoint, sim: SimulatorSettings, state: terraform.State, plan: Plan
) -> dict[str, Any]:
    async with endpoint.client(**sim.client_options()) as client:
        result = await apply(client, plan)
    return {"outcomes": dict(result.counts()), "writes": result.writes}


async def _terraform(
    endpoint: Endpoint, sim: SimulatorSettings, state: terraform.State, plan: Plan
) -> dict[str, Any]:
    async with raw_client(endpoint, timeout=60.0) as http:
        outcome = await terraform.change(
            RawApi(http, TimeScale(sim.speed)), state, _terraform_plan(plan)
        )
    return attrs.asdict(outcome)


CONTENDERS: dict[str, Contender] = {
    "library (redis-cloud-async)": _library,
    "Terraform + Go SDK (model)": _terraform,
}


@attrs.frozen(kw_only=True)
class _Run:
    contender: str
    wall: float
    cpu: float
    view: ServerView
    #: Changes `diff` still finds once the contender is done (0: the change is made).
    left: int
    diff: PlanDiff
    extra: Mapping[str, Any]


async def _build(fake: FakeRedisCloud, sim: SimulatorSettings, plan: Plan, speedup: float) -> None:
    """Make the fleet with the library on a clock `speedup` times faster, then put the
    simulator back on the measured clock once everything is active."""
    fast = sim.speed * speedup
    fake.sim.speed = fast
    options = attrs.evolve(sim, speed=fast).client_options()
    options["rate_budget"] = sim.client_options()["rate_budget"]  # the window stays
    async with in_process(fake).client(**options) as client:
        result = await apply(client, plan)
    result.raise_for_failures()
    fake.sim.speed = sim.speed


def _measure(name: str, settings: Day2Settings, plan: Plan, after: Plan) -> _Run:
    sim = SimulatorSettings(speed=settings.speed)
    watch = Stopwatch()

    async def in_loop() -> _Run:
        fake = sim.fake()
        endpoint = in_process(fake)
        await _build(fake, sim, plan, settings.setup_speedup)
        async with endpoint.client(**sim.client_options()) as client:
            before = await diff(client, after)
        seen = Counter(fake.stats.requests)
        with watch:
            extra = await CONTENDERS[name](endpoint, sim, _state(fake, plan), after)
        requests = Counter(fake.stats.requests)
        requests.subtract(seen)
        view = ServerView(requests=+requests, duplicates=len(fake.stats.duplicates()))
        async with endpoint.client(**sim.client_options()) as client:
            left = await diff(client, after)
        return _Run(
            contender=name,
            wall=watch.wall,
            cpu=watch.cpu,
            view=view,
            left=sum(1 for change in left if change.action != "keep"),
            diff=before,
            extra=extra,
        )

    return asyncio.run(in_loop())


def run(settings: Day2Settings) -> ScenarioResult:
    plan = settings.fleet.plan()
    after = changed(plan)
    runs = [_measure(name, settings, plan, after) for name in CONTENDERS]
    sim = SimulatorSettings(speed=settings.speed)
    bound = lower_bound(
        after,
        changes=runs[0].diff,
        speed=sim.speed,
        requests_per_minute=sim.requests_per_minute,
        rate_window=sim.rate_window,
    )
    return ScenarioResult("day2", [_table(settings, runs, bound)], _data(runs, bound))


def _table(settings: Day2Settings, runs: list[_Run], bound: LowerBound) -> Table:
    rows = [
        [
            r.contender,
            number(r.wall),
            number(bound.ratio(r.wall)),
            str(r.view.total),
            str(r.view.status_requests),
            str(r.view.too_many),
            str(r.left),
            number(r.cpu),
        ]
        for r in runs
    ]
    counts = runs[0].diff.counts()
    library, model = runs[0], runs[-1]
    durations = Durations()
    fleet = settings.fleet
    notes = [
        f"The fleet scenario's plan ({fleet.subscriptions} subscriptions, "
        f"{fleet.active_active} Active-Active, {fleet.databases} databases each), "
        f"built first, then changed: every database resized to {RESIZED_GB:g} GB with "
        f"persistence {PERSISTENCE}, and region {NEW_REGION.region} added to every "
        f"Active-Active subscription. `diff` before: {counts['update']} to update, "
        f"{counts['create']} to create (the regions), {counts['keep']} unchanged.",
        f"Time scale {settings.speed:g}x: a database update ({durations.database_update:g} "
        f"service s) takes {durations.database_update / settings.speed:.2f} s, so that the "
        "client's own CPU per request stays far below a service second; rate limit 400 "
        f"requests per {60 / settings.speed:.2f} s window (a minute, scaled).",
        f"Lower bound {bound.seconds:.2f} s ({bound.limited_by}): every update and region "
        "add keeps its subscription busy (a database update "
        f"{durations.task_pickup + durations.task_processing + durations.database_update:g} "
        f"s with its task, a region "
        f"{durations.task_pickup + durations.task_processing + durations.active_active_region:g}"
        " s) and at most 3 subscriptions may be busy at once; the busiest subscription's "
        f"changes one after the other take {bound.chain:.2f} s.",
        "Terraform's model: a refresh that reads every resource, then the provider's update "
        "functions at parallelism 10, each under its subscription's lock, waiting 10 s then "
        "polling every 30 s (see `benchmarks/baselines/terraform.py`).",
        "Requests, status requests (GETs) and 429s are counted by the simulator during the "
        "change only; left = changes `diff` still finds afterwards; CPU = this process "
        "(with the simulator).",
        f"Terraform's model against the library: {model.wall / library.wall:.2f}x the wall "
        f"time, {model.view.total / max(library.view.total, 1):.1f}x the requests.",
    ]
    columns = ["contender", "wall s", "x LB", "requests", "status req", "429s", "left", "CPU s"]
    return Table("Day-2 change of the fleet", columns, rows, notes)


def _data(runs: list[_Run], bound: LowerBound) -> dict[str, Any]:
    return {
        "lower_bound": attrs.asdict(bound) | {"seconds": bound.seconds},
        "runs": [
            {
                "contender": r.contender,
                **measured(r.wall, r.cpu, r.view, bound),
                "left": r.left,
                **r.extra,
            }
            for r in runs
        ],
    }
