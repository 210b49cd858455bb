"""Database sub-operations served alike for Pro and Essentials databases.

Tags (synchronous), backup and import (tasks, and status GETs that answer with a task
whose ``response.resource`` holds the status), slow log, upgrades and traffic.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from . import _catalog as catalog
from . import _validate as v
from ._call import Call, Reply, ok
from ._errors import TaskError, conflict, not_found
from ._resources import ACTIVE, CHANGE_PENDING, Database, Subscription, Tag
from ._routing import Routes
from ._shared import database, require_database
from ._tasks import Outcome

ROUTES = Routes()
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

Locate = Callable[[Call], tuple[Subscription, Database]]


def _tag_json(call: Call, base: str, tag: Tag) -> dict[str, Any]:
    return {
        "key": tag.key,
        "value": tag.value,
        "createdAt": call.sim.iso(tag.created_at),
        "updatedAt": call.sim.iso(tag.updated_at),
        "links": [{"rel": "self", "type": "GET", "href": call.href(base + "/tags")}],
    }


def _tags_json(call: Call, base: str, db: Database) -> dict[str, Any]:
    return {
        "accountId": call.sim.account.id,
        "tags": [_tag_json(call, base, tag) for tag in db.tags.values()],
        "links": [{"rel": "self", "type": "GET", "href": call.href(base + "/tags")}],
    }


def _path(sub: Subscription, db: Database) -> str:
    prefix = "/fixed/subscriptions" if db.essentials else "/subscriptions"
    return f"{prefix}/{sub.id}/databases/{db.id}"


def _register_tags(template: str, locate: Locate) -> None:
    @ROUTES.get(template + "/tags")
    def get_tags(call: Call) -> Reply:
        sub, db = locate(call)
        return ok(_tags_json(call, _path(sub, db), db))

    @ROUTES.put(template + "/tags")
    def replace_tags(call: Call) -> Reply:
        sub, db = locate(call)
        items = v.objects(call.json_object(), "tags", required=True)
        for i, item in enumerate(items):
            v.required_string(item, "key", where=f"tags[{i}]")
            v.required_string(item, "value", where=f"tags[{i}]")
        old = db.tags
        db.tags = {
            item["key"]: Tag(
                key=item["key"],
                value=item["value"],
                created_at=old[item["key"]].created_at if item["key"] in old else call.now,
                updated_at=call.now,
            )
            for item in items
        }
        return ok(_tags_json(call, _path(sub, db), db))

    @ROUTES.post(template + "/tags")
    def add_tag(call: Call) -> Reply:
        sub, db = locate(call)
        body = call.json_object()
        key = v.required_string(body, "key")
        value = v.required_string(body, "value")
        if key in db.tags:
            raise conflict(f"Tag '{key}' already exists on database {db.id}")
        db.tags[key] = Tag(key=key, value=value, created_at=call.now, updated_at=call.now)
        return ok(_tag_json(call, _path(sub, db), db.tags[key]))

    @ROUTES.put(template + "/tags/{tagKey}")
    def update_tag(call: Call) -> Reply:
        sub, db = locate(call)
        tag = _existing_tag(call, db)
        tag.value = v.required_string(call.json_object(), "value")
        tag.updated_at = call.now
        return ok(_tag_json(call, _path(sub, db), tag))

    @ROUTES.delete(template + "/tags/{tagKey}")
    def delete_tag(call: Call) -> Reply:
        _, db = locate(call)
        del db.tags[_existing_tag(call, db).key]
        return ok({})


def _existing_tag(call: Call, db: Database) -> Tag:
    key = call.str_param("tagKey")
    if key not in db.tags:
        raise not_found(f"Tag '{key}' not found on database {db.id}")
    return db.tags[key]


def _check_region(
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


def _import_problem(source: str, uris: list[str]) -> TaskError | None:
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


def _register_transfers(template: str, locate: Locate) -> None:
    @ROUTES.post(template + "/backup")
    def backup(call: Call) -> Reply:
        sim = call.sim
        sub, db = locate(call)
        body = call.json_object()
        region = v.string(body, "regionName")
        path = v.string(body, "adhocBackupPath")

        def work(out: Outcome) -> None:
            require_database(sim, sub, db)
            _check_region(db, region)
            configured = db.settings.get("periodicBackupPath") or db.settings.get("remoteBackup")
            if not (path or configured):
                raise TaskError(
                    "DATABASE_BACKUP_NOT_CONFIGURED", "Set a backup path or 'adhocBackupPath'"
                )
            db.backup_status = {"status": "in-progress"}

            def done(when: float) -> None:
                db.backup_status = {"status": "success", "lastBackupTime": sim.iso(when)}

            sim.scheduler.at(out.now + sim.seconds("data_transfer"), done)
            out.resource_id = db.id
            out.additional_resource_id = sub.id

        return call.submit("databaseBackupRequest", work)

    @ROUTES.post(template + "/import")
    def start_import(call: Call) -> Reply:
        sim = call.sim
        sub, db = locate(call)
        body = call.json_object()
        source = v.required_string(body, "sourceType")
        uris = v.strings(body, "importFromUri", required=True)

        def work(out: Outcome) -> None:
            require_database(sim, sub, db)
            problem = _import_problem(source, uris)
            if problem is not None:
                raise problem
            db.import_status = {"status": "in-progress"}

            def done(when: float) -> None:
                db.import_status = {"status": "success", "lastImportTime": sim.iso(when)}

            sim.transition(db, CHANGE_PENDING, ACTIVE, "data_transfer", out.now, done=done)
            out.resource_id = db.id
            out.additional_resource_id = sub.id

        return call.submit("databaseImportRequest", work)


def _register_statuses(template: str, locate: Locate) -> None:
    """The status reads of backup and import: tasks whose resource is the latest status."""
    for kind, latest in (("backup", _latest_backup), ("import", _latest_import)):
        ROUTES.get(f"{template}/{kind}")(_status_reader(locate, latest, kind))


def _latest_backup(db: Database) -> dict[str, Any] | None:
    return db.backup_status


def _latest_import(db: Database) -> dict[str, Any] | None:
    return db.import_status


def _status_reader(
    locate: Locate, latest: Callable[[Database], dict[str, Any] | None], kind: str
) -> Callable[[Call], Reply]:
    def read_status(call: Call) -> Reply:
        _, db = locate(call)
        region = call.query.get("regionName") or None

        def work(out: Outcome) -> None:
            if kind == "backup":  # Active-Active databases report one region at a time
                _check_region(
                    db,
                    region,
                    missing="ACTIVE_ACTIVE_BACKUP_STATUS_MISSING_REGION_NAME",
                    unknown="ACTIVE_ACTIVE_INVALID_BACKUP_STATUS_REGION_NAME",
                    single="BACKUP_STATUS_REGION_NAME_IS_NOT_ALLOWED_WITH_SINGLE_REGION_SUBSCRIPTION",
                )
            out.resource = dict(latest(db) or {"status": "none"})
            out.resource_id = db.id

        return call.submit(f"database{kind.capitalize()}StatusRequest", work)

    return read_status


def _targets(db: Database) -> list[str]:
    return [version for version, *_ in catalog.REDIS_VERSIONS if version > db.redis_version]


def _register_versions(template: str, locate: Locate) -> None:
    @ROUTES.get(template + "/available-target-versions")
    def target_versions(call: Call) -> Reply:
        _, db = locate(call)
        return ok({"targets": [{"redisVersion": version} for version in _targets(db)]})

    @ROUTES.post(template + "/upgrade")
    def upgrade(call: Call) -> Reply:
        sim = call.sim
        sub, db = locate(call)
        target = v.required_string(call.json_object(), "targetRedisVersion")

        def work(out: Outcome) -> None:
            require_database(sim, sub, db)
            if target not in _targets(db):
                raise TaskError(
                    "DATABASE_UPGRADE_INVALID_REDIS_VERSION", f"Cannot upgrade to {target}"
                )
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

        return call.submit("databaseUpgradeRedisVersionRequest", work)

    @ROUTES.get(template + "/upgrade")
    def upgrade_status(call: Call) -> Reply:
        _, db = locate(call)
        if db.upgrade_status is None:
            raise not_found(f"No upgrade was requested for database {db.id}")
        return ok(dict(db.upgrade_status))


def _register_diagnostics(template: str, locate: Locate) -> None:
    @ROUTES.get(template + "/slow-log")
    def slow_log(call: Call) -> Reply:
        _, db = locate(call)
        entries = [
            {
                "id": index,
                "startTime": call.sim.iso(call.now - 60 * (index + 1)),
                "duration": 12000 + 1000 * index,
                "arguments": ["KEYS *", "HGETALL user:1", "SMEMBERS tags"][index],
            }
            for index in range(3 if db.status == ACTIVE else 0)
        ]
        return ok({"entries": entries, "links": []})

    @ROUTES.get(template + "/traffic")
    def traffic(call: Call) -> Reply:
        _, db = locate(call)
        state = _traffic(db)
        return ok(
            {
                "bdbId": db.id,
                "trafficStatus": state.get("trafficStatus", "stopped"),
                "canResume": "stopReason" in state,
                "resumeInProgress": False,
                **({"stopReason": state["stopReason"]} if "stopReason" in state else {}),
            }
        )

    @ROUTES.post(template + "/traffic/resume")
    def resume_traffic(call: Call) -> Reply:
        _, db = locate(call)
        _traffic(db)
        db.traffic = {"trafficStatus": "active"}
        return Reply(204)


def _traffic(db: Database) -> dict[str, Any]:
    if db.traffic is None:
        raise not_found(f"Database {db.id} was not a source in a redirect endpoints operation")
    return db.traffic


def _locator(essentials: bool) -> Locate:
    def locate(call: Call) -> tuple[Subscription, Database]:
        return database(call, essentials=essentials)

    return locate


for _template, _essentials in (
    ("/subscriptions/{subscriptionId}/databases/{databaseId}", False),
    ("/fixed/subscriptions/{subscriptionId}/databases/{databaseId}", True),
):
    for _register in (
        _register_tags,
        _register_transfers,
        _register_statuses,
        _register_versions,
        _register_diagnostics,
    ):
        _register(_template, _locator(_essentials))
