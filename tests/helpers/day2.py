"""A small fleet with every item kind and settings to change, for the day-2 tests.

`day2_plan(settings)` builds the same plan every time (no random password), with
`settings` laid over its items: ``{"orders": {"memory_limit_in_gb": 2}}`` (a value of
None unsets the field). Items are named by the short names of `ITEMS`.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Mapping
from typing import Any

import attrs

from redis_cloud_async import AsyncClient
from redis_cloud_async.bulk import (
    AclPlan,
    DatabaseRef,
    EssentialsSubscriptionPlan,
    Plan,
    ProSubscriptionPlan,
    RolePlan,
    RoleRulePlan,
)
from redis_cloud_async.models import (
    CloudProviderSpec,
    DatabaseCreateSpec,
    LocalThroughputSpec,
    RegionNetworkingSpec,
    RegionSpec,
    SubscriptionCreateSpec,
    SubscriptionDatabaseSpec,
)
from redis_cloud_async.models.acl import AclRedisRuleSpec, AclUserCreateSpec
from redis_cloud_async.models.databases import Database
from redis_cloud_async.models.essentials import (
    EssentialsDatabaseCreateSpec,
    EssentialsSubscriptionCreateSpec,
)
from redis_cloud_async.models.vpc_peering import (
    AwsActiveActiveVpcPeeringCreateSpec,
    AwsVpcPeeringCreateSpec,
)
from redis_cloud_async.testing import FakeRedisCloud
from tests.helpers.typed_api import cloud_account_spec

#: The item keys of the short names the settings use.
ITEMS = {
    "single": "pro-subscription:d2-single",
    "orders": "pro-database:d2-single/orders",
    "aa": "pro-subscription:d2-aa",
    "sessions": "pro-database:d2-aa/sessions",
    "fixed": "essentials-subscription:d2-fixed",
    "cache": "essentials-database:d2-fixed/cache",
    "peering": "vpc-peering:d2-single/us-east-1:vpc-0a1b2c3d",
    "aa-peering": "vpc-peering:d2-aa/eu-west-1:vpc-0f0e0d0c",
    "rule": "acl-rule:d2-readers",
    "role": "acl-role:d2-reader",
    "user": "acl-user:d2-app",
}
AA_REGIONS = ("us-east-1", "eu-west-1")
#: The simulator's Essentials plans in us-east-1: "Multi-AZ 12GB" and "Standard 5GB".
ESSENTIALS_PLAN, OTHER_ESSENTIALS_PLAN = 98005, 98004
#: A fixed test password (the plan must be the same in every process of a test).
PASSWORD = "Day2-initial-pw-1"

Settings = Mapping[str, Mapping[str, Any]]

#: A change to each kind of item (a resize of each database), one update step each.
CHANGES: dict[str, dict[str, Any]] = {
    "orders": {"memory_limit_in_gb": 2},
    "sessions": {"dataset_size_in_gb": 2},
    "cache": {"data_persistence": "aof-every-write"},
    "single": {"public_endpoint_access": False},
    "fixed": {"payment_method": "marketplace"},
    "peering": {"vpc_cidrs": ["172.31.0.0/16", "172.29.0.0/16"]},
    "rule": {"redis_rule": "+@read +@hash ~*"},
    "user": {"password": "Changed-pw-8"},
}


def _set(spec: Any, values: Mapping[str, Any]) -> Any:
    return attrs.evolve(spec, **values) if values else spec


def day2_plan(settings: Settings | None = None, *, cloud_account_id: int | None = None) -> Plan:
    """The day-2 fleet, with `settings` laid over its items' specs."""
    given = settings or {}

    def of(name: str) -> dict[str, Any]:
        return dict(given.get(name, {}))

    single = of("single")
    plan_level = {
        k: single.pop(k) for k in ("cidr_allowlist", "maintenance_windows") if k in single
    }
    tags = {k: single.pop(k) for k in ("resource_tags",) if k in single}
    single_spec = SubscriptionCreateSpec(
        name="d2-single",
        cloud_providers=[
            _set(
                CloudProviderSpec(
                    provider="AWS",
                    cloud_account_id=cloud_account_id,
                    regions=[
                        RegionSpec(
                            region="us-east-1",
                            networking=RegionNetworkingSpec(deployment_cidr="10.0.0.0/24"),
                        )
                    ],
                ),
                tags,
            )
        ],
        databases=[SubscriptionDatabaseSpec(name="main", dataset_size_in_gb=1)],
    )
    orders = DatabaseCreateSpec(
        name="orders",
        memory_limit_in_gb=1,
        data_eviction_policy="allkeys-lru",
        redis_version="7.2",
    )
    peering = AwsVpcPeeringCreateSpec(
        region="us-east-1",
        aws_account_id="123456789012",
        vpc_id="vpc-0a1b2c3d",
        vpc_cidrs=["172.31.0.0/16"],
    )
    pro_single = ProSubscriptionPlan(
        spec=_set(single_spec, single),
        databases=[_set(orders, of("orders"))],
        peerings=[_set(peering, of("peering"))],
        **plan_level,
    )

    aa = of("aa")
    aa_level = {k: aa.pop(k) for k in ("maintenance_windows",) if k in aa}
    regions = [
        RegionSpec(region=region, networking=RegionNetworkingSpec(deployment_cidr=f"10.{n}.0.0/24"))
        for n, region in enumerate(AA_REGIONS)
    ]
    throughput = [LocalThroughputSpec(region=region) for region in AA_REGIONS]
    aa_spec = SubscriptionCreateSpec(
        name="d2-aa",
        deployment_type="active-active",
        cloud_providers=[CloudProviderSpec(provider="AWS", regions=regions)],
        databases=[
            SubscriptionDatabaseSpec(
                name="main", dataset_size_in_gb=1, local_throughput_measurement=throughput
            )
        ],
    )
    sessions = DatabaseCreateSpec(
        name="sessions", dataset_size_in_gb=1, local_throughput_measurement=throughput
    )
    aa_peering = AwsActiveActiveVpcPeeringCreateSpec(
        source_region="eu-west-1",
        destination_region="eu-west-1",
        aws_account_id="123456789012",
        vpc_id="vpc-0f0e0d0c",
        vpc_cidrs=["172.30.0.0/16"],
    )
    pro_aa = ProSubscriptionPlan(
        spec=_set(aa_spec, aa),
        databases=[_set(sessions, of("sessions"))],
        peerings=[_set(aa_peering, of("aa-peering"))],
        **aa_level,
    )

    fixed = EssentialsSubscriptionPlan(
        spec=_set(
            EssentialsSubscriptionCreateSpec(name="d2-fixed", plan_id=ESSENTIALS_PLAN), of("fixed")
        ),
        databases=[
            _set(EssentialsDatabaseCreateSpec(name="cache", redis_version="7.2"), of("cache"))
        ],
    )

    orders_ref = DatabaseRef(subscription="d2-single", database="orders")
    role = of("role")
    acl = AclPlan(
        rules=[_set(AclRedisRuleSpec(name="d2-readers", redis_rule="+@read ~*"), of("rule"))],
        roles=[
            RolePlan(
                name="d2-reader",
                rules=role.get("rules")
                or [RoleRulePlan(rule="d2-readers", databases=[orders_ref])],
            ),
            RolePlan(
                name="d2-writer",
                rules=[RoleRulePlan(rule="Read-Write", databases=[orders_ref])],
            ),
        ],
        users=[
            _set(AclUserCreateSpec(name="d2-app", role="d2-reader", password=PASSWORD), of("user"))
        ],
    )
    return Plan(subscriptions=[pro_single, pro_aa], essentials=[fixed], acl=acl)


async def own_cloud_account(client: AsyncClient) -> int:
    """A bring-your-own AWS account, active (a CIDR allowlist needs one)."""
    task = await (await client.cloud_accounts.create(cloud_account_spec("day2"))).wait()
    assert task.resource_id is not None
    for _ in range(100):
        if (await client.cloud_accounts.get(task.resource_id)).status == "active":
            return task.resource_id
        await asyncio.sleep(0.05)
    raise AssertionError("the cloud account did not become active")


async def orders(client: AsyncClient) -> tuple[int, Database]:
    """The id of the subscription ``d2-single`` and its database ``orders``."""
    sub = await client.subscriptions.find("d2-single")
    assert sub is not None
    db = await client.databases.find(sub.id, "orders")
    assert db is not None
    return sub.id, db


def update_tasks(fake: FakeRedisCloud) -> Counter[tuple[str, int | None]]:
    """The update tasks the simulator received, by (command, resource id)."""
    counts: Counter[tuple[str, int | None]] = Counter()
    for task in fake.sim.tasks.recent():
        if "Update" in task.command_type or "Upgrade" in task.command_type:
            counts[(task.command_type, task.response.get("resourceId"))] += 1
    return counts
