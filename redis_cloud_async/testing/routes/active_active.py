"""Active-Active: the regions of a subscription, and the per-region properties of its
databases (``PUT .../databases/{databaseId}/regions``).

The rules (a region added or removed makes the subscription busy meanwhile) are in
`service.active_active`; a properties update is a database update (`service.databases`).
"""

from __future__ import annotations

from functools import partial
from typing import Any

from ..engine.errors import bad_request, not_found, unprocessable
from ..engine.state import Database, Subscription
from ..frontend import fields
from ..frontend.call import Call, Reply, ok
from ..frontend.routing import Routes
from ..service import active_active, databases
from ._shared import check_spec, database, pro_subscription, self_link

ROUTES = Routes()
REGIONS = "/subscriptions/{subscriptionId}/regions"


def _active_active(call: Call) -> Subscription:
    sub = pro_subscription(call)
    if not sub.active_active:
        raise bad_request(f"Subscription {sub.id} is not an Active-Active subscription")
    return sub


def _local(db: Database, region: str) -> dict[str, Any]:
    """The database's local throughput in a region, as it was set (or nothing)."""
    return next(
        (t for t in db.settings.get("localThroughputMeasurement", []) if t.get("region") == region),
        {},
    )


@ROUTES.get(REGIONS)
def list_regions(call: Call) -> Reply:
    sub = _active_active(call)
    regions = []
    for region in sub.regions.values():
        databases = [
            {
                "databaseId": db.id,
                "databaseName": db.name,
                "readOperationsPerSecond": _local(db, region.name).get(
                    "readOperationsPerSecond", 1000
                ),
                "writeOperationsPerSecond": _local(db, region.name).get(
                    "writeOperationsPerSecond", 1000
                ),
                "respVersion": db.settings.get("respVersion", "resp3"),
                "links": [],
            }
            for db in sub.databases.values()
            if region.name in db.regions
        ]
        regions.append(
            {
                "regionId": region.id,
                "region": region.name,
                "deploymentCidr": region.deployment_cidr,
                "vpcId": region.vpc_id,
                "status": region.status,
                "databases": databases,
                "links": [],
            }
        )
    return ok({"subscriptionId": sub.id, "regions": regions, "links": self_link(call)})


@ROUTES.post(REGIONS)
def add_region(call: Call) -> Reply:
    sub = _active_active(call)
    body = call.json_object()
    name = fields.required_string(body, "region")
    cidr = fields.required_string(body, "deploymentCIDR")
    fields.boolean(body, "dryRun")
    active_active.check_new_region(sub, name, cidr)
    work = partial(active_active.add_region, call.sim, sub, name, cidr, body)
    return call.submit("activeActiveRegionCreateRequest", work)


@ROUTES.delete(REGIONS)
def delete_regions(call: Call) -> Reply:
    sub = _active_active(call)
    body = call.json_object()
    names = [
        fields.required_string(item, "region", where=f"regions[{i}]")
        for i, item in enumerate(fields.objects(body, "regions"))
    ]
    by_id = {region.id: region.name for region in sub.regions.values()}
    for region_id in body.get("regionIds") or []:
        if region_id not in by_id:
            raise not_found(f"Region {region_id} not found in subscription {sub.id}")
        names.append(by_id[region_id])
    if not names:
        raise bad_request("Field 'regions' is required")
    active_active.check_removal(sub, names)
    dry_run = bool(fields.boolean(body, "dryRun"))
    work = partial(active_active.delete_regions, call.sim, sub, names, dry_run)
    return call.submit("activeActiveRegionDeleteRequest", work)


@ROUTES.put("/subscriptions/{subscriptionId}/databases/{databaseId}/regions")
def update_active_active_database(call: Call) -> Reply:
    sub, db = database(call, essentials=False)
    if not db.regions:
        raise unprocessable(f"Database {db.id} is not an Active-Active database")
    spec = call.json_object()
    check_spec(spec, creating=False)
    fields.boolean(spec, "dryRun")
    for i, region in enumerate(fields.objects(spec, "regions")):
        fields.required_string(region, "region", where=f"regions[{i}]")
    unknown = [r["region"] for r in spec.get("regions", []) if r["region"] not in db.regions]
    if unknown:
        raise unprocessable(f"Region {unknown[0]} is not a region of database {db.id}")
    settings = _crdb_settings(db, spec)
    claims = databases.rename_claims(call.sim, sub, db, settings)
    work = partial(databases.update, call.sim, sub, db, settings)
    return call.submit("crdbUpdatePropertiesRequest", work, claims=claims)


_GLOBAL_SETTINGS = ("DataPersistence", "Password", "EnableDefaultUser", "SourceIp", "Alerts")
_REGIONAL_SETTINGS = ("respVersion", "remoteBackup")


def _crdb_settings(db: Database, spec: dict[str, Any]) -> dict[str, Any]:
    """A CRDB update as database settings: ``globalX`` is ``x``, each region's local
    throughput joins ``localThroughputMeasurement`` (what the database shows per region),
    and a region's RESP version or backup becomes the database's."""
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
        # Per-region settings the database shows once (the simulator keeps one value).
        for name in _REGIONAL_SETTINGS:
            if name in region:
                settings[name] = region[name]
    if changed:
        settings["localThroughputMeasurement"] = list(local.values())
    return settings
