"""What a database's sub-operations do: tags, backup, import, upgrade and traffic.

Tags change at once (409 for a key that exists, 404 for one that does not). Backup,
import and upgrade are tasks: checked when they run, then reported by their status
operations while the data moves (the ``data_transfer`` and ``database_update`` durations);
an import or an upgrade makes the database ``active-change-pending`` meanwhile.
Active-Active databases back up one region at a time.
"""

from __future__ import annotations

from typing import Any

from ..engine.errors import TaskError, conflict, not_found
from ..engine.simulation import Simulation
from ..engine.state import ACTIVE, CHANGE_PENDING, Database, Subscription, Tag
from ..engine.tasks import Outcome
from . import reference_data
from .busy import require_database

#: The URI schemes each import source reads (``gcs``: the guide's name for Google storage).
IMPORT_SOURCES: dict[str, tuple[str, ...]] = {
    "http": ("http", "https"),
    "redis": ("redis", "rediss"),
    "ftp": ("ftp", "ftps"),
    "aws-s3": ("s3",),
    "azure-blob-storage": ("abs",),
    "google-blob-storage": ("gs",),
    "gcs": ("gs",),
}
_BAD_URI = {
    "http": "DATABASE_IMPORT_HTTP_BAD_URI",
    "redis": "DATABASE_IMPORT_REDIS_BAD_URI",
    "ftp": "DATABASE_IMPORT_FTP_BAD_URI",
    "aws-s3": "DATABASE_IMPORT_S3_BAD_URI",
    "azure-blob-storage": "DATABASE_IMPORT_AZURE_BAD_URI",
    "google-blob-storage": "DATABASE_IMPORT_GCS_BAD_URI",
    "gcs": "DATABASE_IMPORT_GCS_BAD_URI",
}


# -- tags --------------------------------------------------------------------------------


def existing_tag(db: Database, key: str) -> Tag:
    if key not in db.tags:
        raise not_found(f"Tag '{key}' not found on database {db.id}")
    return db.tags[key]


def replace_tags(db: Database, items: list[dict[str, Any]], now: float) -> None:
    """The tags become ``items``; a key kept keeps its creation time."""
    old = db.tags
    db.tags = {
        item["key"]: Tag(
            key=item["key"],
            value=item["value"],
            created_at=old[item["key"]].created_at if item["key"] in old else now,
            updated_at=now,
        )
        for item in items
    }


def add_tag(db: Database, key: str, value: str, now: float) -> Tag:
    if key in db.tags:
        raise conflict(f"Tag '{key}' already exists on database {db.id}")
    db.tags[key] = Tag(key=key, value=value, created_at=now, updated_at=now)
    return db.tags[key]


def set_tag(tag: Tag, value: str, now: float) -> None:
    tag.value = value
    tag.updated_at = now


def delete_tag(db: Database, key: str) -> None:
    del db.tags[existing_tag(db, key).key]


# -- backup and import -------------------------------------------------------------------


def check_region(
    db: Database,
    region: str | None,
    *,
    missing: str = "ACTIVE_ACTIVE_BACKUP_MISSING_REGION_NAME",
    unknown: str = "ACTIVE_ACTIVE_INVALID_BACKUP_REGION_NAME",
    single: str = "BACKUP_REGION_NAME_IS_NOT_ALLOWED_WITH_SINGLE_REGION_SUBSCRIPTION",
) -> None:
    if db.regions and not region:
        raise TaskError(missing, "Active-Active databases need 'regionName'")
    if region and not db.regions:
        raise TaskError(single, "'regionName' is only for Active-Active databases")
    if region and region not in db.regions:
        raise TaskError(unknown, f"Region '{region}' is not a region of database {db.id}")


def import_problem(source: str, uris: list[str]) -> TaskError | None:
    if source not in IMPORT_SOURCES:
        return TaskError("DATABASE_INVALID_IMPORT_SOURCE_TYPE", f"Unknown source {source}")
    if not uris:
        return TaskError("DATABASE_IMPORT_URI_NOT_PROVIDED", "No 'importFromUri'")
    for uri in uris:
        scheme, sep, rest = uri.partition("://")
        if not sep or not rest or scheme.lower() not in IMPORT_SOURCES[source]:
            return TaskError(_BAD_URI[source], f"'{uri}' is not a {source} URI")
    if source == "redis" and len(uris) > 1:
        return TaskError("DATABASE_IMPORT_MULTIPLE_REDIS_SOURCES", "One Redis source at a time")
    if len(set(uris)) != len(uris):
        return TaskError("DUPLICATE_DATABASE_IMPORT_SOURCE_PATH", "A source is listed twice")
    return None


def backup(
    sim: Simulation,
    sub: Subscription,
    db: Database,
    region: str | None,
    path: str | None,
    out: Outcome,
) -> None:
    """A backup task: to ``path`` or the configured one; ``in-progress``, then ``success``."""
    require_database(sim, sub, db)
    check_region(db, region)
    configured = db.settings.get("periodicBackupPath") or db.settings.get("remoteBackup")
    if not (path or configured):
        raise TaskError("DATABASE_BACKUP_NOT_CONFIGURED", "Set a backup path or 'adhocBackupPath'")
    db.backup_status = {"status": "in-progress"}

    def done(when: float) -> None:
        db.backup_status = {"status": "success", "lastBackupTime": sim.iso(when)}

    sim.scheduler.at(out.now + sim.seconds("data_transfer"), done)
    out.resource_id = db.id
    out.additional_resource_id = sub.id


def start_import(
    sim: Simulation, sub: Subscription, db: Database, source: str, uris: list[str], out: Outcome
) -> None:
    """An import task: the database ``active-change-pending`` while the data comes in."""
    require_database(sim, sub, db)
    problem = import_problem(source, uris)
    if problem is not None:
        raise problem
    db.import_status = {"status": "in-progress"}

    def done(when: float) -> None:
        db.import_status = {"status": "success", "lastImportTime": sim.iso(when)}

    sim.transition(db, CHANGE_PENDING, ACTIVE, "data_transfer", out.now, done=done)
    out.resource_id = db.id
    out.additional_resource_id = sub.id


# -- upgrades and traffic ----------------------------------------------------------------


def upgrade_targets(db: Database) -> list[str]:
    """The Redis versions the database can be upgraded to."""
    return [v for v, *_ in reference_data.REDIS_VERSIONS if v > db.redis_version]


def upgrade(sim: Simulation, sub: Subscription, db: Database, target: str, out: Outcome) -> None:
    """An upgrade task: the database ``active-change-pending``, then on ``target``."""
    require_database(sim, sub, db)
    if target not in upgrade_targets(db):
        raise TaskError("DATABASE_UPGRADE_INVALID_REDIS_VERSION", f"Cannot upgrade to {target}")
    status = {
        "databaseId": db.id,
        "targetRedisVersion": target,
        "progress": 0.0,
        "upgradeStatus": "in-progress",
    }
    db.upgrade_status = status

    def done(_: float) -> None:
        db.redis_version = target
        status.update(progress=100.0, upgradeStatus="done")

    sim.transition(db, CHANGE_PENDING, ACTIVE, "database_update", out.now, done=done)
    out.resource_id = db.id
    out.additional_resource_id = sub.id


def traffic(db: Database) -> dict[str, Any]:
    """The database's redirect state; 404 unless it was the source of a redirect."""
    if db.traffic is None:
        raise not_found(f"Database {db.id} was not a source in a redirect endpoints operation")
    return db.traffic


def resume_traffic(db: Database) -> None:
    traffic(db)
    db.traffic = {"trafficStatus": "active"}
