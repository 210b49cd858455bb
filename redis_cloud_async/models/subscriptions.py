"""Pro subscriptions: what the server answers, and the specs to create and change them."""

from __future__ import annotations

import ipaddress
from typing import Any

import attrs

from .._errors import ValidationError
from ._base import Model, Spec, wire
from ._validators import cidr, in_range, length, non_empty, one_of, optional
from .common import (
    DATABASE_NAME,
    PAYMENT_METHOD,
    PERSISTENCE,
    PORT,
    PRO_PROTOCOL,
    RESP_VERSION,
    SHARDING_TYPE,
    SIZE_IN_GB,
    DataPersistence,
    PricingItem,
    ResourceStatus,
    Tag,
    ThroughputMeasurementSpec,
    require_change,
)

__all__ = [
    "CloudDetail",
    "CloudProviderSpec",
    "CustomerManagedKeySpec",
    "DatabaseModuleSpec",
    "LocalThroughputSpec",
    "RegionDetail",
    "RegionNetworking",
    "RegionNetworkingSpec",
    "RegionSpec",
    "ResourceTag",
    "Subscription",
    "SubscriptionCreateSpec",
    "SubscriptionDatabaseSpec",
    "SubscriptionList",
    "SubscriptionUpdateSpec",
]

MODULE_NAMES = ("RedisJSON", "RediSearch", "RedisTimeSeries", "RedisBloom", "RedisGraph")


# -- answers -------------------------------------------------------------------------
@attrs.frozen(kw_only=True)
class RegionNetworking(Model):
    """A region's deployment CIDR, VPC and subnet."""

    deployment_cidr: str | None = wire("deploymentCIDR", default=None)
    vpc_id: str | None = None
    subnet_id: str | None = None


@attrs.frozen(kw_only=True)
class RegionDetail(Model):
    """One region of a subscription, with its networking and availability zones."""

    region: str | None = None
    networking: list[RegionNetworking] = attrs.field(factory=list)
    preferred_availability_zones: list[str] = attrs.field(factory=list)
    multiple_availability_zones: bool | None = None


@attrs.frozen(kw_only=True)
class CloudDetail(Model):
    """Where a Pro subscription runs: one cloud account and its regions."""

    provider: str | None = None
    cloud_account_id: int | None = None
    aws_account_id: str | None = None
    total_size_in_gb: float | None = None
    regions: list[RegionDetail] = attrs.field(factory=list)
    #: The tags put on this cloud account's resources (recorded answers).
    resource_tags: list[ResourceTag] = attrs.field(factory=list)
    links: list[dict[str, str]] = attrs.field(factory=list, repr=False)


@attrs.frozen(kw_only=True)
class ResourceTag(Model):
    """A tag the service puts on the subscription's cloud resources."""

    key: str
    value: str | None = None


@attrs.frozen(kw_only=True)
class Subscription(Model):
    """A Pro subscription as the server reports it."""

    id: int
    name: str | None = None
    status: ResourceStatus | str | None = None
    deployment_type: str | None = None
    payment_method_id: int | None = None
    payment_method_type: str | None = None
    public_endpoint_access: bool | None = None
    memory_storage: str | None = None
    number_of_databases: int | None = None
    storage_encryption: bool | None = None
    persistent_storage_encryption_type: str | None = None
    deletion_grace_period: str | None = None
    customer_managed_key_access_details: dict[str, Any] | None = None
    resource_tags: list[ResourceTag] = attrs.field(factory=list)
    subscription_pricing: list[PricingItem] = attrs.field(factory=list, repr=False)
    cloud_details: list[CloudDetail] = attrs.field(factory=list, repr=False)
    links: list[dict[str, str]] = attrs.field(factory=list, repr=False)

    @property
    def is_active_active(self) -> bool:
        return self.deployment_type == "active-active"


@attrs.frozen(kw_only=True)
class SubscriptionList(Model):
    """The answer of `GET /subscriptions`."""

    account_id: int | None = None
    subscriptions: list[Subscription] = attrs.field(factory=list)
    links: list[dict[str, str]] = attrs.field(factory=list, repr=False)


# -- specs ---------------------------------------------------------------------------
@attrs.frozen(kw_only=True)
class RegionNetworkingSpec(Spec):
    """A region's network: its deployment CIDR (a /24 for Active-Active), or your VPC."""

    deployment_cidr: str | None = wire("deploymentCIDR", default=None, validator=optional(cidr))
    vpc_id: str | None = None
    subnet_ids: list[str] | None = None
    security_group_id: str | None = None


@attrs.frozen(kw_only=True)
class RegionSpec(Spec):
    """A region of a subscription, e.g. ``RegionSpec(region="us-east-1")``."""

    region: str = attrs.field(validator=non_empty)
    multiple_availability_zones: bool | None = None
    preferred_availability_zones: list[str] | None = None
    networking: RegionNetworkingSpec | None = None


@attrs.frozen(kw_only=True)
class CloudProviderSpec(Spec):
    """Where a subscription runs: a provider and its regions."""

    provider: str = attrs.field(default="AWS", validator=one_of(("AWS", "GCP", "Azure")))
    cloud_account_id: int | None = None
    regions: list[RegionSpec] = attrs.field(validator=length(1))
    resource_tags: list[Tag] | None = None


@attrs.frozen(kw_only=True)
class DatabaseModuleSpec(Spec):
    """An advanced capability (module) to enable on a new database."""

    name: str = attrs.field(validator=one_of(MODULE_NAMES))
    parameters: dict[str, Any] | None = None


@attrs.frozen(kw_only=True)
class LocalThroughputSpec(Spec):
    """Per-region throughput of an Active-Active database."""

    region: str = attrs.field(validator=non_empty)
    write_operations_per_second: int = attrs.field(default=1000, validator=in_range(0))
    read_operations_per_second: int = attrs.field(default=1000, validator=in_range(0))


@attrs.frozen(kw_only=True)
class SubscriptionDatabaseSpec(Spec):
    """A database planned inside a new subscription (sizing for the deployment plan)."""

    name: str = attrs.field(validator=DATABASE_NAME)
    protocol: str = attrs.field(default="redis", validator=PRO_PROTOCOL)
    dataset_size_in_gb: float | None = attrs.field(default=None, validator=optional(SIZE_IN_GB))
    port: int | None = attrs.field(default=None, validator=optional(PORT))
    support_oss_cluster_api: bool | None = wire("supportOSSClusterApi", default=None)
    data_persistence: DataPersistence | None = attrs.field(
        default=None, validator=optional(PERSISTENCE)
    )
    replication: bool | None = None
    throughput_measurement: ThroughputMeasurementSpec | None = None
    local_throughput_measurement: list[LocalThroughputSpec] | None = None
    modules: list[DatabaseModuleSpec] | None = None
    quantity: int | None = attrs.field(default=None, validator=optional(in_range(1)))
    resp_version: str | None = attrs.field(default=None, validator=optional(RESP_VERSION))
    redis_version: str | None = None
    query_performance_factor: str | None = None
    sharding_type: str | None = attrs.field(default=None, validator=optional(SHARDING_TYPE))


@attrs.frozen(kw_only=True)
class CustomerManagedKeySpec(Spec):
    """A customer-managed key that encrypts a subscription's storage."""

    resource_name: str = attrs.field(validator=non_empty)
    region: str | None = None


@attrs.frozen(kw_only=True)
class SubscriptionCreateSpec(Spec):
    """`POST /subscriptions`: a Pro subscription with its deployment plan.

    ``deployment_type="active-active"`` needs at least 2 regions with distinct,
    non-overlapping deployment CIDRs.
    """

    name: str = attrs.field(validator=[non_empty, length(1, 80)])
    cloud_providers: list[CloudProviderSpec] = attrs.field(validator=length(1))
    databases: list[SubscriptionDatabaseSpec] = attrs.field(validator=length(1))
    dry_run: bool | None = None
    deployment_type: str | None = attrs.field(
        default=None, validator=optional(one_of(("single-region", "active-active")))
    )
    payment_method: str | None = attrs.field(default=None, validator=optional(PAYMENT_METHOD))
    payment_method_id: int | None = None
    memory_storage: str | None = attrs.field(
        default=None, validator=optional(one_of(("ram", "ram-and-flash")))
    )
    persistent_storage_encryption_type: str | None = attrs.field(
        default=None,
        validator=optional(one_of(("cloud-provider-managed-key", "customer-managed-key"))),
    )
    public_endpoint_access: bool | None = None
    redis_version: str | None = None

    def __attrs_post_init__(self) -> None:
        if self.deployment_type == "active-active":
            regions = [r for cp in self.cloud_providers for r in cp.regions]
            if len(regions) < 2:
                raise ValidationError(
                    "SubscriptionCreateSpec.cloud_providers",
                    f"an Active-Active subscription needs at least 2 regions, got {len(regions)}",
                )
            _check_distinct_cidrs(regions)


def _check_distinct_cidrs(regions: list[RegionSpec]) -> None:
    seen: list[tuple[str, Any]] = []
    for index, region in enumerate(regions):
        block = region.networking.deployment_cidr if region.networking else None
        if block is None:
            continue
        network = ipaddress.ip_network(block)
        for other_name, other in seen:
            if network.overlaps(other):
                raise ValidationError(
                    f"SubscriptionCreateSpec.cloud_providers.regions[{index}].networking",
                    f"deployment CIDR {block} overlaps {other} of region {other_name}",
                )
        seen.append((region.region, network))


@attrs.frozen(kw_only=True)
class SubscriptionUpdateSpec(Spec):
    """`PUT /subscriptions/{id}`: the fields that can change after creation."""

    name: str | None = attrs.field(default=None, validator=optional(length(1, 80)))
    payment_method_id: int | None = None
    payment_method: str | None = attrs.field(default=None, validator=optional(PAYMENT_METHOD))
    public_endpoint_access: bool | None = None

    def __attrs_post_init__(self) -> None:
        require_change(self)
