"""What the bulk tests share: a fast simulator and client, and "is the account the plan?"."""

from __future__ import annotations

from collections import Counter
from typing import Any

import attrs

from redis_cloud_async import AsyncClient, PollPolicy, RateBudget
from redis_cloud_async.bulk import Plan, sample_plan
from redis_cloud_async.testing import FakeRedisCloud, Faults, ObservedExchange

#: A rate window scaled down with the simulator's time (400 requests per 5 s).
RATE_WINDOW = 5.0
RPM = 400
#: Polling fast enough that a 1-second provisioning is seen within 2%.
POLL = PollPolicy(initial=0.02, factor=1.0, maximum=0.02, grace=5.0)


def every_kind_plan(prefix: str, *, subscriptions: int = 3) -> Plan:
    """Every kind of item the simulator serves: Pro, Active-Active (with regions),
    databases carried by the create and made after it, Essentials, ACL."""
    return sample_plan(
        subscriptions=subscriptions,
        active_active=1,
        databases=3,
        later_databases=2,
        essentials=2,
        essentials_databases=2,
        acl=True,
        prefix=prefix,
    )


def make_fake(
    speed: float, *, seed: int = 0, faults: Faults | None = None, **options: Any
) -> FakeRedisCloud:
    """A simulator with the bulk tests' scaled rate window (`options`: any other of
    `FakeRedisCloud`'s keywords)."""
    return FakeRedisCloud(
        speed=speed,
        requests_per_minute=RPM,
        rate_window=RATE_WINDOW,
        seed=seed,
        faults=faults,
        **options,
    )


#: Fresh tasks are missing from `GET /tasks` (and answer 404) for half a loop second.
HIDDEN_TASKS = Faults(task_404_window=0.5)


def lose_first_answer(fake: FakeRedisCloud, method: str, route: str) -> None:
    """The server acts on the first `method route` but its answer is lost; after that,
    only `HIDDEN_TASKS`."""
    fake.set_faults(attrs.evolve(HIDDEN_TASKS, lost_response_rate={(method, route): 1.0}))

    def restore(exchange: ObservedExchange) -> None:
        if exchange.outcome == "lost":
            fake.set_faults(HIDDEN_TASKS)

    fake.observers.append(restore)


def make_client(fake: FakeRedisCloud, **kwargs: Any) -> AsyncClient:
    """A strict client whose budget matches the simulator's scaled rate window."""
    budget = RateBudget(RPM, period=RATE_WINDOW, margin=0.05)
    return fake.client(**{"strict": True, "poll": POLL, "rate_budget": budget, **kwargs})


def writes_seen(fake: FakeRedisCloud) -> int:
    """Writes the simulator answered (every POST, PUT and DELETE)."""
    return sum(fake.stats.count(method=m) for m in ("POST", "PUT", "DELETE"))


def mismatches(fake: FakeRedisCloud, plan: Plan) -> list[str]:
    """Everything that differs between the simulated account and the plan: missing
    items, items the plan does not name, and anything created twice."""
    problems: list[str] = []
    account = fake.sim.account
    dups = fake.stats.duplicates()
    if dups:
        problems.append(f"created twice: {dups}")
    pro = Counter(sub.name for sub in account.subscriptions.values())
    planned_pro = {sub.name: sorted(sub.database_names()) for sub in plan.subscriptions}
    problems += _compare("pro subscription", pro, set(planned_pro))
    for sub in account.subscriptions.values():
        have = Counter(db.name for db in sub.databases.values())
        problems += _compare(f"database of {sub.name}", have, set(planned_pro.get(sub.name, [])))
    fixed = Counter(sub.name for sub in account.fixed_subscriptions.values())
    planned_fixed = {s.name: {db.name for db in s.databases} for s in plan.essentials}
    problems += _compare("essentials subscription", fixed, set(planned_fixed))
    for sub in account.fixed_subscriptions.values():
        have = Counter(db.name for db in sub.databases.values())
        problems += _compare(f"database of {sub.name}", have, planned_fixed.get(sub.name, set()))
    for collection, planned in (
        ("acl_rules", {r.name for r in plan.acl.rules}),
        ("acl_roles", {r.name for r in plan.acl.roles}),
        ("acl_users", {u.name for u in plan.acl.users}),
    ):
        items = account.collection(collection).values()
        have = Counter(i.name for i in items if not i.data.get("isDefault"))
        problems += _compare(collection, have, planned)
    return problems


def _compare(what: str, have: Counter[str], planned: set[str]) -> list[str]:
    problems = [f"{what} {name!r} is missing" for name in sorted(planned - set(have))]
    problems += [f"{what} {name!r} is not planned" for name in sorted(set(have) - planned)]
    problems += [f"{what} {name!r} exists {n} times" for name, n in have.items() if n > 1]
    return problems
