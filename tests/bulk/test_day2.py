"""Day 2 against the simulator: drift, replacement, pruning, passwords, lost answers."""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest

from redis_cloud_async import AsyncClient, ConfirmationRequiredError
from redis_cloud_async.bulk import Plan, apply, destroy, diff
from redis_cloud_async.bulk._fields import HIDDEN, UNKNOWN
from redis_cloud_async.models import (
    DatabaseCreateSpec,
    DatabaseUpdateSpec,
    RegionNetworkingSpec,
    SubscriptionCreateSpec,
)
from redis_cloud_async.models.acl import AclRedisRuleSpec
from redis_cloud_async.models.subscription_settings import (
    ActiveActiveRegionSpec,
    CidrAllowlistSpec,
    MaintenanceWindowSpec,
    MaintenanceWindowsSpec,
)
from redis_cloud_async.models.vpc_peering import AwsVpcPeeringCreateSpec
from redis_cloud_async.testing import Faults
from tests.helpers.bulk import make_client, make_fake, writes_seen
from tests.helpers.day2 import (
    CHANGES,
    ITEMS,
    day2_plan,
    orders,
    own_cloud_account,
    update_tasks,
)

pytestmark = pytest.mark.looptime

SPEED = 18000.0
WINDOWS = MaintenanceWindowsSpec(
    mode="manual",
    windows=[MaintenanceWindowSpec(days=["Monday"], start_hour=3, duration_in_hours=6)],
)


async def test_a_change_made_outside_the_plan_is_one_update_back() -> None:
    plan = day2_plan()
    fake = make_fake(SPEED)
    async with make_client(fake) as client:
        assert (await apply(client, plan)).ok
        sub_id, db = await orders(client)
        resize = DatabaseUpdateSpec(memory_limit_in_gb=4)
        await (await client.databases.update(sub_id, db.database_id, resize)).wait()
        rule = await client.acl.redis_rules.find("d2-readers")
        assert rule is not None
        await (
            await client.acl.redis_rules.update(
                rule.id, AclRedisRuleSpec(name="d2-readers", redis_rule="+@all ~*")
            )
        ).wait()
        await client.databases.wait_until_active(sub_id, db.database_id)

        drift = await diff(client, plan)
        changed = {c.item: c.fields for c in drift if c.action != "keep"}
        assert changed == {
            ITEMS["orders"]: {"memory_limit_in_gb": (4.0, 1.0)},
            ITEMS["rule"]: {"redis_rule": ("+@all ~*", "+@read ~*")},
        }
        before = update_tasks(fake)
        result = await apply(client, plan)
        assert {o.item for o in result if o.status == "updated"} == set(changed)
        assert sum((update_tasks(fake) - before).values()) == 2
        assert not (await diff(client, plan)).has_changes
        assert (await client.databases.get(sub_id, db.database_id)).memory_limit_in_gb == 1


async def test_a_field_no_update_takes_is_a_replace_only_when_allowed_and_confirmed() -> None:
    plan = day2_plan()
    fake = make_fake(SPEED)
    async with make_client(fake) as client:
        assert (await apply(client, plan)).ok
        sub_id, old = await orders(client)
        memcached = day2_plan({"orders": {"protocol": "memcached", "data_eviction_policy": None}})

        planned = await diff(client, memcached)
        change = planned[ITEMS["orders"]]
        assert change.action == "replace"
        assert change.fields == {"protocol": ("redis", "memcached")}
        assert change.reasons
        assert "protocol" in change.reasons[0]
        assert planned.counts() == {"keep": len(planned) - 1, "replace": 1}

        for options in ({}, {"allow_replace": True}, {"confirm": True}):
            before = writes_seen(fake)
            refused = await apply(client, memcached, **options)  # type: ignore[arg-type]
            outcome = refused[ITEMS["orders"]]
            assert outcome.status == "failed"
            assert isinstance(outcome.error, ConfirmationRequiredError)
            assert "protocol" in str(outcome.error)
            assert refused["acl-role:d2-reader"].status == "skipped"  # it uses the database
            assert writes_seen(fake) == before

        done = await apply(client, memcached, allow_replace=True, confirm=True)
        assert [o.describe() for o in done if not o.ok] == []
        assert done[ITEMS["orders"]].status == "replaced"
        assert done[ITEMS["orders"]].fields == {"protocol": ("redis", "memcached")}
        new = await client.databases.find(sub_id, "orders")
        assert new is not None
        assert new.protocol == "memcached"
        assert new.database_id != old.database_id
        # The roles that used the old database now name the new one.
        assert done["acl-role:d2-reader"].status == "updated"
        assert not (await diff(client, memcached)).has_changes


async def test_a_subscription_is_replaced_with_everything_in_it() -> None:
    plan = day2_plan()
    fake = make_fake(SPEED)
    async with make_client(fake) as client:
        assert (await apply(client, plan)).ok
        old = await client.subscriptions.find("d2-single")
        assert old is not None
        flash = day2_plan({"single": {"memory_storage": "ram-and-flash"}})
        planned = await diff(client, flash)
        assert planned[ITEMS["single"]].action == "replace"
        # What lives in it is made again in the new subscription.
        assert planned[ITEMS["orders"]].action == "create"
        assert planned[ITEMS["peering"]].action == "create"
        done = await apply(client, flash, allow_replace=True, confirm=True)
        assert [o.describe() for o in done if not o.ok] == []
        assert done[ITEMS["single"]].status == "replaced"
        assert done[ITEMS["orders"]].status == "created"
        new = await client.subscriptions.find("d2-single")
        assert new is not None
        assert new.id != old.id
        assert new.memory_storage == "ram-and-flash"
        assert not (await diff(client, flash)).has_changes
    assert fake.stats.too_many_requests == 0


async def test_a_region_with_another_network_is_replaced() -> None:
    plan = day2_plan()
    fake = make_fake(SPEED)
    async with make_client(fake) as client:
        assert (await apply(client, plan)).ok
        moved = attrs.evolve(
            plan,
            subscriptions=[
                plan.subscriptions[0],
                attrs.evolve(
                    plan.subscriptions[1],
                    spec=_with_region_cidr(plan.subscriptions[1].spec, "us-east-1", "10.9.0.0/24"),
                ),
            ],
        )
        change = (await diff(client, moved))["active-active-region:d2-aa/us-east-1"]
        assert change.action == "replace"
        assert change.fields == {"deployment_cidr": ("10.0.0.0/24", "10.9.0.0/24")}
        done = await apply(client, moved, allow_replace=True, confirm=True)
        assert [o.describe() for o in done if not o.ok] == []
        assert done["active-active-region:d2-aa/us-east-1"].status == "replaced"
        assert not (await diff(client, moved)).has_changes


def _with_region_cidr(
    spec: SubscriptionCreateSpec, region: str, cidr: str
) -> SubscriptionCreateSpec:
    cloud = spec.cloud_providers[0]
    regions = [
        attrs.evolve(r, networking=RegionNetworkingSpec(deployment_cidr=cidr))
        if r.region == region
        else r
        for r in cloud.regions
    ]
    return attrs.evolve(spec, cloud_providers=[attrs.evolve(cloud, regions=regions)])


async def test_what_the_plan_does_not_name_is_unmanaged_until_pruned_with_confirm() -> None:
    plan = day2_plan()
    fake = make_fake(SPEED)
    async with make_client(fake) as client:
        assert (await apply(client, plan)).ok
        sub = await client.subscriptions.find("d2-single")
        aa = await client.subscriptions.find("d2-aa")
        assert sub is not None
        assert aa is not None
        theirs = await (
            await client.databases.create(
                sub.id, DatabaseCreateSpec(name="theirs", dataset_size_in_gb=1)
            )
        ).wait()
        await client.databases.wait_until_active(sub.id, theirs.resource_id or 0)
        await (
            await client.connectivity.vpc_peering.create(
                sub.id,
                AwsVpcPeeringCreateSpec(
                    region="us-east-1",
                    aws_account_id="123456789012",
                    vpc_id="vpc-0e0e0e0e",
                    vpc_cidr="172.20.0.0/16",
                ),
            )
        ).wait()
        await _add_region(client, aa.id, "ap-southeast-1", "10.7.0.0/24")

        found = await diff(client, plan)
        assert not found.has_changes
        assert found.unmanaged == [
            "active-active-region:d2-aa/ap-southeast-1",
            "pro-database:d2-single/theirs",
            "vpc-peering:d2-single/us-east-1:vpc-0e0e0e0e",  # the plan names its peerings
        ]
        pruning = await diff(client, plan, prune=True)
        deletes = sorted(c.item for c in pruning if c.action == "delete")
        assert deletes == [
            "active-active-region:d2-aa/ap-southeast-1",
            "pro-database:d2-single/theirs",
            "vpc-peering:d2-single/us-east-1:vpc-0e0e0e0e",
        ]
        assert pruning.unmanaged == []
        assert pruning.has_changes

        before = writes_seen(fake)
        with pytest.raises(ConfirmationRequiredError):
            await apply(client, plan, prune=True)
        assert writes_seen(fake) == before
        kept = await apply(client, plan)
        assert set(kept.counts()) == {"present"}
        assert writes_seen(fake) == before

        pruned = await apply(client, plan, prune=True, confirm=True)
        assert [o.describe() for o in pruned if not o.ok] == []
        assert sorted(o.item for o in pruned if o.status == "deleted") == deletes
        after = await diff(client, plan, prune=True)
        assert not after.has_changes
    assert sorted(fake.sim.account.subscriptions[aa.id].regions) == ["eu-west-1", "us-east-1"]


async def _add_region(client: AsyncClient, sub_id: int, region: str, cidr: str) -> None:
    spec = ActiveActiveRegionSpec(region=region, deployment_cidr=cidr)
    await (await client.active_active.add_region(sub_id, spec)).wait()
    await client.subscriptions.wait_until_active(sub_id)


async def test_a_password_is_compared_through_the_journal_only(tmp_path: Path) -> None:
    plan = day2_plan()
    journal = tmp_path / "fleet.journal"
    fake = make_fake(SPEED)
    async with make_client(fake) as client:
        assert (await apply(client, plan)).ok  # no journal: nothing remembered
        blind = await diff(client, plan)
        assert blind[ITEMS["user"]].action == "keep"
        assert blind[ITEMS["user"]].unverified == ("password",)
        assert not blind.has_changes

        unknown = await diff(client, plan, journal=journal)
        assert unknown[ITEMS["user"]].fields == {"password": (UNKNOWN, HIDDEN)}
        set_once = await apply(client, plan, journal=journal)
        assert set_once[ITEMS["user"]].status == "updated"
        assert not (await diff(client, plan, journal=journal)).has_changes

        rotated = day2_plan({"user": {"password": "Rotated-pw-7"}})
        change = (await diff(client, rotated, journal=journal))[ITEMS["user"]]
        assert change.fields == {"password": (UNKNOWN, HIDDEN)}
        assert "Rotated-pw-7" not in repr(change) + change.describe()
        assert (await apply(client, rotated, journal=journal))[ITEMS["user"]].status == "updated"
        assert not (await diff(client, rotated, journal=journal)).has_changes
    users = fake.sim.account.collection("acl_users").values()
    assert [u.secrets["password"] for u in users] == ["Rotated-pw-7"]


async def test_settings_a_create_request_cannot_carry_are_set_on_a_new_subscription() -> None:
    fake = make_fake(SPEED)
    async with make_client(fake) as client:
        cloud = await own_cloud_account(client)
        plan = day2_plan(
            {
                "single": {
                    "cidr_allowlist": CidrAllowlistSpec(cidr_ips=["10.2.0.0/16"]),
                    "maintenance_windows": WINDOWS,
                }
            },
            cloud_account_id=cloud,
        )
        result = await apply(client, plan)
        assert [o.describe() for o in result if not o.ok] == []
        assert result[ITEMS["single"]].status == "created"
        assert not (await diff(client, plan)).has_changes
    (sub,) = [s for s in fake.sim.account.subscriptions.values() if s.name == "d2-single"]
    assert sub.cidr_allowlist["cidrIps"] == ["10.2.0.0/16"]
    assert sub.maintenance["mode"] == "manual"


async def test_lost_answers_to_updates_never_send_an_update_twice(tmp_path: Path) -> None:
    plan = day2_plan()
    changed = day2_plan(CHANGES)
    lossy = Faults(lost_response_rate={("PUT", "*"): 0.5})
    fake = make_fake(SPEED, seed=11, faults=lossy)
    journal = tmp_path / "fleet.journal"
    async with make_client(fake) as client:
        assert (await apply(client, plan, journal=journal)).ok
        before = update_tasks(fake)
        lost = fake.stats.faults["lost_response"]
        result = await apply(client, changed, journal=journal)
        assert [o.describe() for o in result if not o.ok] == []
        assert fake.stats.faults["lost_response"] > lost, "the seed should lose some answers"
        sent = update_tasks(fake) - before
        assert sorted(sent.values()) == [1] * len(CHANGES), sent
        assert all(resource is not None for _, resource in sent)
        assert not (await diff(client, changed, journal=journal)).has_changes


async def test_destroy_needs_confirm() -> None:
    plan = Plan()
    fake = make_fake(SPEED)
    async with make_client(fake) as client:
        with pytest.raises(ConfirmationRequiredError, match="confirm=True"):
            await destroy(client, plan)
        assert (await destroy(client, plan, confirm=True)).ok
    assert writes_seen(fake) == 0
