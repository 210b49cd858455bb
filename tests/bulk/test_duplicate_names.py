"""No duplicate, even where the service accepts a second create of a name (issue 14.5).

After a create whose answer was lost (`AmbiguousWriteError`), the bulk layer used to
look once and send again, trusting the server to refuse a duplicate name with a 409.
The simulator can accept duplicates (``unique_names=False``); the create is then sent
again only after the client's grace window of looking at the resource list and at the
account's recent tasks. And a delete whose answer was lost is never taken for failed
because a second delete found the resource gone.
"""

from __future__ import annotations

import attrs
import pytest

from redis_cloud_async import AclRedisRuleSpec
from redis_cloud_async.bulk import AclPlan, Plan, apply, destroy, sample_plan
from redis_cloud_async.testing import Durations, Faults
from tests.helpers.bulk import (
    lose_first_answer,
    make_client,
    make_fake,
    mismatches,
)
from tests.helpers.simulator import HEADERS, http_client

SPEED = 4000.0
WAIT_BOUND = 600.0


@pytest.mark.parametrize("unique_names", [True, False])
async def test_the_simulator_accepts_duplicate_names_only_when_told(unique_names: bool) -> None:
    fake = make_fake(SPEED, unique_names=unique_names)
    body = {"name": "twice", "redisRule": "+@read"}
    async with http_client(fake, headers=HEADERS) as http:
        first = await http.post("/acl/redisRules", json=body)
        second = await http.post("/acl/redisRules", json=body)
    assert first.status_code == 202
    assert second.status_code == (409 if unique_names else 202)


#: (plan, the create route whose first answer is lost)
LOST_CREATES = {
    "acl-rule": (
        Plan(acl=AclPlan(rules=[AclRedisRuleSpec(name="readers", redis_rule="+@read")])),
        "/acl/redisRules",
    ),
    "pro-subscription": (
        sample_plan(subscriptions=1, active_active=0, databases=1, prefix="lost"),
        "/subscriptions",
    ),
    "pro-database": (
        sample_plan(subscriptions=1, active_active=0, databases=1, later_databases=1),
        "/subscriptions/{subscriptionId}/databases",
    ),
    "essentials-subscription": (
        sample_plan(subscriptions=0, active_active=0, essentials=1, essentials_databases=0),
        "/fixed/subscriptions",
    ),
}


@pytest.mark.looptime(end=WAIT_BOUND)
@pytest.mark.parametrize("kind", sorted(LOST_CREATES))
async def test_a_lost_create_is_not_sent_again_where_names_may_repeat(kind: str) -> None:
    plan, route = LOST_CREATES[kind]
    fake = make_fake(SPEED, unique_names=False)
    lose_first_answer(fake, "POST", route)
    async with make_client(fake) as client:
        result = await apply(client, plan, timeout=WAIT_BOUND)
    assert fake.stats.faults["lost_response"] == 1
    assert [o.describe() for o in result if not o.ok] == []
    assert fake.stats.duplicates() == {}
    assert mismatches(fake, plan) == []


@pytest.mark.looptime(end=WAIT_BOUND)
async def test_a_lost_delete_whose_task_ends_while_we_look_is_not_a_failure() -> None:
    """The lost delete's task is still queued when the database list is read and has
    ended when the task list is read (every request takes 2 loop seconds, a task 3): a
    second delete is sent, and finds the database gone. That is the goal, not a failure."""
    plan = sample_plan(subscriptions=1, active_active=0, databases=1, later_databases=1)
    quick = {
        f"{kind}_{step}": 5.0
        for kind in ("subscription", "database")
        for step in ("create", "delete")
    }
    fake = make_fake(1.0, durations=Durations(**quick))
    async with make_client(fake) as client:
        assert (await apply(client, plan, timeout=WAIT_BOUND)).ok
        slow = Faults(latency=2.0)
        route = ("DELETE", "/subscriptions/{subscriptionId}/databases/{databaseId}")
        fake.set_faults(attrs.evolve(slow, lost_response_rate={route: 1.0}))
        fake.observers.append(
            lambda seen: fake.set_faults(slow) if seen.outcome == "lost" else None
        )
        result = await destroy(client, plan, timeout=WAIT_BOUND, confirm=True)
    assert fake.stats.faults["lost_response"] == 1
    assert [o.describe() for o in result if not o.ok] == []
    assert mismatches(fake, Plan()) == []
