"""Essentials (fixed-plan) plans, subscriptions and databases: answers and specs.

An Essentials subscription takes its size, cloud, region and limits from a plan
(`GET /fixed/plans`); its databases take their memory from that plan, not from a
per-database size.
"""

from __future__ import annotations

from typing import Any

import attrs

from .._errors import ValidationError
from ._base import Model, Spec, credential_uri, wire
from ._validators import cidr, each, in_range, length, matches, non_empty, one_of, optional
from .common import (
    DATABASE_NAME,
    EVICTION_POLICY,
    PAYMENT_METHOD,
    PERSISTENCE,
    RESP_VERSION,
    SIZE_IN_GB,
    ResourceStatus,
    require_change,
)
from .databases import (
    DatabaseAlert,
    DatabaseAlertSpec,
    DatabaseClustering,
    DatabaseFields,
    DatabaseSecurity,
    ReplicaSpec,
    check_sizing,
)
from .subscriptions import DatabaseModuleSpec

__all__ = [
    "PLAN_PROVIDERS",
    "DatabaseEndpoints",
    "EssentialsDatabase",
    "EssentialsDatabaseAlert",
    "EssentialsDatabaseBackup",
    "EssentialsDatabaseClustering",
    "EssentialsDatabaseCreateSpec",
    "EssentialsDatabaseList",
    "EssentialsDatabaseSecurity",
    "EssentialsDatabaseUpdateSpec",
    "EssentialsPlan",
    "EssentialsPlanList",
    "EssentialsSubscription",
    "EssentialsSubscriptionCreateSpec",
    "EssentialsSubscriptionDatabases",
    "EssentialsSubscriptionList",
    "EssentialsSubscriptionUpdateSpec",
]

#: The cloud providers `GET /fixed/plans?provider=` takes (Azure is spelled AZURE there).
PLAN_PROVIDERS = ("AWS", "GCP", "AZURE")
#: Essentials protocols: `stack` bundles every advanced capability (the service default).
ESSENTIALS_PROTOCOLS = ("redis", "memcached", "stack")
REDIS_VERSION = r"\d+(\.\d+){0,2}"


# -- answers: plans and subscriptions --------------------------------------------------
@attrs.frozen(kw_only=True)
class EssentialsPlan(Model):
    """A fixed size at a fixed price, in one cloud region (`FixedSubscriptionsPlan`)."""

    id: int
    name: str | None = None
    size: float | None = None
    dataset_size: float | None = None
    size_measurement_unit: str | None = None
    provider: str | None = None
    region: str | None = None
    region_id: int | None = None
    price: float | None = None
    price_currency: str | None = None
    price_period: str | None = None
    maximum_databases: int | None = None
    maximum_throughput: int | None = None
    maximum_bandwidth_gb: int | None = wire("maximumBandwidthGB", default=None)
    availability: str | None = None
    connections: str | None = None
    cidr_allow_rules: int | None = None
    support_data_persistence: bool | None = None
    redis_flex: bool | None = None
    support_instant_and_daily_backups: bool | None = None
    support_replication: bool | None = None
    support_clustering: bool | None = None
    support_ssl: bool | None = None
    supported_alerts: list[str] = attrs.field(factory=list)
    customer_support: str | None = None
    links: list[dict[str, str]] = attrs.field(factory=list, repr=False)


@attrs.frozen(kw_only=True)
class EssentialsPlanList(Model):
    """The answer of `GET /fixed/plans`."""

    plans: list[EssentialsPlan] = attrs.field(factory=list)
    links: list[dict[str, str]] = attrs.field(factory=list, repr=False)


@attrs.frozen(kw_only=True)
class EssentialsSubscription(Model):
    """An Essentials subscription as the server reports it, with its plan's limits."""

    id: int
    name: str | None = None
    status: ResourceStatus | str | None = None
    payment_method_id: int | None = None
    payment_method_type: str | None = None
    plan_id: int | None = None
    plan_name: str | None = None
    plan_type: str | None = None
    size: float | None = None
    size_measurement_unit: str | None = None
    provider: str | None = None
    region: str | None = None
    price: float | None = None
    price_period: str | None = None
    price_currency: str | None = None
    maximum_databases: int | None = None
    availability: str | None = None
    connections: str | None = None
    cidr_allow_rules: int | None = None
    support_data_persistence: bool | None = None
    support_instant_and_daily_backups: bool | None = None
    support_replication: bool | None = None
    support_clustering: bool | None = None
    customer_support: str | None = None
    #: As the server formats it (ISO 8601 in current answers, ``20-Nov-2022`` in older ones).
    creation_date: str | None = None
    database_status: str | None = None
    links: list[dict[str, str]] = attrs.field(factory=list, repr=False)


@attrs.frozen(kw_only=True)
class EssentialsSubscriptionList(Model):
    """The answer of `GET /fixed/subscriptions`."""

    account_id: int | None = None
    subscriptions: list[EssentialsSubscription] = attrs.field(factory=list)
    links: list[dict[str, str]] = attrs.field(factory=list, repr=False)


# -- answers: databases ---------------------------------------------------------------
@attrs.frozen(kw_only=True)
class DatabaseEndpoints(Model):
    """A public and a private endpoint (`dynamicEndpoints`, `replicaAsSourceEndpoints`)."""

    public: str | None = None
    private: str | None = None


@attrs.frozen(kw_only=True)
class EssentialsDatabaseClustering(DatabaseClustering):
    """How an Essentials database is sharded, and whether clustering is on."""

    enabled: bool | None = None


@attrs.frozen(kw_only=True)
class EssentialsDatabaseSecurity(DatabaseSecurity):
    """Access settings; Essentials answers name the default-user flag `defaultUserEnabled`."""

    default_user_enabled: bool | None = None


@attrs.frozen(kw_only=True)
class EssentialsDatabaseAlert(DatabaseAlert):
    """An alert set on an Essentials database, with the plan's default (`default_value`)."""


@attrs.frozen(kw_only=True)
class EssentialsDatabaseBackup(Model):
    """Whether an Essentials database backs up to its periodic path, and the state of its
    backups (`status`, e.g. ``idle``: recorded answers)."""

    remote_backup_enabled: bool | None = None
    status: str | None = None


@attrs.frozen(kw_only=True)
class EssentialsDatabase(DatabaseFields):
    """An Essentials database (`FixedDatabase`). The password is never in the repr.

    Single GETs carry the password (`.password`); its memory comes from the plan.
    """

    redis_version_compliance: str | None = None
    plan_memory_limit: float | None = None
    plan_dataset_size: float | None = None
    memory_limit_measurement_unit: str | None = None
    network_monthly_usage_in_byte: float | None = None
    redis_flex: bool | None = None
    dynamic_endpoints: DatabaseEndpoints | None = None
    replica_as_source_endpoints: DatabaseEndpoints | None = None
    clustering: EssentialsDatabaseClustering | None = None
    security: EssentialsDatabaseSecurity | None = None
    alerts: list[EssentialsDatabaseAlert] = attrs.field(factory=list)
    backup: EssentialsDatabaseBackup | None = None


@attrs.frozen(kw_only=True)
class EssentialsSubscriptionDatabases(Model):
    """The subscription of an Essentials database page, with its databases."""

    subscription_id: int | None = None
    number_of_databases: int | None = None
    databases: list[EssentialsDatabase] = attrs.field(factory=list)
    links: list[dict[str, str]] = attrs.field(factory=list, repr=False)


@attrs.frozen(kw_only=True)
class EssentialsDatabaseList(Model):
    """One page of `GET /fixed/subscriptions/{id}/databases` (`subscription` is an object)."""

    account_id: int | None = None
    subscription: EssentialsSubscriptionDatabases | None = None
    links: list[dict[str, str]] = attrs.field(factory=list, repr=False)

    @property
    def databases(self) -> list[EssentialsDatabase]:
        return self.subscription.databases if self.subscription else []


# -- specs: subscriptions -------------------------------------------------------------
def _check_payment(spec: Any) -> None:
    if spec.payment_method == "credit-card" and spec.payment_method_id is None:
        raise ValidationError(
            f"{type(spec).__name__}.payment_method_id",
            "payment_method='credit-card' needs a payment_method_id (GET /payment-methods)",
        )


@attrs.frozen(kw_only=True)
class EssentialsSubscriptionCreateSpec(Spec):
    """`POST /fixed/subscriptions`: a subscription on a plan (`client.essentials.plans`)."""

    name: str = attrs.field(validator=[non_empty, length(1, 80)])
    plan_id: int = attrs.field(validator=in_range(1))
    payment_method: str | None = attrs.field(default=None, validator=optional(PAYMENT_METHOD))
    payment_method_id: int | None = attrs.field(default=None, validator=optional(in_range(1)))

    def __attrs_post_init__(self) -> None:
        _check_payment(self)


@attrs.frozen(kw_only=True)
class EssentialsSubscriptionUpdateSpec(Spec):
    """`PUT /fixed/subscriptions/{id}`: rename, change plan (same cloud and region), or pay."""

    name: str | None = attrs.field(
        default=None, validator=[optional(non_empty), optional(length(1, 80))]
    )
    plan_id: int | None = attrs.field(default=None, validator=optional(in_range(1)))
    payment_method: str | None = attrs.field(default=None, validator=optional(PAYMENT_METHOD))
    payment_method_id: int | None = attrs.field(default=None, validator=optional(in_range(1)))

    def __attrs_post_init__(self) -> None:
        require_change(self)
        _check_payment(self)


# -- specs: databases -----------------------------------------------------------------
@attrs.frozen(kw_only=True)
class _EssentialsDatabaseSettings(Spec):
    """What creating and updating an Essentials database both set (all optional)."""

    resp_version: str | None = attrs.field(default=None, validator=optional(RESP_VERSION))
    data_persistence: str | None = attrs.field(default=None, validator=optional(PERSISTENCE))
    data_eviction_policy: str | None = attrs.field(
        default=None, validator=optional(EVICTION_POLICY)
    )
    replication: bool | None = None
    periodic_backup_path: str | None = credential_uri(default=None)
    source_ips: list[str] | None = attrs.field(
        default=None, validator=[optional(length(1)), optional(each(cidr))]
    )
    enable_default_user: bool | None = None
    password: str | None = attrs.field(default=None, repr=False, validator=optional(non_empty))
    enable_tls: bool | None = None
    client_ssl_certificate: str | None = attrs.field(default=None, repr=False)
    client_tls_certificates: list[dict[str, str]] | None = attrs.field(default=None, repr=False)
    alerts: list[DatabaseAlertSpec] | None = None
    replica: ReplicaSpec | None = None
    # Pay-as-you-go Essentials plans only:
    dataset_size_in_gb: float | None = attrs.field(default=None, validator=optional(SIZE_IN_GB))
    memory_limit_in_gb: float | None = attrs.field(default=None, validator=optional(SIZE_IN_GB))
    support_oss_cluster_api: bool | None = wire("supportOSSClusterApi", default=None)
    use_external_endpoint_for_oss_cluster_api: bool | None = wire(
        "useExternalEndpointForOSSClusterApi", default=None
    )
    enable_database_clustering: bool | None = None
    number_of_shards: int | None = attrs.field(default=None, validator=optional(in_range(1)))
    regex_rules: list[str] | None = None

    def __attrs_post_init__(self) -> None:
        name = type(self).__name__
        check_sizing(self, name)
        if self.regex_rules and not self.enable_database_clustering:
            raise ValidationError(f"{name}.regex_rules", "needs enable_database_clustering=True")


@attrs.frozen(kw_only=True)
class EssentialsDatabaseCreateSpec(_EssentialsDatabaseSettings):
    """`POST /fixed/subscriptions/{id}/databases`: a database sized by the plan.

    Only `name` is required. Persistence, replication and backups need a plan that
    supports them (see `EssentialsPlan.support_*`).
    """

    name: str = attrs.field(validator=DATABASE_NAME)
    protocol: str | None = attrs.field(
        default=None, validator=optional(one_of(ESSENTIALS_PROTOCOLS))
    )
    redis_version: str | None = attrs.field(
        default=None, validator=optional(matches(REDIS_VERSION, "a version such as 7.4"))
    )
    modules: list[DatabaseModuleSpec] | None = None

    def __attrs_post_init__(self) -> None:
        super().__attrs_post_init__()
        if self.periodic_backup_path == "":
            raise ValidationError(
                "EssentialsDatabaseCreateSpec.periodic_backup_path", "must not be empty"
            )
        if self.modules and self.protocol in ("memcached", "stack"):
            raise ValidationError(
                "EssentialsDatabaseCreateSpec.modules",
                f"modules are chosen with protocol 'redis' only, not '{self.protocol}'",
            )


@attrs.frozen(kw_only=True)
class EssentialsDatabaseUpdateSpec(_EssentialsDatabaseSettings):
    """`PUT /fixed/subscriptions/{id}/databases/{id}`: change an Essentials database.

    Its memory comes from the plan: to grow it, change the subscription's plan.
    An empty `periodic_backup_path` removes the backup location.
    """

    name: str | None = attrs.field(default=None, validator=optional(DATABASE_NAME))

    def __attrs_post_init__(self) -> None:
        require_change(self)
        super().__attrs_post_init__()
