"""Pro databases: CRUD, the paged list, Active-Active updates, flush and certificate.

Creating a database flips its subscription to ``pending`` while it provisions, so a
second change to the same subscription meanwhile fails with ``SUBSCRIPTION_NOT_ACTIVE``.
The sub-operations shared with Essentials (tags, backup, import...) are in
`_routes_database_ops`.
"""

from __future__ import annotations

import base64
from typing import Any

from . import _validate as v
from ._call import Call, Reply, ok
from ._db_model import apply_update, check_spec, database_json, new_database, spec_problem
from ._errors import TaskError, unprocessable
from ._pricing import pricing
from ._resources import ACTIVE, CHANGE_PENDING, Database, Subscription
from ._routing import Routes
from ._shared import (
    database,
    ensure_name_free,
    page,
    pro_subscription,
    provision,
    remove_later,
    require_active,
    require_database,
    self_link,
)
from ._simulation import Simulation
from ._tasks import Claim, Outcome

ROUTES = Routes()
DB = "/subscriptions/{subscriptionId}/databases/{databaseId}"


def database_path(sub: Subscription, db: Database) -> str:
    prefix = "/fixed/subscriptions" if db.essentials else "/subscriptions"
    return f"{prefix}/{sub.id}/databases/{db.id}"


def database_listing(call: Call, sub: Subscription) -> dict[str, Any]:
    """One page of a subscription's databases (passwords left out), or 404 past the end."""
    chunk = page(call, list(sub.databases.values()), limit=100, max_limit=100)
    return {
        "subscriptionId": sub.id,
        "numberOfDatabases": len(sub.databases),
        "databases": [database_json(call, sub, db, secrets=False) for db in chunk],
        "links": [],
    }


@ROUTES.get("/subscriptions/{subscriptionId}/databases")
def list_databases(call: Call) -> Reply:
    listing = database_listing(call, pro_subscription(call))
    return ok(
        {"accountId": call.sim.account.id, "subscription": [listing], "links": self_link(call)}
    )


@ROUTES.get(DB)
def get_database(call: Call) -> Reply:
    sub, db = database(call, essentials=False)
    return ok(database_json(call, sub, db, secrets=True))


def name_claim(sim: Simulation, sub: Subscription, name: str) -> Claim:
    """409 when the database name is used in the subscription (or queued to be)."""
    existing = (db.name for db in sub.databases.values())
    return ensure_name_free(sim, "database-name", str(sub.id), name, existing)


@ROUTES.post("/subscriptions/{subscriptionId}/databases")
def create_database(call: Call) -> Reply:
    sim = call.sim
    sub = pro_subscription(call)
    spec = call.json_object()
    check_spec(spec)
    v.boolean(spec, "dryRun")
    dry_run = bool(spec.get("dryRun"))
    name = spec["name"]
    claims = [] if dry_run else [name_claim(sim, sub, name)]

    def work(out: Outcome) -> None:
        problem = spec_problem(spec, name)
        if problem is not None:
            raise problem
        if dry_run:
            out.resource = {"pricing": pricing([spec], list(sub.regions))}
            return
        require_active(sim, sub)
        add_database(sim, sub, spec, "database_create", out)

    return call.submit("databaseCreateRequest", work, claims=claims)


def add_database(
    sim: Simulation, sub: Subscription, spec: dict[str, Any], duration: str, out: Outcome
) -> None:
    """The end of a create task: a new database, ``pending`` for ``duration``."""
    db = new_database(sim, sub, spec, spec["name"], out.now)
    provision(sim, db, duration, out.now)
    sim.log(out.now, "database", f"Database {db.name} was created", db.id)
    out.resource_id = db.id
    out.additional_resource_id = sub.id
    out.resource_path = database_path(sub, db)


def submit_update(
    call: Call, sub: Subscription, db: Database, spec: dict[str, Any], command: str
) -> Reply:
    """Queue a database update: renamed (409-checked now), then ``active-change-pending``."""
    sim = call.sim
    name = spec.get("name")
    claims = [name_claim(sim, sub, name)] if name and name != db.name else []
    dry_run = bool(spec.get("dryRun"))

    def work(out: Outcome) -> None:
        problem = spec_problem(spec, name)
        if problem is not None:
            raise problem
        if dry_run:
            out.resource = {"pricing": pricing([{**db.settings, **spec}], list(sub.regions))}
            return
        require_database(sim, sub, db)
        apply_update(db, spec)
        sim.transition(db, CHANGE_PENDING, ACTIVE, "database_update", out.now)
        out.resource_id = db.id
        out.additional_resource_id = sub.id
        out.resource_path = database_path(sub, db)

    return call.submit(command, work, claims=claims)


@ROUTES.put(DB)
def update_database(call: Call) -> Reply:
    sub, db = database(call, essentials=False)
    spec = call.json_object()
    check_spec(spec, creating=False)
    v.boolean(spec, "dryRun")
    return submit_update(call, sub, db, spec, "databaseUpdateRequest")


def submit_database_delete(call: Call, sub: Subscription, db: Database) -> Reply:
    sim = call.sim

    def work(out: Outcome) -> None:
        require_database(sim, sub, db)
        remove_later(sim, db, sub.databases, db.id, "database_delete", out.now)
        sim.log(out.now, "database", f"Database {db.name} was deleted", db.id)
        out.resource_id = db.id
        out.additional_resource_id = sub.id

    return call.submit("databaseDeleteRequest", work)


@ROUTES.delete(DB)
def delete_database(call: Call) -> Reply:
    sub, db = database(call, essentials=False)
    return submit_database_delete(call, sub, db)


@ROUTES.put(DB + "/regions")
def update_active_active_database(call: Call) -> Reply:
    sub, db = database(call, essentials=False)
    if not db.regions:
        raise unprocessable(f"Database {db.id} is not an Active-Active database")
    spec = call.json_object()
    check_spec(spec, creating=False)
    v.boolean(spec, "dryRun")
    for i, region in enumerate(v.objects(spec, "regions")):
        v.required_string(region, "region", where=f"regions[{i}]")
    unknown = [r["region"] for r in spec.get("regions", []) if r["region"] not in db.regions]
    if unknown:
        raise unprocessable(f"Region {unknown[0]} is not a region of database {db.id}")
    return submit_update(call, sub, db, _crdb_settings(db, spec), "crdbUpdatePropertiesRequest")


_GLOBAL_SETTINGS = ("DataPersistence", "Password", "EnableDefaultUser", "SourceIp", "Alerts")


def _crdb_settings(db: Database, spec: dict[str, Any]) -> dict[str, Any]:
    """A CRDB update as database settings: ``globalX`` is ``x``, and each region's local
    throughput joins ``localThroughputMeasurement`` (what the database shows per region)."""
    settings = {k: val for k, val in spec.items() if k != "regions" and not k.startswith("global")}
    for name in _GLOBAL_SETTINGS:
        if f"global{name}" in spec:
            settings[name[0].lower() + name[1:]] = spec[f"global{name}"]
    local = {item.get("region"): item for item in db.settings.get("localThroughputMeasurement", [])}
    changed = False
    for region in spec.get("regions", []):
        throughput = region.get("localThroughputMeasurement")
        if isinstance(throughput, dict):
            local[region["region"]] = {**throughput, "region": region["region"]}
            changed = True
    if changed:
        settings["localThroughputMeasurement"] = list(local.values())
    return settings


def _flush(call: Call) -> Reply:
    sim = call.sim
    sub, db = database(call, essentials=False)

    def work(out: Outcome) -> None:
        require_database(sim, sub, db)
        if not db.regions:
            raise TaskError(
                "CRDB_FLUSH_ACTION_NOT_ALLOWED_WITH_SINGLE_REGION_SUBSCRIPTION",
                "Flush is for Active-Active databases",
            )
        out.resource_id = db.id
        out.additional_resource_id = sub.id

    return call.submit("crdbFlushRequest", work)


# The published API flushes with PUT; the guide describes POST. Both are served.
ROUTES.put(DB + "/flush")(_flush)
ROUTES.post(DB + "/flush")(_flush)


@ROUTES.get(DB + "/certificate")
def get_certificate(call: Call) -> Reply:
    sub, db = database(call, essentials=False)
    seed = f"redis-cloud-simulator:{sub.id}:{db.id}".encode() * 12
    body = base64.b64encode(seed).decode()
    lines = [body[i : i + 64] for i in range(0, len(body), 64)]
    pem = "\n".join(["-----BEGIN CERTIFICATE-----", *lines, "-----END CERTIFICATE-----"])
    return ok({"publicCertificatePEMString": pem})
