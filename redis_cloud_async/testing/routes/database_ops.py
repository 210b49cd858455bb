"""Database sub-operations served alike for Pro and Essentials databases.

Tags (synchronous), backup and import (tasks, and status GETs that answer with a task
whose ``response.resource`` holds the status), slow log, upgrades and traffic. What they
do is in `service.database_ops`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from ..engine.errors import not_found
from ..engine.state import ACTIVE, Database, Subscription, Tag
from ..engine.tasks import Outcome
from ..frontend import fields
from ..frontend.call import Call, Reply, ok
from ..frontend.routing import Routes
from ..service import database_ops, databases
from ._shared import database, self_link

ROUTES = Routes()

Locate = Callable[[Call], tuple[Subscription, Database]]


def _tag_json(call: Call, base: str, tag: Tag) -> dict[str, Any]:
    return {
        "key": tag.key,
        "value": tag.value,
        "createdAt": call.sim.iso(tag.created_at),
        "updatedAt": call.sim.iso(tag.updated_at),
        "links": self_link(call, base + "/tags"),
    }


def _tags_json(call: Call, base: str, db: Database) -> dict[str, Any]:
    return {
        "accountId": call.sim.account.id,
        "tags": [_tag_json(call, base, tag) for tag in db.tags.values()],
        "links": self_link(call, base + "/tags"),
    }


def _register_tags(template: str, locate: Locate) -> None:
    @ROUTES.get(template + "/tags")
    def get_tags(call: Call) -> Reply:
        sub, db = locate(call)
        return ok(_tags_json(call, databases.path(sub, db), db))

    @ROUTES.put(template + "/tags")
    def replace_tags(call: Call) -> Reply:
        sub, db = locate(call)
        items = fields.objects(call.json_object(), "tags", required=True)
        for i, item in enumerate(items):
            fields.required_string(item, "key", where=f"tags[{i}]")
            fields.required_string(item, "value", where=f"tags[{i}]")
        database_ops.replace_tags(db, items, call.now)
        return ok(_tags_json(call, databases.path(sub, db), db))

    @ROUTES.post(template + "/tags")
    def add_tag(call: Call) -> Reply:
        sub, db = locate(call)
        body = call.json_object()
        key = fields.required_string(body, "key")
        value = fields.required_string(body, "value")
        tag = database_ops.add_tag(db, key, value, call.now)
        return ok(_tag_json(call, databases.path(sub, db), tag))

    @ROUTES.put(template + "/tags/{tagKey}")
    def update_tag(call: Call) -> Reply:
        sub, db = locate(call)
        tag = database_ops.existing_tag(db, call.str_param("tagKey"))
        database_ops.set_tag(tag, fields.required_string(call.json_object(), "value"), call.now)
        return ok(_tag_json(call, databases.path(sub, db), tag))

    @ROUTES.delete(template + "/tags/{tagKey}")
    def delete_tag(call: Call) -> Reply:
        _, db = locate(call)
        database_ops.delete_tag(db, call.str_param("tagKey"))
        return ok({})


def _register_transfers(template: str, locate: Locate) -> None:
    @ROUTES.post(template + "/backup")
    def backup(call: Call) -> Reply:
        sub, db = locate(call)
        body = call.json_object()
        region = fields.string(body, "regionName")
        path = fields.string(body, "adhocBackupPath")
        work = partial(database_ops.backup, call.sim, sub, db, region, path)
        return call.submit("databaseBackupRequest", work)

    @ROUTES.post(template + "/import")
    def start_import(call: Call) -> Reply:
        sub, db = locate(call)
        body = call.json_object()
        source = fields.required_string(body, "sourceType")
        uris = fields.strings(body, "importFromUri", required=True)
        work = partial(database_ops.start_import, call.sim, sub, db, source, uris)
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
                database_ops.check_region(
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


def _register_versions(template: str, locate: Locate) -> None:
    # The service names the Essentials upgrade apart (the recorded command types).
    essentials = template.startswith("/fixed/")
    upgrade_command = (
        "fixedDatabaseUpgradeRedisVersionRequest"
        if essentials
        else "databaseUpgradeRedisVersionRequest"
    )

    @ROUTES.get(template + "/available-target-versions")
    def target_versions(call: Call) -> Reply:
        _, db = locate(call)
        targets = database_ops.upgrade_targets(db)
        return ok({"targets": [{"redisVersion": version} for version in targets]})

    @ROUTES.post(template + "/upgrade")
    def upgrade(call: Call) -> Reply:
        sub, db = locate(call)
        target = fields.required_string(call.json_object(), "targetRedisVersion")
        work = partial(database_ops.upgrade, call.sim, sub, db, target)
        return call.submit(upgrade_command, work)

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
        state = database_ops.traffic(db)
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
        database_ops.resume_traffic(db)
        return Reply(204)


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
