"""What Pro database operations send and answer: backup, import, tags, certificate,
slow log, version upgrades, traffic, and the regional settings of Active-Active
databases."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import attrs

from .._errors import ValidationError
from ._base import Model, Spec, StrEnum, credential_uri, wire
from ._validators import cidr, each, length, matches, non_empty, one_of, optional
from .common import (
    DATABASE_NAME,
    EVICTION_POLICY,
    PERSISTENCE,
    RESP_VERSION,
    SIZE_IN_GB,
    Tag,
    distinct,
    require_change,
    require_tag_values,
)
from .databases import DatabaseAlertSpec, DatabaseBackupConfigSpec, check_sizing
from .subscriptions import LocalThroughputSpec

__all__ = [
    "IMPORT_URI_SCHEMES",
    "ActiveActiveDatabaseUpdateSpec",
    "BackupStatus",
    "DatabaseBackupSpec",
    "DatabaseCertificate",
    "DatabaseImportSpec",
    "DatabaseTag",
    "DatabaseTags",
    "DatabaseTagsSpec",
    "DatabaseUpgradeSpec",
    "ImportSource",
    "ImportStatus",
    "LocalRegionPropertiesSpec",
    "SlowLog",
    "SlowLogEntry",
    "TagValueSpec",
    "TargetVersion",
    "TargetVersions",
    "TrafficState",
    "UpgradeState",
    "UpgradeStatus",
]


# -- backup and import ---------------------------------------------------------------
@attrs.frozen(kw_only=True)
class BackupStatus(Model):
    """The latest backup of a database (`GET .../backup`, through a task)."""

    status: str | None = None
    last_backup_time: str | None = None


@attrs.frozen(kw_only=True)
class ImportStatus(Model):
    """The latest import into a database (`GET .../import`, through a task)."""

    status: str | None = None
    last_import_time: str | None = None
    #: Why the import failed (recorded answers), when it did.
    failure_reason: str | None = None


@attrs.frozen(kw_only=True)
class DatabaseBackupSpec(Spec):
    """`POST .../backup`: back up now, to the configured remote backup location or to
    `adhoc_backup_path`. Active-Active databases back up one region at a time
    (`region_name`)."""

    region_name: str | None = attrs.field(default=None, validator=optional(non_empty))
    adhoc_backup_path: str | None = credential_uri(
        default=None,
        validator=optional(
            matches(r"[a-z][a-z0-9+.-]*://\S+", "a storage URI such as s3://bucket/path")
        ),
    )


class ImportSource(StrEnum):
    """Where `POST .../import` reads from (the guide's ``gcs`` is ``google-blob-storage``)."""

    HTTP = "http"
    REDIS = "redis"
    FTP = "ftp"
    AWS_S3 = "aws-s3"
    AZURE_BLOB_STORAGE = "azure-blob-storage"
    GOOGLE_BLOB_STORAGE = "google-blob-storage"


#: The URI schemes each import source reads.
IMPORT_URI_SCHEMES: dict[str, tuple[str, ...]] = {
    ImportSource.HTTP: ("http", "https"),
    ImportSource.REDIS: ("redis", "rediss"),
    ImportSource.FTP: ("ftp", "ftps"),
    ImportSource.AWS_S3: ("s3",),
    ImportSource.AZURE_BLOB_STORAGE: ("abs",),
    ImportSource.GOOGLE_BLOB_STORAGE: ("gs",),
}
_SOURCE_ALIASES = {"gcs": ImportSource.GOOGLE_BLOB_STORAGE}


def _import_source(value: Any) -> Any:
    return _SOURCE_ALIASES.get(value, value) if isinstance(value, str) else value


@attrs.frozen(kw_only=True)
class DatabaseImportSpec(Spec):
    """`POST .../import`: replace the database's data with an RDB file or a Redis source.

    Every URI must suit the source type: ``http``/``https`` for ``http``, ``s3://`` for
    ``aws-s3``, ``gs://`` for ``google-blob-storage`` (``gcs``), ``abs://`` for
    ``azure-blob-storage``, ``ftp://`` for ``ftp``, ``redis://``/``rediss://`` for
    ``redis`` (a single source). URIs may carry credentials: they are never shown.
    """

    source_type: str = attrs.field(converter=_import_source, validator=one_of(ImportSource))
    #: Hidden whole from reprs (a signed URL is all credential); registered as it is built.
    import_from_uri: list[str] = credential_uri(validator=length(1), repr=False)  # noqa: RUF009

    def __attrs_post_init__(self) -> None:
        schemes = IMPORT_URI_SCHEMES[self.source_type]
        for index, uri in enumerate(self.import_from_uri):
            scheme, sep, rest = uri.partition("://") if isinstance(uri, str) else ("", "", "")
            if not sep or not rest.strip() or scheme.lower() not in schemes:
                raise ValidationError(
                    f"DatabaseImportSpec.import_from_uri[{index}]",
                    f"a {self.source_type} source is a {' or '.join(s + '://' for s in schemes)}"
                    " URI",
                )
        if self.source_type == ImportSource.REDIS and len(self.import_from_uri) > 1:
            raise ValidationError(
                "DatabaseImportSpec.import_from_uri", "a redis import takes a single source"
            )
        distinct("DatabaseImportSpec.import_from_uri", self.import_from_uri, "URI")


# -- tags ------------------------------------------------------------------------------
@attrs.frozen(kw_only=True)
class DatabaseTag(Model):
    """A key/value tag on a database."""

    key: str
    value: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    links: list[dict[str, str]] = attrs.field(factory=list, repr=False)


@attrs.frozen(kw_only=True)
class DatabaseTags(Model):
    """The answer of the tag operations: the database's tags."""

    account_id: int | None = None
    tags: list[DatabaseTag] = attrs.field(factory=list)
    links: list[dict[str, str]] = attrs.field(factory=list, repr=False)


@attrs.frozen(kw_only=True)
class DatabaseTagsSpec(Spec):
    """`PUT .../tags`: every tag of the database (replaces them all): at least one, each
    key once, every tag with a value."""

    tags: list[Tag] = attrs.field(validator=length(1))

    def __attrs_post_init__(self) -> None:
        distinct("DatabaseTagsSpec.tags", (tag.key for tag in self.tags), "key")
        require_tag_values("DatabaseTagsSpec.tags", self.tags)


@attrs.frozen(kw_only=True)
class TagValueSpec(Spec):
    """`PUT .../tags/{key}`: the tag's new value."""

    value: str = attrs.field(validator=[non_empty, length(1, 256)])


# -- certificate, slow log, versions, traffic ------------------------------------------
@attrs.frozen(kw_only=True)
class DatabaseCertificate(Model):
    """The database's TLS server certificate, PEM encoded."""

    public_certificate_pem_string: str = wire("publicCertificatePEMString")


@attrs.frozen(kw_only=True)
class SlowLogEntry(Model):
    """One slow command: when it ran, how long it took, its arguments."""

    id: int | None = None
    start_time: datetime | None = None
    duration: int | None = None  #: microseconds
    arguments: str | None = None


@attrs.frozen(kw_only=True)
class SlowLog(Model):
    """The answer of `GET .../slow-log`: its entries."""

    entries: list[SlowLogEntry] = attrs.field(factory=list)
    links: list[dict[str, str]] = attrs.field(factory=list, repr=False)


@attrs.frozen(kw_only=True)
class TargetVersion(Model):
    """A Redis version a database can be upgraded to."""

    redis_version: str


@attrs.frozen(kw_only=True)
class TargetVersions(Model):
    """The answer of `GET .../available-target-versions`."""

    targets: list[TargetVersion] = attrs.field(factory=list)


@attrs.frozen(kw_only=True)
class DatabaseUpgradeSpec(Spec):
    """`POST .../upgrade`: the Redis version to upgrade to (e.g. ``"7.4"``)."""

    target_redis_version: str = attrs.field(
        validator=matches(r"\d+\.\d+(\.\d+)?", "a Redis version such as 7.4")
    )


class UpgradeState(StrEnum):
    """Where a database's version upgrade stands."""

    IN_PROGRESS = "in-progress"
    IN_PROGRESS_RECOVERY_PENDING = "in-progress-recovery-pending"
    DONE = "done"
    FAILED = "failed"


@attrs.frozen(kw_only=True)
class UpgradeStatus(Model):
    """The latest version upgrade of a database (`GET .../upgrade`)."""

    database_id: int | None = None
    target_redis_version: str | None = None
    progress: float | None = None
    upgrade_status: UpgradeState | str | None = None


@attrs.frozen(kw_only=True)
class TrafficState(Model):
    """Traffic of a database that was the source of a redirect-endpoints operation."""

    bdb_id: int | None = None
    traffic_status: str | None = None
    can_resume: bool | None = None
    resume_in_progress: bool | None = None
    stop_reason: str | None = None
    resume_eligible_at: datetime | None = None


# -- Active-Active (CRDB) regional settings ----------------------------------------------
@attrs.frozen(kw_only=True)
class LocalRegionPropertiesSpec(Spec):
    """Settings of one region of an Active-Active database (they win over the global ones)."""

    region: str = attrs.field(validator=non_empty)
    local_throughput_measurement: LocalThroughputSpec | None = None
    remote_backup: DatabaseBackupConfigSpec | None = None
    data_persistence: str | None = attrs.field(default=None, validator=optional(PERSISTENCE))
    password: str | None = attrs.field(default=None, repr=False)
    source_ip: list[str] | None = attrs.field(default=None, validator=optional(each(cidr)))
    alerts: list[DatabaseAlertSpec] | None = None
    resp_version: str | None = attrs.field(default=None, validator=optional(RESP_VERSION))
    enable_default_user: bool | None = None

    def __attrs_post_init__(self) -> None:
        throughput = self.local_throughput_measurement
        if throughput is not None and throughput.region != self.region:
            raise ValidationError(
                "LocalRegionPropertiesSpec.local_throughput_measurement.region",
                f"{throughput.region!r} is not this region ({self.region!r})",
            )


@attrs.frozen(kw_only=True)
class ActiveActiveDatabaseUpdateSpec(Spec):
    """`PUT .../databases/{id}/regions`: change an Active-Active database, globally and per
    region (`regions`, each region once)."""

    dry_run: bool | None = None
    name: str | None = attrs.field(default=None, validator=optional(DATABASE_NAME))
    dataset_size_in_gb: float | None = attrs.field(default=None, validator=optional(SIZE_IN_GB))
    memory_limit_in_gb: float | None = attrs.field(default=None, validator=optional(SIZE_IN_GB))
    support_oss_cluster_api: bool | None = wire("supportOSSClusterApi", default=None)
    use_external_endpoint_for_oss_cluster_api: bool | None = wire(
        "useExternalEndpointForOSSClusterApi", default=None
    )
    client_tls_certificates: list[dict[str, str]] | None = attrs.field(default=None, repr=False)
    enable_tls: bool | None = None
    global_data_persistence: str | None = attrs.field(default=None, validator=optional(PERSISTENCE))
    global_password: str | None = attrs.field(default=None, repr=False)
    global_enable_default_user: bool | None = None
    global_source_ip: list[str] | None = attrs.field(default=None, validator=optional(each(cidr)))
    global_alerts: list[DatabaseAlertSpec] | None = None
    regions: list[LocalRegionPropertiesSpec] | None = None
    data_eviction_policy: str | None = attrs.field(
        default=None, validator=optional(EVICTION_POLICY)
    )
    auto_minor_version_upgrade: bool | None = None

    def __attrs_post_init__(self) -> None:
        check_sizing(self, "ActiveActiveDatabaseUpdateSpec")
        distinct(
            "ActiveActiveDatabaseUpdateSpec.regions",
            (r.region for r in self.regions or []),
            "region",
        )
        require_change(self)
