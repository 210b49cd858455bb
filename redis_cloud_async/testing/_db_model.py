"""Databases: what a spec may say, what it means, and how a database is shown.

`check_spec` answers 400 for malformed specs at submit time; `spec_problem` is the task's
later verdict on what the spec asks for, with the service's error codes. Rendering
follows the published ``Database`` and ``FixedDatabase`` examples; lists omit passwords.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from . import _catalog as catalog
from . import _validate as v
from ._call import Call
from ._errors import TaskError, bad_request
from ._pricing import shards
from ._resources import PENDING, Database, Subscription
from ._simulation import Simulation

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
PROTOCOLS = ("redis", "memcached", "stack")
THROUGHPUT_BY = ("operations-per-second", "number-of-shards")


def check_spec(spec: Mapping[str, Any], *, where: str = "", creating: bool = True) -> None:
    """400 unless the spec is well-formed (types, required name, one size field)."""
    if creating:
        v.required_string(spec, "name", where=where)
    else:
        v.string(spec, "name", where=where)
    v.one_of(spec, "protocol", PROTOCOLS, where=where)
    v.integer(spec, "port", where=where)
    v.integer(spec, "quantity", where=where)
    memory = v.number(spec, "memoryLimitInGb", where=where)
    dataset = v.number(spec, "datasetSizeInGb", where=where)
    if memory is not None and dataset is not None:
        raise bad_request("You cannot set both 'memoryLimitInGb' and 'datasetSizeInGb'")
    for flag in ("replication", "supportOSSClusterApi", "enableTls", "enableDefaultUser"):
        v.boolean(spec, flag, where=where)
    for text in ("dataPersistence", "dataEvictionPolicy", "password", "redisVersion"):
        v.string(spec, text, where=where)
    v.one_of(spec, "respVersion", ("resp2", "resp3"), where=where)
    v.strings(spec, "sourceIp", where=where)
    throughput = v.obj(spec, "throughputMeasurement", where=where)
    if throughput:
        v.one_of(throughput, "by", THROUGHPUT_BY, where=f"{where}throughputMeasurement")
        v.required_integer(throughput, "value", where="throughputMeasurement")
    for index, module in enumerate(v.objects(spec, "modules", where=where)):
        v.required_string(module, "name", where=f"modules[{index}]")
    for index, alert in enumerate(v.objects(spec, "alerts", where=where)):
        v.required_string(alert, "name", where=f"alerts[{index}]")
        v.number(alert, "value", where=f"alerts[{index}]")


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
    if persistence is not None and persistence not in catalog.PERSISTENCE_NAMES:
        return TaskError("BAD_REQUEST", f"Unknown data persistence '{persistence}'")
    eviction = spec.get("dataEvictionPolicy")
    if eviction is not None and eviction not in catalog.EVICTION_POLICIES:
        return TaskError("BAD_REQUEST", f"Unknown data eviction policy '{eviction}'")
    version = spec.get("redisVersion")
    if version is not None and version not in {ver for ver, *_ in catalog.REDIS_VERSIONS}:
        return TaskError(
            "DATABASE_REDIS_VERSION_IS_NOT_SUPPORTED", f"Redis version {version} is not supported"
        )
    names = [module["name"] for module in spec.get("modules", [])]
    if names and spec.get("protocol") == "memcached":
        return TaskError("DATABASE_MEMCACHED_CONTAINS_MODULES", "Memcached cannot have modules")
    if len(set(names)) != len(names):
        return TaskError("DATABASE_MODULE_MUST_BE_DEFINED_ONCE", "A module is listed twice")
    unknown = [n for n in names if n not in catalog.MODULE_VERSIONS]
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
        or catalog.DEFAULT_REDIS_VERSION,
        regions=list(sub.regions) if sub.active_active else [],
    )
    sub.databases[db.id] = db
    sim.stats.created[("database", f"{sub.id}/{name}")] += 1
    return db


def apply_update(db: Database, spec: Mapping[str, Any]) -> None:
    """Fold an update spec into the database (settings, name, password)."""
    db.settings.update({k: v for k, v in spec.items() if k not in _NOT_SETTINGS})
    if spec.get("name"):
        db.name = spec["name"]
    for field in ("password", "globalPassword"):
        if spec.get(field):
            db.password = spec[field]


# -- rendering ------------------------------------------------------------------------


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
    by_name = {module["name"]: module for module in catalog.MODULES}
    shown = []
    for index, module in enumerate(settings.get("modules", [])):
        known = by_name.get(module["name"], {})
        shown.append(
            {
                "id": 18530 + index,
                "name": module["name"],
                "capabilityName": known.get("capabilityName", module["name"]),
                "version": catalog.MODULE_VERSIONS.get(module["name"], "1.0.0"),
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
    prefix = "/fixed/subscriptions" if db.essentials else "/subscriptions"
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
        "links": [
            {
                "rel": "self",
                "type": "GET",
                "href": call.href(f"{prefix}/{sub.id}/databases/{db.id}"),
            }
        ],
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
