"""Resume checks that what the journal names still exists (issue 14.6).

An item journaled ``submitted`` (a run killed after the server took its create) whose
resource was deleted since (by `destroy`, by hand) used to be reported ``created``
with no write on the next `apply` with that journal, for the kinds without a readiness
check (ACL rules, roles, users, peerings), and to fail the others. Each kind now looks
its item up before it trusts a journaled task, and makes it again if it is gone.
"""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest

from redis_cloud_async.bulk import Journal, Plan, apply, destroy
from redis_cloud_async.models import AwsVpcPeeringCreateSpec
from tests.helpers.bulk import every_kind_plan, make_client, make_fake, mismatches

SPEED = 4000.0
WAIT_BOUND = 600.0
PEERING = AwsVpcPeeringCreateSpec(
    region="us-east-1",
    aws_account_id="123456789012",
    vpc_id="vpc-0123abcd",
    vpc_cidrs=["10.10.0.0/16"],
)


def every_kind_with_a_peering() -> Plan:
    """Every kind of item, and a peering on the single-region Pro subscription."""
    plan = every_kind_plan("resume-check", subscriptions=2)
    subscriptions = [
        sub if sub.active_active else attrs.evolve(sub, peerings=[PEERING])
        for sub in plan.subscriptions
    ]
    assert sum(len(sub.peerings) for sub in subscriptions) == 1
    return attrs.evolve(plan, subscriptions=subscriptions)


def as_if_killed_after_submitting(path: Path) -> int:
    """Every item of the journal back to ``submitted``, its task id kept: what a run
    killed right after the server took each create would have left."""
    journal = Journal(path)
    try:
        entries = journal.entries()
        for item in entries:
            journal.record(item, "submitted")
        return sum(1 for entry in entries.values() if entry.task_id)
    finally:
        journal.close()


@pytest.mark.looptime(end=WAIT_BOUND * 3)
async def test_an_item_deleted_since_its_submission_is_made_again(tmp_path: Path) -> None:
    plan = every_kind_with_a_peering()
    path = tmp_path / "fleet.journal"
    fake = make_fake(SPEED)
    async with make_client(fake) as client:
        first = await apply(client, plan, journal=path, timeout=WAIT_BOUND)
        assert [o.describe() for o in first if not o.ok] == []
        assert as_if_killed_after_submitting(path) >= 6  # every kind had a task
        gone = await destroy(client, plan, timeout=WAIT_BOUND, confirm=True)
        assert [o.describe() for o in gone if not o.ok] == []
        assert mismatches(fake, Plan()) == []

        again = await apply(client, plan, journal=path, timeout=WAIT_BOUND)
        assert [o.describe() for o in again if not o.ok] == []
        assert set(again.counts()) == {"created"}
        assert again.writes >= first.writes
        peered = next(sub for sub in plan.subscriptions if sub.peerings)
        subscription = again[f"pro-subscription:{peered.name}"].resource_id
        assert subscription is not None
        peerings = await client.connectivity.vpc_peering.list(subscription)
    # Made at most once per apply (the destroy came between), and the account is the plan
    # (a database or a peering is counted under its subscription's id, which changed).
    assert max(fake.stats.created.values()) == 2, fake.stats.created
    assert [p for p in mismatches(fake, plan) if not p.startswith("created twice")] == []
    assert [p.vpc_uid for p in peerings] == [PEERING.vpc_id]
