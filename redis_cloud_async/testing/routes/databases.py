"""Databases, Pro (``/subscriptions/...``) and Essentials (``/fixed/subscriptions/...``):
CRUD, the paged list, flush and certificate, and how a database is shown.

Creating a database flips its subscription to ``pending`` while it provisions, so a
second change to the same subscription meanwhile fails with ``SUBSCRIPTION_NOT_ACTIVE``
(`service.databases`). Answers follow the published ``Database`` example, reshaped into
``FixedDatabase`` for Essentials (no throughput: the plan sets it; clustering ``enabled``,
``security.defaultUserEnabled``, alerts with their ``defaultValue``, a ``backup`` block);
lists omit passwords and page 404 past the end (their ``subscription`` is an array for
Pro, an object for Essentials). The sub-operations (tags, backup, import...) are in
`database_ops`; the Active-Active properties update in `active_active`.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from functools import partial
from typing import Any

from ..engine.state import Database, Subscription
from ..frontend import fields
from ..frontend.call import Call, Reply, ok
from ..frontend.routing import Routes
from ..service import databases, essentials, reference_data
from ..service.pricing import shards
from ._shared import (
    account_list,
    check_spec,
    database,
    fixed_subscription,
    page,
    pro_subscription,
    self_link,
)

ROUTES = Routes()
PRO = "/subscriptions/{subscriptionId}/databases"
FIXED = "/fixed/subscriptions/{subscriptionId}/databases"


# -- Pro databases --------------------------------------------------------------------


@ROUTES.get(PRO)
def list_databases(call: Call) -> Reply:
    listing = _listing(call, pro_subscription(call))
    return account_list(call, "subscription", [listing])


@ROUTES.get(PRO + "/{databaseId}")
def get_database(call: Call) -> Reply:
    sub, db = database(call, essentials=False)
    return ok(database_json(call, sub, db, secrets=True))


@ROUTES.post(PRO)
def create_database(call: Call) -> Reply:
    sub = pro_subscription(call)
    spec = call.json_object()
    check_spec(spec)
    fields.boolean(spec, "dryRun")
    claims = [] if spec.get("dryRun") else [databases.name_claim(call.sim, sub, spec["name"])]
    work = partial(databases.create, call.sim, sub, spec)
    return call.submit("databaseCreateRequest", work, claims=claims)


@ROUTES.put(PRO + "/{databaseId}")
def update_database(call: Call) -> Reply:
    sub, db = database(call, essentials=False)
    spec = call.json_object()
    check_spec(spec, creating=False)
    fields.boolean(spec, "dryRun")
    return _submit_update(call, sub, db, spec, "databaseUpdateRequest")


@ROUTES.delete(PRO + "/{databaseId}")
def delete_database(call: Call) -> Reply:
    sub, db = database(call, essentials=False)
    return call.submit("databaseDeleteRequest", partial(databases.delete, call.sim, sub, db))


def _flush(call: Call) -> Reply:
    sim = call.sim
    sub, db = database(call, essentials=False)
    return call.submit("crdbFlushRequest", partial(databases.flush, sim, sub, db))


# The published API flushes with PUT; the guide describes POST. Both are served.
ROUTES.put(PRO + "/{databaseId}/flush")(_flush)
ROUTES.post(PRO + "/{databaseId}/flush")(_flush)


@ROUTES.get(PRO + "/{databaseId}/certificate")
def get_certificate(call: Call) -> Reply:
    sub, db = database(call, essentials=False)
    seed = f"redis-cloud-simulator:{sub.id}:{db.id}".encode() * 12
    body = base64.b64encode(seed).decode()
    lines = [body[i : i + 64] for i in range(0, len(body), 64)]
    pem = "\n".join(["-----BEGIN CERTIFICATE-----", *lines, "-----END CERTIFICATE-----"])
    return ok({"publicCertificatePEMString": pem})


# -- Essentials databases -------------------------------------------------------------


@ROUTES.get(FIXED)
def list_fixed_databases(call: Call) -> Reply:
    sub = fixed_subscription(call)
    listing = _listing(call, sub)
    listing["databases"] = [
        as_fixed_database(shown, sub.databases[shown["databaseId"]])
        for shown in listing["databases"]
    ]
    return account_list(call, "subscription", listing)


@ROUTES.get(FIXED + "/{databaseId}")
def get_fixed_database(call: Call) -> Reply:
    sub, db = database(call, essentials=True)
    return ok(as_fixed_database(database_json(call, sub, db, secrets=True), db))


@ROUTES.post(FIXED)
def create_fixed_database(call: Call) -> Reply:
    sub = fixed_subscription(call)
    spec = call.json_object()
    _check_fixed_spec(spec, creating=True)
    claims = [databases.name_claim(call.sim, sub, spec["name"])]
    work = partial(essentials.create_database, call.sim, sub, spec)
    return call.submit("fixedDatabaseCreateRequest", work, claims=claims)


@ROUTES.put(FIXED + "/{databaseId}")
def update_fixed_database(call: Call) -> Reply:
    sub, db = database(call, essentials=True)
    spec = call.json_object()
    _check_fixed_spec(spec, creating=False)
    return _submit_update(call, sub, db, spec, "fixedDatabaseUpdateRequest")


@ROUTES.delete(FIXED + "/{databaseId}")
def delete_fixed_database(call: Call) -> Reply:
    sub, db = database(call, essentials=True)
    return call.submit("databaseDeleteRequest", partial(databases.delete, call.sim, sub, db))


def _check_fixed_spec(spec: dict[str, Any], *, creating: bool) -> None:
    """400 unless the Essentials-only properties are well-formed (plus the shared checks)."""
    check_spec(spec, creating=creating)
    fields.strings(spec, "sourceIps")
    fields.string(spec, "periodicBackupPath")
    fields.boolean(spec, "enableDatabaseClustering")
    fields.integer(spec, "numberOfShards")


def _submit_update(
    call: Call, sub: Subscription, db: Database, spec: dict[str, Any], command: str
) -> Reply:
    """Queue an update: a new name is claimed now (409), the rest is judged by the task."""
    claims = databases.rename_claims(call.sim, sub, db, spec)
    return call.submit(command, partial(databases.update, call.sim, sub, db, spec), claims=claims)


# -- how a database is shown ----------------------------------------------------------


def _listing(call: Call, sub: Subscription) -> dict[str, Any]:
    """One page of a subscription's databases (passwords left out), or 404 past the end."""
    chunk = page(call, list(sub.databases.values()), limit=100, max_limit=100)
    return {
        "subscriptionId": sub.id,
        "numberOfDatabases": len(sub.databases),
        "databases": [database_json(call, sub, db, secrets=False) for db in chunk],
        "links": [],
    }


def _size(settings: Mapping[str, Any]) -> tuple[float, float]:
    """(datasetSizeInGb, memoryLimitInGb) from whichever the client set."""
    replicated = settings.get("replication", True)
    if settings.get("memoryLimitInGb") is not None:
        memory = float(settings["memoryLimitInGb"])
        return (memory / 2 if replicated else memory), memory
    dataset = float(settings.get("datasetSizeInGb") or 1)
    return dataset, (dataset * 2 if replicated else dataset)


def endpoints(sub: Subscription, db: Database, region: str, provider: str) -> dict[str, str]:
    cloud = {"GCP": "gcp", "AZURE": "azure"}.get(provider, "ec2")
    host = f"c{sub.id % 100000}.{region}-1.{cloud}.cloud.redislabs.com"
    return {
        "publicEndpoint": f"redis-{db.port}.{host}:{db.port}",
        "privateEndpoint": f"redis-{db.port}.internal.{host}:{db.port}",
    }


def _modules(settings: Mapping[str, Any]) -> list[dict[str, Any]]:
    by_name = {module["name"]: module for module in reference_data.MODULES}
    shown = []
    for index, module in enumerate(settings.get("modules", [])):
        known = by_name.get(module["name"], {})
        shown.append(
            {
                "id": 18530 + index,
                "name": module["name"],
                "capabilityName": known.get("capabilityName", module["name"]),
                "version": reference_data.MODULE_VERSIONS.get(module["name"], "1.0.0"),
                "description": known.get("description", ""),
                "parameters": [],
            }
        )
    return shown


def _security(db: Database, *, secrets: bool) -> dict[str, Any]:
    settings = db.settings
    security: dict[str, Any] = {
        "enableDefaultUser": settings.get("enableDefaultUser", True),
        "sslClientAuthentication": False,
        "tlsClientAuthentication": bool(settings.get("clientTlsCertificates")),
        "enableTls": settings.get("enableTls", False),
        "sourceIps": settings.get("sourceIp") or ["0.0.0.0/0"],
    }
    if secrets:
        security["password"] = db.password
    return security


def database_json(call: Call, sub: Subscription, db: Database, *, secrets: bool) -> dict[str, Any]:
    """A Pro or Essentials database as the service shows it."""
    sim = call.sim
    settings = db.settings
    dataset, memory = _size(settings)
    region = next(iter(sub.regions.values()), None)
    provider = region.provider if region else str(sub.settings.get("provider", "AWS"))
    region_name = region.name if region else str(sub.settings.get("region", "us-east-1"))
    shown: dict[str, Any] = {
        "databaseId": db.id,
        "name": db.name,
        "protocol": settings.get("protocol", "redis"),
        "provider": provider,
        "region": region_name,
        "redisVersion": db.redis_version,
        "respVersion": settings.get("respVersion", "resp3" if db.redis_version >= "7" else "resp2"),
        "status": db.status,
        "datasetSizeInGb": dataset,
        "memoryLimitInGb": memory,
        "memoryUsedInMb": float(2 + db.id % 7),
        "memoryStorage": sub.settings.get("memoryStorage", "ram"),
        "supportOSSClusterApi": settings.get("supportOSSClusterApi", False),
        "useExternalEndpointForOSSClusterApi": settings.get(
            "useExternalEndpointForOSSClusterApi", False
        ),
        "dataPersistence": settings.get("dataPersistence", "none"),
        "replication": settings.get("replication", True),
        "dataEvictionPolicy": settings.get("dataEvictionPolicy", "volatile-lru"),
        "throughputMeasurement": settings.get(
            "throughputMeasurement", {"by": "operations-per-second", "value": 25000}
        ),
        "lastModified": sim.iso(db.updated_at),
        "clustering": {
            "numberOfShards": max(
                1, shards(settings) // (2 if settings.get("replication", True) else 1)
            ),
            "regexRules": [
                {"ordinal": 0, "pattern": ".*\\{(?<tag>.*)\\}.*"},
                {"ordinal": 1, "pattern": "(?<tag>.*)"},
            ],
            "hashingPolicy": "standard",
        },
        "security": _security(db, secrets=secrets),
        "modules": _modules(settings),
        "alerts": settings.get("alerts", []),
        "links": self_link(call, databases.path(sub, db)),
    }
    if db.activated_at is not None:
        shown["activatedOn"] = sim.iso(db.activated_at)
        shown.update(endpoints(sub, db, region_name, provider))
    if db.essentials:
        shown["planMemoryLimit"] = sub.settings.get("planSize", 1)
        shown["memoryLimitMeasurementUnit"] = sub.settings.get("planUnit", "GB")
    if db.regions:
        del shown["region"]
        shown["activeActiveRedis"] = True
        shown["crdbDatabases"] = [_crdb_json(sub, db, name, secrets=secrets) for name in db.regions]
    return shown


def _crdb_json(sub: Subscription, db: Database, region: str, *, secrets: bool) -> dict[str, Any]:
    settings = db.settings
    local: dict[str, Any] = next(
        (
            item
            for item in settings.get("localThroughputMeasurement", [])
            if item.get("region") == region
        ),
        {},
    )
    dataset, memory = _size(settings)
    shown: dict[str, Any] = {
        "provider": sub.regions[region].provider if region in sub.regions else "AWS",
        "region": region,
        "memoryLimitInGb": memory,
        "datasetSizeInGb": dataset,
        "memoryUsedInMb": float(2 + db.id % 7),
        "readOperationsPerSecond": local.get("readOperationsPerSecond", 1000),
        "writeOperationsPerSecond": local.get("writeOperationsPerSecond", 1000),
        "dataPersistence": settings.get("dataPersistence", "none"),
        "alerts": settings.get("alerts", []),
        "security": _security(db, secrets=secrets),
        "backup": {"enableRemoteBackup": bool(settings.get("remoteBackup"))},
    }
    if db.activated_at is not None:
        shown.update(endpoints(sub, db, region, str(shown["provider"])))
    return shown


#: Default thresholds of the alerts an Essentials database can set (percent or ms).
_ALERT_DEFAULTS = {
    "dataset-size": 80,
    "datasets-size": 80,
    "throughput-higher-than": 80,
    "throughput-lower-than": 0,
    "latency": 5,
    "connections-limit": 80,
}


def as_fixed_database(shown: dict[str, Any], db: Database) -> dict[str, Any]:
    """Reshape a database's shared rendering into the published ``FixedDatabase`` shape."""
    settings = db.settings
    shown.pop("throughputMeasurement", None)
    if "memoryLimitInGb" not in settings and "datasetSizeInGb" not in settings:
        # The plan sizes the database (pay-as-you-go plans may set a size instead).
        plan_size = float(shown.get("planMemoryLimit", 1))
        gb = plan_size / 1024 if shown.get("memoryLimitMeasurementUnit") == "MB" else plan_size
        shown["datasetSizeInGb"] = shown["memoryLimitInGb"] = round(gb, 4)
    clustering = shown["clustering"]
    shown["clustering"] = {
        "enabled": bool(settings.get("enableDatabaseClustering", False)),
        "regexRules": clustering["regexRules"],
        "hashingPolicy": clustering["hashingPolicy"],
    }
    security: dict[str, Any] = {
        "defaultUserEnabled": settings.get("enableDefaultUser", True),
        "sslClientAuthentication": False,
        "tlsClientAuthentication": bool(
            settings.get("clientTlsCertificates") or settings.get("clientSslCertificate")
        ),
        "enableTls": settings.get("enableTls", False),
        "sourceIps": settings.get("sourceIps") or ["0.0.0.0/0"],
    }
    if "password" in shown["security"]:
        security["password"] = shown["security"]["password"]
    shown["security"] = security
    shown["alerts"] = [
        {**alert, "defaultValue": _ALERT_DEFAULTS.get(alert["name"], alert.get("value"))}
        for alert in settings.get("alerts", [])
    ]
    shown["backup"] = {"remoteBackupEnabled": bool(settings.get("periodicBackupPath"))}
    return shown
