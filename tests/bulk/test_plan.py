"""Plans: validation, loading from files, folding, the lower bound, the small parts."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import attrs
import pytest

from redis_cloud_async import ValidationError
from redis_cloud_async._retry import RetryEvent
from redis_cloud_async.bulk import (
    Change,
    DatabaseRef,
    Journal,
    Plan,
    PlanDiff,
    RolePlan,
    RoleRulePlan,
    load_plan,
    lower_bound,
    plan_from_data,
    sample_plan,
)
from redis_cloud_async.bulk._costs import DEFAULT_COSTS, Costs
from redis_cloud_async.bulk._events import EventStream, RateLimited, RetryScheduled
from redis_cloud_async.bulk._folding import fold, unfold
from redis_cloud_async.bulk._items import Kind
from redis_cloud_async.bulk._kinds import KINDS, flatten
from redis_cloud_async.bulk._slots import PendingSlots
from redis_cloud_async.models import DatabaseCreateSpec, SubscriptionDatabaseSpec
from redis_cloud_async.models.acl import AclUserCreateSpec
from redis_cloud_async.models.subscriptions import RegionNetworkingSpec, RegionSpec
from redis_cloud_async.testing import Durations

TOML = """
[[subscriptions]]
[subscriptions.spec]
name = "prod"
deployment_type = "active-active"
[[subscriptions.spec.cloud_providers]]
provider = "AWS"
[[subscriptions.spec.cloud_providers.regions]]
region = "us-east-1"
networking = { deployment_cidr = "10.0.0.0/24" }
[[subscriptions.spec.cloud_providers.regions]]
region = "eu-west-1"
networking = { deployment_cidr = "10.1.0.0/24" }
[[subscriptions.spec.databases]]
name = "main"
dataset_size_in_gb = 1
[[subscriptions.databases]]
name = "cache"
memory_limit_in_gb = 2
[[subscriptions.peerings]]
source_region = "us-east-1"
destination_region = "us-east-1"
aws_account_id = "123456789012"
vpc_id = "vpc-0123456789"
vpc_cidr = "172.31.0.0/16"

[[essentials]]
spec = { name = "small", plan_id = 98005 }
databases = [{ name = "edb" }]

[[acl.rules]]
name = "readers"
redis_rule = "+@read ~*"
[[acl.roles]]
name = "reader"
rules = [{ rule = "readers", databases = [{ subscription = "prod", database = "cache" }] }]
[[acl.users]]
name = "app"
role = "reader"
password = "a-long-secret-1"
"""


def test_a_toml_plan_loads_into_specs(tmp_path: Path) -> None:
    path = tmp_path / "fleet.toml"
    path.write_text(TOML)
    plan = load_plan(path)
    sub = plan.subscriptions[0]
    assert sub.active_active
    assert sub.database_names() == ["main", "cache"]
    assert type(sub.peerings[0]).__name__ == "AwsActiveActiveVpcPeeringCreateSpec"
    assert plan.essentials[0].spec.plan_id == 98005
    assert plan.items_count() == 1 + 2 + 2 + 1 + 2 + 3  # with the two AA regions
    assert "a-long-secret-1" not in repr(plan)


def test_json_and_yaml_load_the_same_plan(tmp_path: Path) -> None:
    import tomllib

    data = tomllib.loads(TOML)
    (tmp_path / "fleet.json").write_text(json.dumps(data))
    assert load_plan(tmp_path / "fleet.json") == plan_from_data(data)
    yaml = pytest.importorskip("yaml")
    (tmp_path / "fleet.yaml").write_text(yaml.safe_dump(data))
    assert load_plan(tmp_path / "fleet.yaml") == plan_from_data(data)


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        (lambda d: d["subscriptions"][0]["databases"][0].update(name="no_underscores"),
         "subscriptions[0].databases[0]", "database name"),
        (lambda d: d["subscriptions"][0]["databases"][0].update(colour="blue"),
         "subscriptions[0].databases[0]", "colour"),
        (lambda d: d["subscriptions"][0]["databases"].append({"name": "cache"}),
         "plan.subscriptions[0].databases[1]", "planned twice"),
        # the create request's database again, to plan more of it: they must agree
        (lambda d: d["subscriptions"][0]["databases"][0].update(name="main"),
         "plan.subscriptions[0].databases[0]", "not both"),
        (lambda d: d["subscriptions"][0]["databases"][0].update(
            name="main", memory_limit_in_gb=None, dataset_size_in_gb=3),
         "plan.subscriptions[0].databases[0].dataset_size_in_gb", "differs"),
        (lambda d: d["acl"]["roles"][0]["rules"][0]["databases"][0].update(database="nope"),
         "plan.acl.roles[0].rules[0].databases[0]", "no planned database"),
        (lambda d: d["subscriptions"][0]["peerings"][0].update(vpc_cidr="not-a-cidr"),
         "subscriptions[0].peerings[0]", "CIDR"),
        (lambda d: d.update(extra=1), "plan", "unknown sections"),
    ],
)  # fmt: skip
def test_a_bad_plan_names_the_field(change: object, field: str, words: str) -> None:
    import tomllib

    data = tomllib.loads(TOML)
    change(data)  # type: ignore[operator]
    with pytest.raises(ValidationError) as raised:
        plan_from_data(data)
    assert raised.value.field == field
    assert words.lower() in str(raised.value).lower()


def test_an_unknown_file_kind_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="toml"):
        load_plan(tmp_path / "fleet.ini")


def test_plans_in_code_are_checked_too() -> None:
    plan = sample_plan(subscriptions=2, active_active=1, databases=2)
    with pytest.raises(ValidationError, match="planned twice"):
        Plan(subscriptions=[plan.subscriptions[0], plan.subscriptions[0]])
    ref = DatabaseRef(subscription="missing", database="main")
    with pytest.raises(ValidationError, match="no planned database"):
        attrs.evolve(
            plan,
            acl=attrs.evolve(
                plan.acl,
                roles=[RolePlan(name="r", rules=[RoleRulePlan(rule="x", databases=[ref])])],
            ),
        )


def test_folding_keeps_exactly_what_the_plan_says() -> None:
    db = DatabaseCreateSpec(name="a", dataset_size_in_gb=2, replication=False, resp_version="resp3")
    folded = fold(db)
    assert folded == SubscriptionDatabaseSpec(
        name="a", dataset_size_in_gb=2, replication=False, resp_version="resp3"
    )
    assert fold(DatabaseCreateSpec(name="a", memory_limit_in_gb=1)) is None
    assert fold(DatabaseCreateSpec(name="a", password="a-long-secret-1")) is None
    assert fold(DatabaseCreateSpec(name="a", dry_run=True)) is None
    entry = SubscriptionDatabaseSpec(name="a", dataset_size_in_gb=1, quantity=3)
    assert unfold(entry, "a-2") == DatabaseCreateSpec(
        name="a-2", dataset_size_in_gb=1, protocol="redis"
    )


def test_every_kind_of_item_has_exactly_one_object() -> None:
    assert sorted(kind.name for kind in KINDS) == sorted(Kind)


def test_items_carry_their_dependencies_and_chains() -> None:
    plan = sample_plan(subscriptions=2, active_active=1, databases=2, later_databases=2, acl=True)
    items = {str(i.key): i for i in flatten(plan, DEFAULT_COSTS)}
    sub = items["pro-subscription:fleet-001"]
    assert sub.chain == DEFAULT_COSTS.subscription + 2 * DEFAULT_COSTS.database
    first, second = items["pro-database:fleet-001/cache-0"], items["pro-database:fleet-001/cache-1"]
    assert first.chain == 2 * DEFAULT_COSTS.database
    assert second.chain == DEFAULT_COSTS.database
    assert items["pro-database:fleet-001/main"].initial
    assert items["pro-database:fleet-001/db-1"].foldable
    role = items["acl-role:fleet-reader"]
    assert {str(d) for d in role.deps} >= {
        "acl-rule:fleet-readers",
        "pro-database:fleet-aa-000/main",
    }
    assert [str(d) for d in items["acl-user:fleet-app"].deps] == ["acl-role:fleet-reader"]
    assert {i.key.kind for i in items.values()} >= {Kind.PRO_DATABASE, Kind.ACL_USER}


def test_the_lower_bound_of_the_issue_fleet() -> None:
    plan = sample_plan(subscriptions=24, active_active=4, databases=8)
    bound = lower_bound(plan, speed=900)
    assert bound.slots == pytest.approx(24 * 903 / 3 / 900)
    assert bound.chain == pytest.approx(903 / 900)
    assert bound.tasks == pytest.approx((1 + 24 * 2) / 900)
    assert bound.writes == 24
    assert bound.limited_by == "slots"
    assert bound.ratio(bound.seconds * 1.1) == pytest.approx(1.1)
    unfolded = lower_bound(plan, speed=900, fold_databases=False)
    assert unfolded.slots == pytest.approx(24 * (903 + 7 * 303) / 3 / 900)
    assert unfolded.chain == pytest.approx((903 + 7 * 303) / 900)
    slow = Durations(task_processing=20.0)
    assert lower_bound(plan, durations=slow, speed=900).tasks > bound.tasks
    assert Costs.from_durations(Durations()) == DEFAULT_COSTS
    tight = lower_bound(plan, requests_per_minute=10, rate_window=60)
    assert tight.rate == pytest.approx((25 - 10) / 10 * 60)


def test_the_lower_bound_of_a_change_counts_its_writes_in_the_subscriptions_they_keep_busy() -> (
    None
):
    """Every database resized, a region added to the Active-Active subscription, the
    other one's tags changed, and a new subscription: each write in a subscription that
    exists holds a slot as long as it keeps it busy, one after the other there; the new
    subscription counts as its creation."""
    plan = sample_plan(subscriptions=3, active_active=1, databases=2)
    aa, single, new = plan.subscriptions
    cloud = aa.spec.cloud_providers[0]
    west = RegionSpec(
        region="us-west-2", networking=RegionNetworkingSpec(deployment_cidr="10.3.0.0/24")
    )
    grown = attrs.evolve(cloud, regions=[*cloud.regions, west])
    aa = attrs.evolve(aa, spec=attrs.evolve(aa.spec, cloud_providers=[grown]))
    plan = attrs.evolve(plan, subscriptions=[aa, single, new])
    changes = []
    for item in flatten(plan, DEFAULT_COSTS):
        key, action, fields = str(item.key), "keep", {}
        if (item.parent or item.key).name == new.name:
            action = "create"
        elif item.key.kind == Kind.PRO_DATABASE:
            action, fields = "update", {"dataset_size_in_gb": (1.0, 2.0)}
        elif key.endswith("/us-west-2"):
            action = "create"
        elif item.key.name == single.name:
            action, fields = "update", {"resource_tags": ([], [{"key": "team", "value": "a"}])}
        changes.append(Change(item=key, action=action, fields=fields))  # type: ignore[arg-type]
    bound = lower_bound(plan, changes=PlanDiff(changes=changes))
    assert bound.writes == 4 + 1 + 1 + 1  # the databases, the region, the tags, the new one
    assert bound.slots == pytest.approx((4 * 123 + 903 + 903) / 3)  # tags leave it active
    assert bound.chain == pytest.approx(903 + 2 * 123)  # the region, then its databases
    assert bound.tasks == pytest.approx(1 + 7 * 2)
    assert lower_bound(plan, changes=PlanDiff(changes=[])).writes == 3  # all new: created
    unchanged = [attrs.evolve(change, action="keep", fields={}) for change in changes]
    assert lower_bound(plan, changes=PlanDiff(changes=unchanged)).writes == 0


def test_the_lower_bound_counts_essentials_and_acl() -> None:
    plan = sample_plan(subscriptions=1, active_active=0, databases=1, essentials=3,
                       essentials_databases=2, acl=True)  # fmt: skip
    bound = lower_bound(plan)
    essentials = 3 * (33 + 2 * 63)
    assert bound.slots == pytest.approx((903 + essentials) / 3)
    assert bound.chain == pytest.approx(903 + 3 + 3)  # the role after main, the user after it
    assert bound.writes == 1 + 3 * 3 + 3


async def test_pending_slots_go_to_the_longest_chain_first() -> None:
    slots = PendingSlots(1)
    order: list[str] = []

    go = asyncio.Event()

    async def take(name: str, priority: float) -> None:
        async with slots.hold(priority):
            order.append(name)
            await go.wait()

    async with asyncio.TaskGroup() as group:
        group.create_task(take("first", 0))
        await asyncio.sleep(0)
        for name, priority in (("short", 1), ("long", 9), ("middle", 5), ("middle-2", 5)):
            group.create_task(take(name, priority))
        await asyncio.sleep(0)
        go.set()
    assert order == ["first", "long", "middle", "middle-2", "short"]
    assert slots.peak == 1
    assert slots.held == 0
    with pytest.raises(ValueError, match="at least one"):
        PendingSlots(0)


async def test_a_cancelled_slot_waiter_takes_nothing() -> None:
    slots = PendingSlots(1)
    async with slots.hold():
        waiter = asyncio.create_task(slots.hold().__aenter__())
        await asyncio.sleep(0)
        waiter.cancel()
        with pytest.raises(asyncio.CancelledError):
            await waiter
    async with slots.hold():
        assert slots.held == 1
    assert slots.held == 0


async def test_slots_held_elsewhere_past_the_limit_hand_nothing_out_until_below_it() -> None:
    slots = PendingSlots(2)
    releases = [slots.occupy() for _ in range(3)]  # three busy subscriptions found
    assert slots.held == 3
    waiter = asyncio.create_task(slots.hold().__aenter__())
    await asyncio.sleep(0)
    releases[0]()
    releases[0]()  # a second release of the same one counts once
    await asyncio.sleep(0)
    assert not waiter.done()  # still at the limit
    assert slots.held == 2
    releases[1]()
    await waiter
    assert slots.held == 2  # the waiter's own, and the one still busy elsewhere
    releases[2]()
    assert slots.held == 1


def test_the_journal_keeps_ids_across_states(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "j.sqlite")
    journal.record("a", "submitting")
    journal.record("a", "submitted", task_id="t-1")
    journal.record("a", "finished", resource_id=7)
    journal.record("b", "submitted", task_id="t-2")
    journal.forget_task("b")
    journal.close()
    entries = Journal(tmp_path / "j.sqlite").entries()
    assert (entries["a"].state, entries["a"].task_id, entries["a"].resource_id) == (
        "finished", "t-1", 7,
    )  # fmt: skip
    assert entries["b"].task_id is None
    assert "j.sqlite" in repr(journal)


async def test_a_429_retry_is_a_rate_limited_event() -> None:
    stream = EventStream()
    limited = RetryEvent(
        method="GET", path="/tasks", attempt=1, cause="RateLimitError (429)", backoff=0
    )
    failed = attrs.evolve(limited, cause="ServiceUnavailableError (503)", backoff=0.5)
    stream.retry(limited, 1.0)
    stream.retry(failed, 2.0)
    stream.close()
    events = [event async for event in stream.events()]
    assert [type(e) for e in events] == [RateLimited, RetryScheduled]


def test_secrets_stay_out_of_reprs() -> None:
    user = AclUserCreateSpec(name="app", role="r", password="a-long-secret-1")
    plan = sample_plan(subscriptions=1, active_active=0, databases=1, acl=True)
    plan = attrs.evolve(plan, acl=attrs.evolve(plan.acl, users=[user]))
    assert "a-long-secret-1" not in repr(plan) + repr(flatten(plan, DEFAULT_COSTS))
