"""Databases, Pro and Essentials: what a spec asks for, and how one is made, changed and
removed.

`spec_problem` is the task's verdict on a well-formed spec (its shape was checked when
the request arrived), with the service's error codes. `create`, `update` and `delete` are
the work of their tasks: they run when the task does, against the state of that moment.
A database being made or changed makes its subscription busy meanwhile.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import partial
from typing import Any

from ..engine.errors import TaskError
from ..engine.simulation import Simulation
from ..engine.state import ACTIVE, CHANGE_PENDING, PENDING, Database, Subscription
from ..engine.tasks import Claim, Outcome
from . import reference_data
from .account import log
from .busy import require_active, require_database
from .lifecycle import ensure_name_free, new_name_claims, provision, remove_later
from .pricing import pricing

#: Request properties never stored in `Database.settings` (secrets and envelope fields).
_NOT_SETTINGS = frozenset(
    {
        "password",
        "saslPassword",
        "globalPassword",
        "dryRun",
        "quantity",
        "commandType",
        "subscriptionId",
        "databaseId",
        "name",
        "redisVersion",
    }
)
_NAME = re.compile(r"^[A-Za-z](?:[A-Za-z0-9-]*[A-Za-z0-9])?$")


def spec_problem(spec: Mapping[str, Any], name: str | None) -> TaskError | None:
    """The service's verdict on a well-formed spec: None, or the error the task ends with."""
    if name is not None and len(name) > 40:
        return TaskError("DATABASE_NAME_TOO_LONG", "Database name is limited to 40 characters")
    if name is not None and not _NAME.match(name):
        return TaskError(
            "DATABASE_INVALID_NAME",
            "Database name must include only letters, digits and hyphens, start with a "
            "letter and end with a letter or digit",
        )
    size = spec.get("datasetSizeInGb", spec.get("memoryLimitInGb"))
    if size is not None and size <= 0:
        return TaskError("DATABASE_SIZE_TOO_SMALL", "Database size must be positive")
    persistence = spec.get("dataPersistence")
    if persistence is not None and persistence not in reference_data.PERSISTENCE_NAMES:
        return TaskError("BAD_REQUEST", f"Unknown data persistence '{persistence}'")
    eviction = spec.get("dataEvictionPolicy")
    if eviction is not None and eviction not in reference_data.EVICTION_POLICIES:
        return TaskError("BAD_REQUEST", f"Unknown data eviction policy '{eviction}'")
    version = spec.get("redisVersion")
    if version is not None and version not in {ver for ver, *_ in reference_data.REDIS_VERSIONS}:
        return TaskError(
            "DATABASE_REDIS_VERSION_IS_NOT_SUPPORTED", f"Redis version {version} is not supported"
        )
    names = [module["name"] for module in spec.get("modules", [])]
    if names and spec.get("protocol") == "memcached":
        return TaskError("DATABASE_MEMCACHED_CONTAINS_MODULES", "Memcached cannot have modules")
    if len(set(names)) != len(names):
        return TaskError("DATABASE_MODULE_MUST_BE_DEFINED_ONCE", "A module is listed twice")
    unknown = [n for n in names if n not in reference_data.MODULE_VERSIONS]
    if unknown:
        return TaskError("DATABASE_INVALID_MODULE", f"Unknown module '{unknown[0]}'")
    return None


def new_database(
    sim: Simulation, sub: Subscription, spec: Mapping[str, Any], name: str, now: float
) -> Database:
    """Create a database in ``sub`` (status ``pending``) and count it in the stats."""
    db = Database(
        id=sim.account.new_id("database"),
        subscription_id=sub.id,
        name=name,
        essentials=sub.essentials,
        status=PENDING,
        created_at=now,
        updated_at=now,
        settings={k: v for k, v in spec.items() if k not in _NOT_SETTINGS},
        password=spec.get("password") or sim.token(32),
        port=int(spec.get("port") or sim.data.randint(10000, 19999)),
        redis_version=spec.get("redisVersion")
        or sub.settings.get("redisVersion")
        or reference_data.DEFAULT_REDIS_VERSION,
        regions=list(sub.regions) if sub.active_active else [],
    )
    sub.databases[db.id] = db
    sim.stats.created[("database", f"{sub.id}/{name}")] += 1
    return db


#: The two ways to size a database: setting one replaces the other.
_SIZES = ("datasetSizeInGb", "memoryLimitInGb")


def apply_update(db: Database, spec: Mapping[str, Any]) -> None:
    """Fold an update spec into the database (settings, name, password)."""
    for size, other in (_SIZES, _SIZES[::-1]):
        if spec.get(size) is not None:
            db.settings.pop(other, None)
    db.settings.update({k: v for k, v in spec.items() if k not in _NOT_SETTINGS})
    if spec.get("name"):
        db.name = spec["name"]
    for field in ("password", "globalPassword"):
        if spec.get(field):
            db.password = spec[field]


def path(sub: Subscription, db: Database) -> str:
    """The database's API path (for the links of its task and of its answers)."""
    prefix = "/fixed/subscriptions" if db.essentials else "/subscriptions"
    return f"{prefix}/{sub.id}/databases/{db.id}"


def name_claim(sim: Simulation, sub: Subscription, name: str) -> Claim:
    """409 when the database name is used in the subscription (or queued to be)."""
    existing = (db.name for db in sub.databases.values())
    return ensure_name_free(sim, "database-name", str(sub.id), name, existing)


def rename_claims(
    sim: Simulation, sub: Subscription, db: Database, spec: Mapping[str, Any]
) -> list[Claim]:
    """The claim of a new name an update asks for (409 now if it is taken), if any."""
    return new_name_claims(partial(name_claim, sim, sub), spec.get("name"), db.name)


def require_valid_spec(spec: Mapping[str, Any], name: str | None) -> None:
    """Fail the running task with `spec_problem`'s verdict, if there is one."""
    problem = spec_problem(spec, name)
    if problem is not None:
        raise problem


def add(
    sim: Simulation, sub: Subscription, spec: dict[str, Any], duration: str, out: Outcome
) -> None:
    """The end of a create task: a new database, ``pending`` for ``duration``."""
    db = new_database(sim, sub, spec, spec["name"], out.now)
    provision(sim, db, duration, out.now)
    log(sim, out.now, "database", f"Database {db.name} was created", db.id)
    out.resource_id = db.id
    out.additional_resource_id = sub.id
    out.resource_path = path(sub, db)


def create(sim: Simulation, sub: Subscription, spec: dict[str, Any], out: Outcome) -> None:
    """A Pro create task (or its dry run, which prices the database instead)."""
    require_valid_spec(spec, spec["name"])
    if spec.get("dryRun"):
        out.resource = {"pricing": pricing([spec], list(sub.regions))}
        return
    require_active(sim, sub)
    add(sim, sub, spec, "database_create", out)


def update(
    sim: Simulation, sub: Subscription, db: Database, spec: dict[str, Any], out: Outcome
) -> None:
    """An update task: the database ``active-change-pending`` for a while (or a dry run)."""
    require_valid_spec(spec, spec.get("name"))
    if spec.get("dryRun"):
        out.resource = {"pricing": pricing([{**db.settings, **spec}], list(sub.regions))}
        return
    require_database(sim, sub, db)
    apply_update(db, spec)
    sim.transition(db, CHANGE_PENDING, ACTIVE, "database_update", out.now)
    out.resource_id = db.id
    out.additional_resource_id = sub.id
    out.resource_path = path(sub, db)


def delete(sim: Simulation, sub: Subscription, db: Database, out: Outcome) -> None:
    """A delete task: the database ``deleting``, then gone."""
    require_database(sim, sub, db)
    remove_later(sim, db, sub.databases, db.id, "database_delete", out.now)
    log(sim, out.now, "database", f"Database {db.name} was deleted", db.id)
    out.resource_id = db.id
    out.additional_resource_id = sub.id


def flush(sim: Simulation, sub: Subscription, db: Database, out: Outcome) -> None:
    """A flush task: only Active-Active databases are flushed through the API."""
    require_database(sim, sub, db)
    if not db.regions:
        raise TaskError(
            "CRDB_FLUSH_ACTION_NOT_ALLOWED_WITH_SINGLE_REGION_SUBSCRIPTION",
            "Flush is for Active-Active databases",
        )
    out.resource_id = db.id
    out.additional_resource_id = sub.id
