"""Pro databases: what the server answers, and the specs to create and change them."""

from __future__ import annotations

from typing import Any

import attrs

from .._errors import ValidationError
from ._base import Model, Spec, credential_uri, wire
from ._validators import cidr, each, in_range, length, matches, one_of, optional
from .common import (
    DATABASE_NAME,
    EVICTION_POLICY,
    PERSISTENCE,
    PORT,
    PRO_PROTOCOL,
    RESP_VERSION,
    SHARDING_TYPE,
    SIZE_IN_GB,
    DataEvictionPolicy,
    DataPersistence,
    ResourceStatus,
    ThroughputMeasurement,
    ThroughputMeasurementSpec,
    require_change,
)
from .subscriptions import DatabaseModuleSpec, LocalThroughputSpec

__all__ = [
    "ALERT_NAMES",
    "CrdbBackup",
    "CrdbDatabase",
    "Database",
    "DatabaseAlert",
    "DatabaseAlertSpec",
    "DatabaseBackupConfigSpec",
    "DatabaseClustering",
    "DatabaseCreateSpec",
    "DatabaseList",
    "DatabaseModule",
    "DatabaseSecurity",
    "DatabaseUpdateSpec",
    "ReplicaSpec",
    "SubscriptionDatabases",
    "SyncSourceSpec",
]

ALERT_NAMES = (
    "dataset-size",
    "datasets-size",
    "throughput-higher-than",
    "throughput-lower-than",
    "latency",
    "syncsource-error",
    "syncsource-lag",
    "connections-limit",
)


# -- answers -------------------------------------------------------------------------
@attrs.frozen(kw_only=True)
class DatabaseSecurity(Model):
    """Who may reach a database and how: default user, TLS, source IPs (password hidden)."""

    enable_default_user: bool | None = None
    password: str | None = attrs.field(default=None, repr=False)
    ssl_client_authentication: bool | None = None
    tls_client_authentication: bool | None = None
    enable_tls: bool | None = None
    source_ips: list[str] = attrs.field(factory=list)


@attrs.frozen(kw_only=True)
class DatabaseModule(Model):
    """An advanced capability (module) a database runs, with its parameters."""

    id: int | None = None
    name: str | None = None
    capability_name: str | None = None
    version: str | None = None
    description: str | None = None
    parameters: list[Any] = attrs.field(factory=list)


@attrs.frozen(kw_only=True)
class DatabaseAlert(Model):
    """An alert set on a database: its name and threshold. Per Active-Active region, the
    service also sends the alert's `id` (e.g. ``"51054122-2"``) and its `default_value`
    (recorded answers)."""

    name: str | None = None
    value: int | None = None
    id: str | None = None
    default_value: int | None = None


@attrs.frozen(kw_only=True)
class RegexRule(Model):
    ordinal: int | None = None
    pattern: str | None = None


@attrs.frozen(kw_only=True)
class DatabaseClustering(Model):
    """How a database is sharded: shard count, hashing policy and regex rules."""

    number_of_shards: int | None = None
    regex_rules: list[RegexRule] = attrs.field(factory=list)
    hashing_policy: str | None = None


@attrs.frozen(kw_only=True)
class SyncSource(Model):
    endpoint: str | None = credential_uri(default=None)
    encryption: bool | None = None
    client_cert: str | None = attrs.field(default=None, repr=False)


@attrs.frozen(kw_only=True)
class Replica(Model):
    sync_sources: list[SyncSource] = attrs.field(factory=list)


@attrs.frozen(kw_only=True)
class ReplicaOf(Model):
    """The sources a database replicates (`replicaOf`), when it is a replica."""

    endpoints: list[str] = attrs.field(factory=list)


@attrs.frozen(kw_only=True)
class CrdbBackup(Model):
    """Whether an Active-Active region backs up to remote storage, how often and when
    (`interval` such as ``every-12-hours``, `time_utc` ``HH:MM``; empty when off)."""

    enable_remote_backup: bool | None = None
    interval: str | None = None
    time_utc: str | None = wire("timeUTC", default=None)
    destination: str | None = None


@attrs.frozen(kw_only=True)
class CrdbDatabase(Model):
    """One region of an Active-Active database: its local size, throughput, endpoints."""

    provider: str | None = None
    region: str | None = None
    public_endpoint: str | None = None
    private_endpoint: str | None = None
    memory_limit_in_gb: float | None = None
    dataset_size_in_gb: float | None = None
    memory_used_in_mb: float | None = None
    read_operations_per_second: int | None = None
    write_operations_per_second: int | None = None
    data_persistence: DataPersistence | str | None = None
    alerts: list[DatabaseAlert] = attrs.field(factory=list)
    security: DatabaseSecurity | None = None
    backup: CrdbBackup | None = None
    redis_version_compliance: str | None = None
    resp_version: str | None = None
    query_performance_factor: str | None = None
    links: list[dict[str, str]] = attrs.field(factory=list, repr=False)


@attrs.frozen(kw_only=True)
class DatabaseFields(Model):
    """What Pro (`Database`) and Essentials (`EssentialsDatabase`) databases both report."""

    database_id: int
    name: str | None = None
    protocol: str | None = None
    provider: str | None = None
    region: str | None = None
    redis_version: str | None = None
    resp_version: str | None = None
    status: ResourceStatus | str | None = None
    dataset_size_in_gb: float | None = None
    memory_limit_in_gb: float | None = None
    memory_used_in_mb: float | None = None
    memory_storage: str | None = None
    support_oss_cluster_api: bool | None = wire("supportOSSClusterApi", default=None)
    use_external_endpoint_for_oss_cluster_api: bool | None = wire(
        "useExternalEndpointForOSSClusterApi", default=None
    )
    data_persistence: DataPersistence | str | None = None
    replication: bool | None = None
    data_eviction_policy: DataEvictionPolicy | str | None = None
    activated_on: str | None = None
    last_modified: str | None = None
    public_endpoint: str | None = None
    private_endpoint: str | None = None
    replica: Replica | None = None
    replica_of: ReplicaOf | None = None
    clustering: DatabaseClustering | None = None
    security: DatabaseSecurity | None = None
    modules: list[DatabaseModule] = attrs.field(factory=list)
    #: Where the database's metrics are scraped (recorded answers).
    prometheus_endpoint: str | None = None
    links: list[dict[str, str]] = attrs.field(factory=list, repr=False)

    @property
    def password(self) -> str | None:
        """The default user's password (`security.password`), when the server sends it."""
        return self.security.password if self.security else None


@attrs.frozen(kw_only=True)
class Database(DatabaseFields):
    """A Pro database as the server reports it. The password is never in the repr."""

    throughput_measurement: ThroughputMeasurement | None = None
    alerts: list[DatabaseAlert] = attrs.field(factory=list)
    active_active_redis: bool | None = None
    crdb_databases: list[CrdbDatabase] = attrs.field(factory=list, repr=False)
    # The settings an Active-Active database applies to every region that sets none
    # of its own (recorded answers).
    global_data_persistence: DataPersistence | str | None = None
    global_source_ip: list[str] = attrs.field(factory=list)
    global_password: str | None = attrs.field(default=None, repr=False)
    global_enable_default_user: bool | None = None
    global_alerts: list[DatabaseAlert] = attrs.field(factory=list)
    global_modules: list[DatabaseModule] = attrs.field(factory=list)


@attrs.frozen(kw_only=True)
class SubscriptionDatabases(Model):
    """One subscription's entry of a Pro database page."""

    subscription_id: int | None = None
    number_of_databases: int | None = None
    databases: list[Database] = attrs.field(factory=list)
    links: list[dict[str, str]] = attrs.field(factory=list, repr=False)


@attrs.frozen(kw_only=True)
class DatabaseList(Model):
    """One page of `GET /subscriptions/{id}/databases` (its `subscription` is a list)."""

    account_id: int | None = None
    subscription: list[SubscriptionDatabases] = attrs.field(factory=list)
    links: list[dict[str, str]] = attrs.field(factory=list, repr=False)


# -- specs ---------------------------------------------------------------------------
@attrs.frozen(kw_only=True)
class DatabaseAlertSpec(Spec):
    """An alert to set on a database: one of `ALERT_NAMES` and its threshold."""

    name: str = attrs.field(validator=one_of(ALERT_NAMES))
    value: int = attrs.field(validator=in_range(0))


@attrs.frozen(kw_only=True)
class SyncSourceSpec(Spec):
    """A database to replicate from: its ``redis://`` URI and TLS settings."""

    endpoint: str = credential_uri(
        validator=matches(r"(redis|rediss)://\S+", "a redis:// or rediss:// URI")
    )
    encryption: bool | None = None
    server_cert: str | None = attrs.field(default=None, repr=False)


@attrs.frozen(kw_only=True)
class ReplicaSpec(Spec):
    """Make a database a replica of one or more sources (Active-Passive)."""

    sync_sources: list[SyncSourceSpec] = attrs.field(validator=length(1))


@attrs.frozen(kw_only=True)
class DatabaseBackupConfigSpec(Spec):
    """Periodic backups of a database to remote storage (S3, GCS, Azure, FTP)."""

    active: bool | None = None
    interval: str | None = attrs.field(
        default=None,
        validator=optional(
            one_of(
                (
                    "every-24-hours",
                    "every-12-hours",
                    "every-6-hours",
                    "every-4-hours",
                    "every-2-hours",
                    "every-1-hours",
                )
            )
        ),
    )
    time_utc: str | None = wire("timeUTC", default=None)
    storage_type: str | None = None
    storage_path: str | None = credential_uri(default=None)


def check_sizing(spec: Any, name: str) -> None:
    """The sizing rules every database spec shares (Pro, Active-Active, Essentials)."""
    if spec.dataset_size_in_gb is not None and spec.memory_limit_in_gb is not None:
        raise ValidationError(
            f"{name}.dataset_size_in_gb", "set dataset_size_in_gb or memory_limit_in_gb, not both"
        )
    if spec.use_external_endpoint_for_oss_cluster_api and not spec.support_oss_cluster_api:
        raise ValidationError(
            f"{name}.use_external_endpoint_for_oss_cluster_api",
            "needs support_oss_cluster_api=True",
        )


@attrs.frozen(kw_only=True)
class DatabaseCreateSpec(Spec):
    """`POST /subscriptions/{id}/databases`: a new Pro database."""

    name: str = attrs.field(validator=DATABASE_NAME)
    dry_run: bool | None = None
    protocol: str | None = attrs.field(default=None, validator=optional(PRO_PROTOCOL))
    port: int | None = attrs.field(default=None, validator=optional(PORT))
    dataset_size_in_gb: float | None = attrs.field(default=None, validator=optional(SIZE_IN_GB))
    memory_limit_in_gb: float | None = attrs.field(default=None, validator=optional(SIZE_IN_GB))
    redis_version: str | None = None
    auto_minor_version_upgrade: bool | None = None
    resp_version: str | None = attrs.field(default=None, validator=optional(RESP_VERSION))
    support_oss_cluster_api: bool | None = wire("supportOSSClusterApi", default=None)
    use_external_endpoint_for_oss_cluster_api: bool | None = wire(
        "useExternalEndpointForOSSClusterApi", default=None
    )
    data_persistence: str | None = attrs.field(default=None, validator=optional(PERSISTENCE))
    data_eviction_policy: str | None = attrs.field(
        default=None, validator=optional(EVICTION_POLICY)
    )
    replication: bool | None = None
    replica: ReplicaSpec | None = None
    throughput_measurement: ThroughputMeasurementSpec | None = None
    local_throughput_measurement: list[LocalThroughputSpec] | None = None
    remote_backup: DatabaseBackupConfigSpec | None = None
    source_ip: list[str] | None = attrs.field(default=None, validator=optional(each(cidr)))
    client_tls_certificates: list[dict[str, str]] | None = attrs.field(default=None, repr=False)
    enable_tls: bool | None = None
    password: str | None = attrs.field(default=None, repr=False)
    sasl_username: str | None = None
    sasl_password: str | None = attrs.field(default=None, repr=False)
    alerts: list[DatabaseAlertSpec] | None = None
    modules: list[DatabaseModuleSpec] | None = None
    sharding_type: str | None = attrs.field(default=None, validator=optional(SHARDING_TYPE))
    query_performance_factor: str | None = None

    def __attrs_post_init__(self) -> None:
        check_sizing(self, "DatabaseCreateSpec")
        if self.protocol == "memcached" and self.modules:
            raise ValidationError(
                "DatabaseCreateSpec.modules", "memcached databases take no modules"
            )


@attrs.frozen(kw_only=True)
class DatabaseUpdateSpec(Spec):
    """`PUT /subscriptions/{id}/databases/{id}`: change a Pro database."""

    dry_run: bool | None = None
    name: str | None = attrs.field(default=None, validator=optional(DATABASE_NAME))
    dataset_size_in_gb: float | None = attrs.field(default=None, validator=optional(SIZE_IN_GB))
    memory_limit_in_gb: float | None = attrs.field(default=None, validator=optional(SIZE_IN_GB))
    resp_version: str | None = attrs.field(default=None, validator=optional(RESP_VERSION))
    throughput_measurement: ThroughputMeasurementSpec | None = None
    data_persistence: str | None = attrs.field(default=None, validator=optional(PERSISTENCE))
    data_eviction_policy: str | None = attrs.field(
        default=None, validator=optional(EVICTION_POLICY)
    )
    replication: bool | None = None
    regex_rules: list[str] | None = None
    replica: ReplicaSpec | None = None
    support_oss_cluster_api: bool | None = wire("supportOSSClusterApi", default=None)
    use_external_endpoint_for_oss_cluster_api: bool | None = wire(
        "useExternalEndpointForOSSClusterApi", default=None
    )
    password: str | None = attrs.field(default=None, repr=False)
    sasl_username: str | None = None
    sasl_password: str | None = attrs.field(default=None, repr=False)
    source_ip: list[str] | None = attrs.field(default=None, validator=optional(each(cidr)))
    client_tls_certificates: list[dict[str, str]] | None = attrs.field(default=None, repr=False)
    enable_tls: bool | None = None
    enable_default_user: bool | None = None
    remote_backup: DatabaseBackupConfigSpec | None = None
    alerts: list[DatabaseAlertSpec] | None = None
    auto_minor_version_upgrade: bool | None = None
    query_performance_factor: str | None = None

    def __attrs_post_init__(self) -> None:
        check_sizing(self, "DatabaseUpdateSpec")
        require_change(self)
