"""`apply` against the simulator: every kind of item, failures, events, the journal."""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest

from redis_cloud_async import AsyncClient, TaskFailedError
from redis_cloud_async.bulk import (
    AclPlan,
    DatabaseRef,
    Event,
    Journal,
    Plan,
    ProSubscriptionPlan,
    Ready,
    RetryScheduled,
    RolePlan,
    RoleRulePlan,
    Skipped,
    Submitted,
    Succeeded,
    apply,
    sample_plan,
    start,
)
from redis_cloud_async.bulk._folding import fold
from redis_cloud_async.models import (
    DatabaseCreateSpec,
    RegionNetworkingSpec,
    RegionSpec,
    SubscriptionCreateSpec,
)
from redis_cloud_async.models.acl import AclUserCreateSpec
from redis_cloud_async.models.vpc_peering import (
    AwsActiveActiveVpcPeeringCreateSpec,
    AwsVpcPeeringCreateSpec,
)
from redis_cloud_async.testing import Faults
from tests.helpers.bulk import every_kind_plan, make_client, make_fake, mismatches, writes_seen

SPEED = 18000.0


def _with_peerings(plan: Plan) -> Plan:
    single, aa = plan.subscriptions[1], plan.subscriptions[0]
    peer = AwsVpcPeeringCreateSpec(
        region="us-east-1",
        aws_account_id="123456789012",
        vpc_id="vpc-0a1b2c3d",
        vpc_cidr="172.31.0.0/16",
    )
    aa_peer = AwsActiveActiveVpcPeeringCreateSpec(
        source_region="eu-west-1",
        destination_region="eu-west-1",
        aws_account_id="123456789012",
        vpc_id="vpc-0f0e0d0c",
        vpc_cidr="172.30.0.0/16",
    )
    subs = [
        attrs.evolve(aa, peerings=[aa_peer]),
        attrs.evolve(single, peerings=[peer]),
        *plan.subscriptions[2:],
    ]
    return attrs.evolve(plan, subscriptions=subs)


async def test_every_kind_of_item_is_created_then_left_alone() -> None:
    plan = _with_peerings(every_kind_plan("kinds"))
    fake = make_fake(SPEED)
    async with make_client(fake) as client:
        result = await apply(client, plan)
        assert [o.describe() for o in result if not o.ok] == []
        assert result.counts() == {"created": plan.items_count()}
        assert mismatches(fake, plan) == []
        peerings = [o for o in result if o.item.startswith("vpc-peering:")]
        assert len(peerings) == 2
        assert all(o.resource_id is not None for o in peerings)

        before = writes_seen(fake)
        again = await apply(client, plan)
        assert again.counts() == {"present": plan.items_count()}
        assert writes_seen(fake) == before
    assert fake.stats.too_many_requests == 0


async def test_a_region_missing_from_an_active_active_subscription_is_added() -> None:
    plan = sample_plan(subscriptions=1, active_active=1, databases=2, prefix="grow")
    fake = make_fake(SPEED)
    async with make_client(fake) as client:
        assert (await apply(client, plan)).ok
        sub = plan.subscriptions[0]
        provider = sub.spec.cloud_providers[0]
        more = RegionSpec(
            region="us-west-2", networking=RegionNetworkingSpec(deployment_cidr="10.3.0.0/24")
        )
        spec = attrs.evolve(
            sub.spec, cloud_providers=[attrs.evolve(provider, regions=[*provider.regions, more])]
        )
        grown = Plan(subscriptions=[attrs.evolve(sub, spec=spec)])
        result = await apply(client, grown)
    assert result["active-active-region:grow-aa-000/us-west-2"].status == "created"
    assert result.counts() == {"created": 1, "present": grown.items_count() - 1}
    (simulated,) = fake.sim.account.subscriptions.values()
    assert sorted(simulated.regions) == sorted(
        ["ap-southeast-1", "eu-west-1", "us-east-1", "us-west-2"]
    )
    assert fake.stats.too_many_requests == 0


async def test_a_failed_item_skips_its_dependents_and_spares_its_siblings() -> None:
    base = sample_plan(subscriptions=2, active_active=0, databases=2, prefix="fail")
    # Not foldable (an eviction policy): created on its own after the subscription.
    bad = DatabaseCreateSpec(
        name="bad", memory_limit_in_gb=1, data_eviction_policy="noeviction", redis_version="1.0"
    )
    first = attrs.evolve(base.subscriptions[0], databases=[*base.subscriptions[0].databases, bad])
    acl = AclPlan(
        roles=[
            RolePlan(
                name="uses-bad",
                rules=[
                    RoleRulePlan(
                        rule="Read-Only",
                        databases=[DatabaseRef(subscription=first.name, database="bad")],
                    )
                ],
            )
        ],
        users=[AclUserCreateSpec(name="app", role="uses-bad", password="a-long-secret-1")],
    )
    plan = Plan(subscriptions=[first, base.subscriptions[1]], acl=acl)
    fake = make_fake(SPEED)
    async with make_client(fake) as client:
        result = await apply(client, plan)
    failed = result[f"pro-database:{first.name}/bad"]
    assert failed.status == "failed"
    assert isinstance(failed.error, TaskFailedError)
    assert failed.task_id == failed.error.task_id
    assert result["acl-role:uses-bad"].status == "skipped"
    assert result["acl-role:uses-bad"].dependency == f"pro-database:{first.name}/bad"
    assert result["acl-user:app"].dependency == f"pro-database:{first.name}/bad"
    assert result.counts() == {"created": 6, "failed": 1, "skipped": 2}
    with pytest.raises(ExceptionGroup) as raised:
        result.raise_for_failures()
    assert raised.value.exceptions == (failed.error,)
    notes = failed.error.__notes__
    assert any("bad: failed (task" in note and failed.task_id in note for note in notes)
    assert any("acl-user:app: skipped" in note for note in raised.value.__notes__)
    assert "a-long-secret-1" not in repr(result) + repr(plan) + str(raised.value.__notes__)


async def test_a_wrong_database_carried_by_a_create_fails_alone() -> None:
    base = sample_plan(subscriptions=1, active_active=0, databases=3, prefix="carried")
    sub = base.subscriptions[0]
    bad = DatabaseCreateSpec(name="bad", dataset_size_in_gb=1, redis_version="1.0")
    plan = Plan(subscriptions=[attrs.evolve(sub, databases=[*sub.databases, bad])])
    fake = make_fake(SPEED)
    async with make_client(fake) as client:
        result = await apply(client, plan)
    assert result.counts() == {"created": 4, "failed": 1}
    assert result[f"pro-database:{sub.name}/bad"].status == "failed"
    assert fake.stats.count("POST", "/subscriptions") == 2
    assert fake.stats.duplicates() == {}


async def test_events_reach_the_callback_and_every_iterator() -> None:
    plan = sample_plan(subscriptions=2, active_active=1, databases=2, prefix="events")
    faults = Faults(errors={("GET", "/subscriptions"): {503: 0.3}})
    fake = make_fake(SPEED, seed=3, faults=faults)
    seen: list[Event] = []
    async with make_client(fake) as client:
        run = start(client, plan, on_event=seen.append)
        iterated = [event async for event in run.events()]
        result = await run
        late = [event async for event in run.events()]
    assert result.ok
    assert iterated == seen == late
    ready = [e for e in seen if isinstance(e, Ready)]
    assert sorted(e.item for e in ready if e.item) == sorted(result.outcomes)
    assert all(e.changed for e in ready)
    submitted = [e for e in seen if isinstance(e, Submitted)]
    assert {e.item for e in submitted} == {f"pro-subscription:{s.name}" for s in plan.subscriptions}
    assert len([e for e in seen if isinstance(e, Succeeded)]) == len(submitted)
    retries = [e for e in seen if isinstance(e, RetryScheduled)]
    assert retries
    assert all(e.item is None and e.method == "GET" for e in retries)
    assert not any(isinstance(e, Skipped) for e in seen)


@pytest.mark.parametrize("journaled", ["submitted", "submitting"])
async def test_a_create_an_earlier_run_sent_is_not_sent_again(
    journaled: str, tmp_path: Path
) -> None:
    """Killed after the create left: with its task id journaled ("submitted", the task
    is followed) or before the id was written ("submitting", reconciled by name)."""
    plan = sample_plan(subscriptions=1, active_active=0, databases=2, prefix="journal")
    sub = plan.subscriptions[0]
    fake = make_fake(SPEED)
    path = tmp_path / "run.journal"
    async with make_client(fake) as client:
        handle = await client.subscriptions.create(_as_sent(sub))
        task_id = handle.task_id if journaled == "submitted" else None
        Journal(path).record(f"pro-subscription:{sub.name}", journaled, task_id=task_id)
        result = await apply(client, plan, journal=path)
    assert result.counts() == {"created": 3}
    assert fake.stats.count("POST", "/subscriptions") == 1
    assert mismatches(fake, plan) == []
    states = {e.item: e.state for e in Journal(path).entries().values()}
    assert set(states.values()) == {"finished"}


def _as_sent(sub: ProSubscriptionPlan) -> SubscriptionCreateSpec:
    """The create request `apply` sends for `sub` (its databases folded in)."""
    folded = [f for f in map(fold, sub.databases) if f is not None]
    return attrs.evolve(sub.spec, databases=[*sub.spec.databases, *folded])


async def test_one_pending_subscription_at_a_time_when_asked() -> None:
    plan = sample_plan(subscriptions=3, active_active=0, databases=1, later_databases=1)
    fake = make_fake(SPEED)
    async with make_client(fake) as client:
        result = await apply(client, plan, max_pending_subscriptions=1)
    assert result.ok
    assert fake.stats.too_many_requests == 0


async def test_a_client_that_is_not_strict_works_too() -> None:
    fake = make_fake(SPEED)
    plan = sample_plan(subscriptions=1, active_active=0, databases=1)
    async with fake.client() as client:
        assert isinstance(client, AsyncClient)
        assert (await apply(client, plan)).ok
