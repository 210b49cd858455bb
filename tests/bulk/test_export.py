"""`export` and `dump_plan` against the simulator: the account as a plan, written to
files that `load_plan` reads back, and `diff(client, export(client))` with no change."""

from __future__ import annotations

import logging
from pathlib import Path

import attrs
import pytest

from redis_cloud_async import NotFoundError, ValidationError
from redis_cloud_async.bulk import (
    AclUserPlan,
    Plan,
    PlanDiff,
    ProSubscriptionPlan,
    apply,
    diff,
    dump_plan,
    export,
    load_plan,
)
from redis_cloud_async.bulk._costs import DEFAULT_COSTS
from redis_cloud_async.bulk._dump import plan_data
from redis_cloud_async.bulk._kinds import flatten
from redis_cloud_async.cli._demo import demo_plan
from redis_cloud_async.models import DatabaseCreateSpec, Tag
from redis_cloud_async.models.databases import DatabaseAlertSpec
from redis_cloud_async.models.subscription_settings import (
    CidrAllowlistSpec,
    MaintenanceWindowSpec,
    MaintenanceWindowsSpec,
)
from tests.helpers.bulk import make_client, make_fake, writes_seen
from tests.helpers.connectivity_fleet import connectivity_plan
from tests.helpers.day2 import PASSWORD, day2_plan, own_cloud_account

pytestmark = pytest.mark.looptime

SPEED = 18000.0
ALERTS = [DatabaseAlertSpec(name="dataset-size", value=80)]
WINDOWS = MaintenanceWindowsSpec(
    mode="manual",
    windows=[MaintenanceWindowSpec(days=["Tuesday"], start_hour=1, duration_in_hours=4)],
)
#: Settings laid over the day-2 fleet, so that the export has more than defaults to say.
SETTINGS = {
    "single": {
        "resource_tags": [Tag(key="team", value="payments")],
        "cidr_allowlist": CidrAllowlistSpec(cidr_ips=["10.1.0.0/16"]),
        "maintenance_windows": WINDOWS,
    },
    "orders": {"alerts": ALERTS, "source_ip": ["10.8.0.0/16"], "password": "Orders-secret-9"},
    "cache": {"password": "Cache-secret-9"},
}


def every_kind(cloud_account_id: int) -> Plan:
    """Every item kind: Pro (single-region and Active-Active, with regions, databases,
    peerings), Essentials, ACL, and the connectivity kinds on AWS and Google Cloud."""
    day2 = day2_plan(SETTINGS, cloud_account_id=cloud_account_id)
    net = connectivity_plan()
    return attrs.evolve(day2, subscriptions=[*day2.subscriptions, *net.subscriptions])


def changed(found: PlanDiff) -> list[str]:
    return [c.describe() for c in found if c.action != "keep" or c.unverified]


async def test_the_demo_fleet_round_trips() -> None:
    fake = make_fake(SPEED)
    async with make_client(fake) as client:
        assert (await apply(client, demo_plan())).ok
        exported = await export(client)
        assert changed(await diff(client, exported)) == []
        assert (await diff(client, exported)).unmanaged == []
        # What the demo planned is what the export says (with what the service filled in).
        demo = demo_plan()
        assert [s.name for s in exported.subscriptions] == [s.name for s in demo.subscriptions]
        for mine, theirs in zip(exported.subscriptions, demo.subscriptions, strict=True):
            assert mine.database_names() == theirs.database_names()
            assert mine.active_active_regions() == theirs.active_active_regions()
        assert exported.acl.roles == demo.acl.roles
        assert [u.name for u in exported.acl.users] == [u.name for u in demo.acl.users]
        writes = writes_seen(fake)
        again = await apply(client, exported)
        assert set(again.counts()) == {"present"}
        assert writes_seen(fake) == writes


async def test_an_account_with_every_item_kind_round_trips_through_files(tmp_path: Path) -> None:
    fake = make_fake(SPEED)
    async with make_client(fake) as client:
        cloud = await own_cloud_account(client)
        planned = every_kind(cloud)
        assert (await apply(client, planned)).ok
        exported = await export(client)
        assert changed(await diff(client, exported)) == []
        for suffix in ("toml", "json", "yaml"):
            path = tmp_path / f"account.{suffix}"
            dump_plan(exported, path)
            loaded = load_plan(path)
            assert loaded == exported, suffix
            text = path.read_text()
            for secret in ("Orders-secret-9", "Cache-secret-9", PASSWORD):
                assert secret not in text
        assert changed(await diff(client, load_plan(tmp_path / "account.toml"))) == []

    kinds = {str(item.key.kind) for item in flatten(exported, DEFAULT_COSTS)}
    assert kinds == {
        "pro-subscription",
        "active-active-region",
        "pro-database",
        "vpc-peering",
        "private-link",
        "transit-gateway",
        "psc-service",
        "psc-endpoint",
        "essentials-subscription",
        "essentials-database",
        "acl-rule",
        "acl-role",
        "acl-user",
    }
    single = _subscription(exported, "d2-single")
    assert single.cidr_allowlist == CidrAllowlistSpec(
        cidr_ips=["10.1.0.0/16"], security_group_ids=[]
    )
    assert single.maintenance_windows == WINDOWS
    assert single.spec.cloud_providers[0].resource_tags == [Tag(key="team", value="payments")]
    (orders,) = [db for db in single.databases if db.name == "orders"]
    assert orders.alerts == ALERTS
    assert orders.source_ip == ["10.8.0.0/16"]
    assert orders.data_eviction_policy == "allkeys-lru"
    assert orders.password is None  # never written: the plan leaves it as it is
    assert all(user.password is None for user in exported.acl.users)


def _subscription(plan: Plan, name: str) -> ProSubscriptionPlan:
    (found,) = [s for s in plan.subscriptions if s.name == name]
    return found


async def test_an_exported_plan_makes_the_same_account_elsewhere() -> None:
    """Applied to an empty account, the export of one account makes an account whose
    export is the same (but for ACL users: a new user needs a password, which no
    export holds, and the apply says so)."""
    source, target = make_fake(SPEED), make_fake(SPEED, seed=3)
    async with make_client(source) as one, make_client(target) as other:
        assert (await apply(one, demo_plan())).ok
        exported = await export(one)
        result = await apply(other, exported)
        failed = {o.item: o.error for o in result if not o.ok}
        (user,) = exported.acl.users
        assert list(failed) == [f"acl-user:{user.name}"]
        assert isinstance(failed[f"acl-user:{user.name}"], ValidationError)
        assert "password" in str(failed[f"acl-user:{user.name}"])
        made = await export(other)
    assert plan_data(made) == plan_data(
        attrs.evolve(exported, acl=attrs.evolve(exported.acl, users=[]))
    )


async def test_named_subscriptions_only_and_no_acl() -> None:
    fake = make_fake(SPEED)
    async with make_client(fake) as client:
        assert (await apply(client, demo_plan())).ok
        subs = await client.subscriptions.list()
        fixed = await client.essentials.subscriptions.list()
        picked = await export(client, subscriptions=[subs[0].id, fixed[0].id])
        assert [s.name for s in picked.subscriptions] == [subs[0].name]
        assert [s.name for s in picked.essentials] == [fixed[0].name]
        assert picked.acl == Plan().acl
        assert changed(await diff(client, picked)) == []
        with pytest.raises(NotFoundError, match="987654"):
            await export(client, subscriptions=[subs[0].id, 987654])


async def test_a_subscription_without_a_database_is_left_out_with_a_warning(
    caplog: pytest.LogCaptureFixture,
) -> None:
    plan = connectivity_plan()
    fake = make_fake(SPEED)
    async with make_client(fake) as client:
        assert (await apply(client, plan)).ok
        sub = await client.subscriptions.find("net-gcp")
        assert sub is not None
        (db,) = await client.databases.list(sub.id)
        await (await client.databases.delete(sub.id, db.database_id, confirm=True)).wait()
        await client.databases.wait_until_gone(sub.id, db.database_id)
        with caplog.at_level(logging.WARNING, logger="redis_cloud_async.bulk"):
            exported = await export(client)
    assert "net-gcp" not in [s.name for s in exported.subscriptions]
    assert len(exported.subscriptions) == len(plan.subscriptions) - 1
    assert "'net-gcp'" in caplog.text
    assert "no database" in caplog.text


async def test_a_create_requests_database_planned_again_gets_the_rest_of_its_settings() -> None:
    """A `databases` entry with the name of a database of the create request plans the
    settings the request cannot carry: set once it exists, in the same apply."""
    base = connectivity_plan().subscriptions[0]
    main = DatabaseCreateSpec(name="main", data_eviction_policy="allkeys-lru", alerts=ALERTS)
    plan = Plan(
        subscriptions=[attrs.evolve(base, databases=[main], private_links=[], transit_gateways=[])]
    )
    assert plan.subscriptions[0].database_names() == ["main"]
    assert plan.items_count() == 2
    fake = make_fake(SPEED)
    async with make_client(fake) as client:
        result = await apply(client, plan)
        assert [o.describe() for o in result if not o.ok] == []
        assert result.counts() == {"created": 2}
        assert changed(await diff(client, plan)) == []
        sub = await client.subscriptions.find("net-aws")
        assert sub is not None
        (db,) = await client.databases.list(sub.id)
        assert db.data_eviction_policy == "allkeys-lru"
        assert [(a.name, a.value) for a in db.alerts] == [("dataset-size", 80)]


def test_dump_plan_refuses_an_unknown_suffix(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="toml"):
        dump_plan(Plan(), tmp_path / "plan.txt")


def test_a_plan_without_a_users_password_still_loads(tmp_path: Path) -> None:
    """Users as an export writes them: no password (the plan then leaves it as it is)."""
    path = tmp_path / "plan.toml"
    path.write_text('[[acl.users]]\nname = "app"\nrole = "reader"\n')
    assert load_plan(path).acl.users == [AclUserPlan(name="app", role="reader")]
    user = AclUserPlan(name="app", role="reader", password="a-long-secret-1")
    assert "a-long-secret-1" not in repr(user)
    dump_plan(Plan(acl=attrs.evolve(Plan().acl, users=[user])), path)
    assert load_plan(path).acl.users == [user]  # a plan's own password is written
