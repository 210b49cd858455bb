"""A demo fleet, for examples, benchmarks and tests against the simulator."""

from __future__ import annotations

import secrets

from ..models.acl import AclRedisRuleSpec, AclUserCreateSpec
from ..models.databases import DatabaseCreateSpec
from ..models.essentials import EssentialsDatabaseCreateSpec, EssentialsSubscriptionCreateSpec
from ..models.subscriptions import (
    CloudProviderSpec,
    LocalThroughputSpec,
    RegionNetworkingSpec,
    RegionSpec,
    SubscriptionCreateSpec,
    SubscriptionDatabaseSpec,
)
from ._plan import (
    AclPlan,
    DatabaseRef,
    EssentialsSubscriptionPlan,
    Plan,
    ProSubscriptionPlan,
    RolePlan,
    RoleRulePlan,
)

__all__ = ["sample_plan"]


def _password() -> str:
    """A fresh password that meets the service's rules (never printed: repr=False)."""
    return f"Aa1!{secrets.token_urlsafe(16)}"


_AA_REGIONS = ("us-east-1", "eu-west-1", "ap-southeast-1")
#: The simulator's "Multi-AZ 12GB" Essentials plan in us-east-1 (up to 8 databases).
_ESSENTIALS_PLAN_ID = 98005


def _pro(index: int, databases: int, *, prefix: str, later: int) -> ProSubscriptionPlan:
    name = f"{prefix}-{index:03d}"
    region = RegionSpec(
        region="us-east-1", networking=RegionNetworkingSpec(deployment_cidr="10.0.0.0/24")
    )
    dbs = [
        DatabaseCreateSpec(name=f"db-{n}", dataset_size_in_gb=1, replication=True)
        for n in range(databases)
    ]
    # Databases the create request cannot carry (an eviction policy): created after.
    extra = [
        DatabaseCreateSpec(
            name=f"cache-{n}", memory_limit_in_gb=1, data_eviction_policy="allkeys-lru"
        )
        for n in range(later)
    ]
    spec = SubscriptionCreateSpec(
        name=name,
        cloud_providers=[CloudProviderSpec(provider="AWS", regions=[region])],
        databases=[SubscriptionDatabaseSpec(name="main", dataset_size_in_gb=1)],
    )
    return ProSubscriptionPlan(spec=spec, databases=[*dbs[1:], *extra] if dbs else extra)


def _active_active(index: int, databases: int, *, prefix: str) -> ProSubscriptionPlan:
    name = f"{prefix}-aa-{index:03d}"
    regions = [
        RegionSpec(
            region=region,
            networking=RegionNetworkingSpec(deployment_cidr=f"10.{n}.0.0/24"),
        )
        for n, region in enumerate(_AA_REGIONS)
    ]
    throughput = [LocalThroughputSpec(region=region) for region in _AA_REGIONS]
    spec = SubscriptionCreateSpec(
        name=name,
        deployment_type="active-active",
        cloud_providers=[CloudProviderSpec(provider="AWS", regions=regions)],
        databases=[
            SubscriptionDatabaseSpec(
                name="main", dataset_size_in_gb=1, local_throughput_measurement=throughput
            )
        ],
    )
    dbs = [
        DatabaseCreateSpec(
            name=f"db-{n}", dataset_size_in_gb=1, local_throughput_measurement=throughput
        )
        for n in range(1, databases)
    ]
    return ProSubscriptionPlan(spec=spec, databases=dbs)


def sample_plan(
    *,
    subscriptions: int = 24,
    active_active: int = 4,
    databases: int = 8,
    later_databases: int = 0,
    essentials: int = 0,
    essentials_databases: int = 1,
    acl: bool = False,
    prefix: str = "fleet",
) -> Plan:
    """`subscriptions` Pro subscriptions (`active_active` of them across 3 regions)
    with `databases` databases each (the first in the create request, the others
    foldable into it) plus `later_databases` that only a database create can make;
    `essentials` Essentials subscriptions; with `acl`, a rule, a role on every
    subscription's ``main`` database and a user of that role."""
    pro = [
        _active_active(i, databases, prefix=prefix)
        if i < active_active
        else _pro(i, databases, prefix=prefix, later=later_databases)
        for i in range(subscriptions)
    ]
    fixed = [
        EssentialsSubscriptionPlan(
            spec=EssentialsSubscriptionCreateSpec(
                name=f"{prefix}-essentials-{i:03d}", plan_id=_ESSENTIALS_PLAN_ID
            ),
            databases=[
                EssentialsDatabaseCreateSpec(name=f"edb-{n}") for n in range(essentials_databases)
            ],
        )
        for i in range(essentials)
    ]
    acl_plan = AclPlan()
    if acl and pro:
        refs = [DatabaseRef(subscription=sub.name, database="main") for sub in pro]
        acl_plan = AclPlan(
            rules=[AclRedisRuleSpec(name=f"{prefix}-readers", redis_rule="+@read ~*")],
            roles=[
                RolePlan(
                    name=f"{prefix}-reader",
                    rules=[RoleRulePlan(rule=f"{prefix}-readers", databases=refs)],
                )
            ],
            users=[
                AclUserCreateSpec(
                    name=f"{prefix}-app", role=f"{prefix}-reader", password=_password()
                )
            ],
        )
    return Plan(subscriptions=pro, essentials=fixed, acl=acl_plan)
