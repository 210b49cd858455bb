"""Pro subscriptions: CRUD, pricing, versions, CIDR allowlist, maintenance windows,
resource tags and Active-Active regions.

A create is refused with 429 when three subscriptions are already changing, and with
409 when the name is taken (also by a create still in the queue). Deleting a
subscription that still has databases fails its task with ``SUBSCRIPTION_IN_USE``
(status ``409 CONFLICT``: the enum's code for it, with the guide's status).
"""

from __future__ import annotations

import ipaddress
from typing import Any

from . import _catalog as catalog
from . import _validate as v
from ._call import Call, Reply, ok
from ._db_model import check_spec, new_database, spec_problem
from ._errors import TaskError, bad_request, conflict, not_found, unprocessable
from ._pricing import pricing
from ._resources import ACTIVE, DELETING, PENDING, Region, Subscription
from ._routing import Routes
from ._shared import (
    ensure_name_free,
    pro_subscription,
    provision,
    refuse_when_too_busy,
    remove_later,
    require_active,
    self_link,
)
from ._simulation import Simulation
from ._tasks import Claim, Outcome

ROUTES = Routes()
DAYS = ("Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")


# -- rendering ------------------------------------------------------------------------


def region_json(region: Region) -> dict[str, Any]:
    return {
        "region": region.name,
        "networking": [
            {
                "deploymentCIDR": region.deployment_cidr,
                "vpcId": region.vpc_id,
                "subnetId": f"subnet-{region.vpc_id[4:]}{region.id:04d}",
            }
        ],
        "preferredAvailabilityZones": region.preferred_azs,
        "multipleAvailabilityZones": region.multiple_azs,
    }


def subscription_pricing(sub: Subscription, regions: list[str] | None = None) -> list[Any]:
    specs = [db.settings for db in sub.databases.values()] or [{"datasetSizeInGb": 1}]
    return pricing(specs, regions if regions is not None else list(sub.regions))


def subscription_json(call: Call, sub: Subscription) -> dict[str, Any]:
    settings = sub.settings
    size = sum(float(db.settings.get("datasetSizeInGb") or 1) for db in sub.databases.values())
    shown: dict[str, Any] = {
        "id": sub.id,
        "name": sub.name,
        "status": sub.effective_status(),
        "deploymentType": "active-active" if sub.active_active else "single-region",
        "paymentMethodId": settings.get("paymentMethodId", catalog.PAYMENT_METHOD_ID),
        "paymentMethodType": settings.get("paymentMethod", "credit-card"),
        "publicEndpointAccess": settings.get("publicEndpointAccess", True),
        "memoryStorage": settings.get("memoryStorage", "ram"),
        "persistentStorageEncryptionType": settings.get(
            "persistentStorageEncryptionType", "cloud-provider-managed-key"
        ),
        "numberOfDatabases": len(sub.databases),
        "storageEncryption": False,
        "subscriptionPricing": subscription_pricing(sub),
        "cloudDetails": [
            {
                "provider": settings.get("provider", "AWS"),
                "cloudAccountId": settings.get("cloudAccountId", 1),
                "totalSizeInGb": round(size, 4),
                "regions": [region_json(region) for region in sub.regions.values()],
                "links": [],
            }
        ],
        "links": [{"rel": "self", "type": "GET", "href": call.href(f"/subscriptions/{sub.id}")}],
    }
    if sub.resource_tags:
        shown["resourceTags"] = sub.resource_tags
    if "customerManagedKeys" in settings:
        shown["deletionGracePeriod"] = settings.get("deletionGracePeriod", "alerts-only")
        shown["customerManagedKeyAccessDetails"] = {
            "redisServiceAccount": "redis-cmk@redis-simulator.iam.gserviceaccount.com",
            "googlePredefinedRoles": ["roles/cloudkms.cryptoKeyEncrypterDecrypter"],
            "googleCustomPermissions": [],
            "deletionGracePeriodOptions": ["alerts-only", "immediate", "15-minutes", "1-hour"],
        }
    return shown


# -- subscriptions --------------------------------------------------------------------


@ROUTES.get("/subscriptions")
def list_subscriptions(call: Call) -> Reply:
    subs = call.sim.account.subscriptions.values()
    return ok(
        {
            "accountId": call.sim.account.id,
            "subscriptions": [subscription_json(call, sub) for sub in subs],
            "links": self_link(call),
        }
    )


@ROUTES.get("/subscriptions/{subscriptionId}")
def get_subscription(call: Call) -> Reply:
    return ok(subscription_json(call, pro_subscription(call)))


def _check_create(body: dict[str, Any]) -> None:
    v.string(body, "name")
    v.boolean(body, "dryRun")
    v.one_of(body, "deploymentType", ("single-region", "active-active"))
    v.integer(body, "paymentMethodId")
    v.string(body, "redisVersion")
    v.one_of(body, "memoryStorage", ("ram", "ram-and-flash"))
    for i, provider in enumerate(v.objects(body, "cloudProviders", required=True)):
        v.integer(provider, "cloudAccountId", where=f"cloudProviders[{i}]")
        for j, region in enumerate(v.objects(provider, "regions", required=True)):
            v.required_string(region, "region", where=f"cloudProviders[{i}].regions[{j}]")
            v.obj(region, "networking", where=f"cloudProviders[{i}].regions[{j}]")
    for i, spec in enumerate(v.objects(body, "databases", required=True)):
        check_spec(spec, where=f"databases[{i}]")


def _planned_regions(sim: Simulation, body: dict[str, Any], now: float) -> list[Region]:
    """The regions a create asks for, or the task error the service would report."""
    providers = body["cloudProviders"]
    if len(providers) > 1:
        raise TaskError("MULTIPLE_CLOUD_PROVIDERS_NOT_SUPPORTED", "Use one cloud provider")
    provider = providers[0].get("provider", "AWS")
    if provider not in ("AWS", "GCP"):
        raise TaskError("NOT_KNOWN_CLOUD_PROVIDER", f"Unknown cloud provider '{provider}'")
    active_active = body.get("deploymentType") == "active-active"
    specs = providers[0]["regions"]
    if not active_active and len(specs) > 1:
        raise TaskError("SUBSCRIPTION_INVALID_REGION_NAME", "A single-region subscription")
    regions = []
    for index, spec in enumerate(specs):
        known = catalog.region_by_name(spec["region"])
        if known is None or known[2] != provider:
            raise TaskError(
                "SUBSCRIPTION_INVALID_REGION_NAME", f"Unknown {provider} region '{spec['region']}'"
            )
        cidr = (spec.get("networking") or {}).get("deploymentCIDR")
        if cidr is None and active_active:
            raise TaskError("NETWORKING_CIDR_MISSING", "Active-Active regions need a CIDR")
        regions.append(
            Region(
                id=known[0],
                name=known[1],
                provider=provider,
                deployment_cidr=cidr or f"10.{index}.0.0/24",
                vpc_id=(spec.get("networking") or {}).get("vpcId")
                or f"vpc-{sim.token(17).lower()}",
                multiple_azs=bool(spec.get("multipleAvailabilityZones", False)),
                preferred_azs=list(spec.get("preferredAvailabilityZones") or [f"{known[1]}a"]),
                status=PENDING,
                created_at=now,
                updated_at=now,
            )
        )
    _check_cidrs([region.deployment_cidr for region in regions])
    return regions


def _check_cidrs(cidrs: list[str]) -> None:
    try:
        networks = [ipaddress.ip_network(cidr) for cidr in cidrs]
    except ValueError as error:
        raise TaskError("SUBSCRIPTION_INVALID_CIDR", str(error)) from None
    for i, first in enumerate(networks):
        for second in networks[i + 1 :]:
            if first.overlaps(second):
                raise TaskError("SUBSCRIPTION_INVALID_CIDR", f"{first} overlaps {second}")


def _check_cloud_account(sim: Simulation, cloud_id: int) -> None:
    cloud = sim.account.collection("cloud_accounts").get(cloud_id)
    if cloud is None:
        raise TaskError("CLOUD_ACCOUNT_NOT_FOUND", f"Cloud account {cloud_id} not found", 404)
    if cloud.status != ACTIVE:
        raise TaskError("CLOUD_ACCOUNT_NOT_ACTIVE", f"Cloud account {cloud_id} is not active")


def _check_payment(sub_settings: dict[str, Any]) -> None:
    method = sub_settings.get("paymentMethodId")
    if method is not None and method != catalog.PAYMENT_METHOD_ID:
        raise TaskError("SUBSCRIPTION_PI_NOT_FOUND", f"Payment method {method} was not found")


def _database_names(spec: dict[str, Any]) -> list[str]:
    count = int(spec.get("quantity") or 1)
    return [spec["name"] if n == 0 else f"{spec['name']}-{n + 1}" for n in range(count)]


@ROUTES.post("/subscriptions")
def create_subscription(call: Call) -> Reply:
    sim = call.sim
    body = call.json_object()
    _check_create(body)
    dry_run = bool(body.get("dryRun"))
    claims: list[Claim] = []
    name = body.get("name")
    if not dry_run:
        if name:
            existing = (sub.name for sub in sim.account.subscriptions.values())
            claims.append(ensure_name_free(sim, "subscription-name", "pro", name, existing))
        claims.append(refuse_when_too_busy(sim))

    def work(out: Outcome) -> None:
        regions = _planned_regions(sim, body, out.now)
        _check_cloud_account(sim, body["cloudProviders"][0].get("cloudAccountId", 1))
        _check_payment(body)
        for spec in body["databases"]:
            problem = spec_problem(spec, spec["name"])
            if problem is not None:
                raise problem
        if dry_run:
            out.resource = {"pricing": pricing(body["databases"], [r.name for r in regions])}
            return
        sub_id = sim.account.new_id("subscription")
        provider = body["cloudProviders"][0]
        settings = {k: val for k, val in body.items() if k not in ("name", "dryRun", "databases")}
        settings["provider"] = provider.get("provider", "AWS")
        settings["cloudAccountId"] = provider.get("cloudAccountId", 1)
        sub = Subscription(
            id=sub_id,
            name=name or f"subscription-{sub_id}",
            status=PENDING,
            created_at=out.now,
            updated_at=out.now,
            settings=settings,
            regions={region.name: region for region in regions},
            active_active=body.get("deploymentType") == "active-active",
            resource_tags=list(provider.get("resourceTags") or []),
        )
        sim.account.subscriptions[sub_id] = sub
        sim.stats.created[("subscription", sub.name)] += 1
        created = []
        for spec in body["databases"]:
            for db_name in _database_names(spec):
                db = new_database(sim, sub, spec, db_name, out.now)
                provision(sim, db, "subscription_create", out.now)
                created.append({"databaseId": db.id, "name": db.name})
        for thing in (sub, *regions):
            provision(sim, thing, "subscription_create", out.now)
        sim.log(out.now, "subscription", f"Subscription {sub.name} was created", sub.id)
        out.resource_id = sub_id
        out.resource = {"databases": created}
        out.resource_path = f"/subscriptions/{sub_id}"

    return call.submit("subscriptionCreateRequest", work, claims=claims)


@ROUTES.put("/subscriptions/{subscriptionId}")
def update_subscription(call: Call) -> Reply:
    sim = call.sim
    sub = pro_subscription(call)
    body = call.json_object()
    name = v.string(body, "name")
    v.integer(body, "paymentMethodId")
    v.boolean(body, "publicEndpointAccess")
    keys = v.objects(body, "customerManagedKeys")
    for i, key in enumerate(keys):
        v.required_string(key, "resourceName", where=f"customerManagedKeys[{i}]")
    claims = []
    if name and name != sub.name:
        existing = (s.name for s in sim.account.subscriptions.values())
        claims.append(ensure_name_free(sim, "subscription-name", "pro", name, existing))

    def work(out: Outcome) -> None:
        require_active(sim, sub)
        _check_payment(body)
        changes = {k: val for k, val in body.items() if k not in ("name", "subscriptionId")}
        sub.settings.update(changes)
        if name:
            sub.name = name
        sub.updated_at = out.now
        out.resource_id = sub.id
        out.resource_path = f"/subscriptions/{sub.id}"

    return call.submit("subscriptionUpdateRequest", work, claims=claims)


def submit_delete(call: Call, sub: Subscription, command: str) -> Reply:
    """Queue a subscription delete: refused while it has databases or is changing."""
    sim = call.sim
    subs = sim.account.fixed_subscriptions if sub.essentials else sim.account.subscriptions

    def work(out: Outcome) -> None:
        if sub.databases and subs.get(sub.id) is sub:
            raise TaskError(
                "SUBSCRIPTION_IN_USE",
                f"Subscription {sub.id} has databases; delete them first",
                409,
            )
        require_active(sim, sub)
        remove_later(sim, sub, subs, sub.id, "subscription_delete", out.now)
        sim.log(out.now, "subscription", f"Subscription {sub.name} was deleted", sub.id)
        out.resource_id = sub.id

    return call.submit(command, work)


@ROUTES.delete("/subscriptions/{subscriptionId}")
def delete_subscription(call: Call) -> Reply:
    return submit_delete(call, pro_subscription(call), "subscriptionDeleteRequest")


@ROUTES.get("/subscriptions/{subscriptionId}/pricing")
def get_pricing(call: Call) -> Reply:
    return ok({"pricing": subscription_pricing(pro_subscription(call))})


def versions_reply(call: Call, subs: dict[int, Subscription], *, required: bool) -> Reply:
    """The Redis versions, for an optional (Pro) or required (Essentials) subscription."""
    if "subscriptionId" not in call.query:
        if required:
            raise bad_request("Required parameter 'subscriptionId' is not present")
    elif call.query_int("subscriptionId", 0) not in subs:
        raise not_found(f"Subscription {call.query['subscriptionId']} not found")
    versions = []
    for version, eol, preview, default in catalog.REDIS_VERSIONS:
        shown: dict[str, Any] = {"version": version, "isPreview": preview, "isDefault": default}
        if eol is not None:
            shown["eolDate"] = eol
        versions.append(shown)
    return ok({"redisVersions": versions})


@ROUTES.get("/subscriptions/redis-versions")
def get_redis_versions(call: Call) -> Reply:
    return versions_reply(call, call.sim.account.subscriptions, required=False)


# -- CIDR allowlist -------------------------------------------------------------------


@ROUTES.get("/subscriptions/{subscriptionId}/cidr")
def get_cidr_allowlist(call: Call) -> Reply:
    sub = pro_subscription(call)

    def work(out: Outcome) -> None:
        if sub.active_active:
            raise TaskError(
                "GETTING_SINGLE_REGION_CIDR_WHITE_LIST_IS_NOT_ALLOWED_WITH_ACTIVE_ACTIVE_SUBSCRIPTION",
                "Active-Active subscriptions have no single-region CIDR allowlist",
            )
        out.resource = {
            "cidr_ips": list(sub.cidr_allowlist["cidrIps"]),
            "security_group_ids": list(sub.cidr_allowlist["securityGroupIds"]),
            "errors": [],
        }
        out.resource_id = sub.id

    return call.submit("getCidrWhiteListRequest", work)


@ROUTES.put("/subscriptions/{subscriptionId}/cidr")
def update_cidr_allowlist(call: Call) -> Reply:
    sim = call.sim
    sub = pro_subscription(call)
    body = call.json_object()
    cidrs = v.strings(body, "cidrIps")
    groups = v.strings(body, "securityGroupIds")

    def work(out: Outcome) -> None:
        require_active(sim, sub)
        if sub.active_active:
            raise TaskError(
                "UPDATING_SINGLE_REGION_CIDR_WHITE_LIST_IS_NOT_ALLOWED_WITH_ACTIVE_ACTIVE_SUBSCRIPTION",
                "Active-Active subscriptions have no single-region CIDR allowlist",
            )
        if sub.settings.get("cloudAccountId", 1) == 1:
            raise TaskError(
                "CIDR_WHITELIST_NOT_ALLOWED",
                "The CIDR allowlist is for subscriptions in your own cloud account",
            )
        try:
            for cidr in cidrs:
                ipaddress.ip_network(cidr)
        except ValueError as error:
            raise TaskError("CIDR_WHITELIST_INVALID_CIDRS", str(error)) from None
        if len(set(cidrs)) != len(cidrs):
            raise TaskError("CIDR_WHITELIST_DUPLICATE_CIDRS", "A CIDR is listed twice")
        sub.cidr_allowlist = {"cidrIps": cidrs, "securityGroupIds": groups}
        sim.transition(sub, PENDING, ACTIVE, "subscription_update", out.now)
        out.resource_id = sub.id

    return call.submit("cidrWhiteListUpdateRequest", work)


# -- maintenance windows and resource tags ---------------------------------------------


@ROUTES.get("/subscriptions/{subscriptionId}/maintenance-windows")
def get_maintenance_windows(call: Call) -> Reply:
    sub = pro_subscription(call)
    return ok(
        {
            "mode": sub.maintenance["mode"],
            "timeZone": "UTC",
            "windows": sub.maintenance["windows"],
            "skipStatus": {"remainingSkips": 2},
        }
    )


def _window_problem(mode: str, windows: list[dict[str, Any]]) -> TaskError | None:
    if mode == "manual" and not windows:
        return TaskError("MAINTENANCE_WINDOW_MANUAL_MODE_WITH_NO_MAINTENANCE_WINDOWS", "No window")
    if mode == "automatic" and windows:
        return TaskError("MAINTENANCE_WINDOW_AUTOMATIC_MODE_WITH_MAINTENANCE_WINDOWS", "Windows")
    if len(windows) > 7:
        return TaskError(
            "MAINTENANCE_WINDOW_GREATER_THAN_MAXIMUM_ALLOWABLE_MAINTENANCE_WINDOWS_PROVIDED",
            "At most 7 windows",
        )
    for window in windows:
        days = window.get("days") or []
        if not days or any(day not in DAYS for day in days):
            return TaskError("MAINTENANCE_WINDOW_INVALID_DAYS", f"Invalid days {days}")
        if len(set(days)) != len(days):
            return TaskError("MAINTENANCE_WINDOW_DUPLICATE_DAYS", "A day is listed twice")
        if not 0 <= int(window.get("startHour", -1)) <= 23:
            return TaskError("MAINTENANCE_WINDOW_INVALID_START_HOUR", "Start hour is 0-23")
        if int(window.get("durationInHours", 0)) < 4:
            return TaskError("MAINTENANCE_WINDOW_INVALID_DURATION_IN_HOURS", "At least 4 hours")
    return None


@ROUTES.put("/subscriptions/{subscriptionId}/maintenance-windows")
def update_maintenance_windows(call: Call) -> Reply:
    sim = call.sim
    sub = pro_subscription(call)
    body = call.json_object()
    mode = v.required_string(body, "mode")
    windows = v.objects(body, "windows")
    for i, window in enumerate(windows):
        v.strings(window, "days", required=True, where=f"windows[{i}]")
        v.required_integer(window, "startHour", where=f"windows[{i}]")
        v.required_integer(window, "durationInHours", where=f"windows[{i}]")

    def work(out: Outcome) -> None:
        require_active(sim, sub)
        if mode not in ("manual", "automatic"):
            raise TaskError("MAINTENANCE_WINDOW_INVALID_MAINTENANCE_WINDOW_MODE_PROVIDED", mode)
        problem = _window_problem(mode, windows)
        if problem is not None:
            raise problem
        sub.maintenance = {"mode": mode, "windows": windows}
        out.resource_id = sub.id

    return call.submit("subscriptionMaintenanceWindowsUpdateRequest", work)


@ROUTES.put("/subscriptions/{subscriptionId}/resource-tags")
def update_resource_tags(call: Call) -> Reply:
    sim = call.sim
    sub = pro_subscription(call)
    body = call.json_object()
    if "resourceTags" not in body:
        raise bad_request("Field 'resourceTags' is required")
    tags = v.objects(body, "resourceTags")

    def work(out: Outcome) -> None:
        require_active(sim, sub)
        keys = [str(tag.get("key") or "") for tag in tags]
        if len(tags) > 30:
            raise TaskError("RESOURCE_TAGS_EXCEEDS_MAXIMUM_COUNT", "At most 30 tags")
        if any(not key for key in keys):
            raise TaskError("RESOURCE_TAGS_EMPTY_KEY", "A tag has no key")
        if len(set(keys)) != len(keys):
            raise TaskError("RESOURCE_TAGS_DUPLICATE_KEY", "A tag key is listed twice")
        if any(tag.get("value") in (None, "") for tag in tags):
            raise TaskError("RESOURCE_TAGS_MISSING_VALUE", "A tag has no value")
        sub.resource_tags = [{"key": str(t["key"]), "value": str(t["value"])} for t in tags]
        out.resource_id = sub.id

    return call.submit("subscriptionResourceTagsUpdateRequest", work)


# -- Active-Active regions ------------------------------------------------------------


def _active_active(call: Call) -> Subscription:
    sub = pro_subscription(call)
    if not sub.active_active:
        raise bad_request(f"Subscription {sub.id} is not an Active-Active subscription")
    return sub


@ROUTES.get("/subscriptions/{subscriptionId}/regions")
def list_regions(call: Call) -> Reply:
    sub = _active_active(call)
    regions = []
    for region in sub.regions.values():
        databases = [
            {
                "databaseId": db.id,
                "databaseName": db.name,
                "readOperationsPerSecond": 1000,
                "writeOperationsPerSecond": 1000,
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


@ROUTES.post("/subscriptions/{subscriptionId}/regions")
def add_region(call: Call) -> Reply:
    sim = call.sim
    sub = _active_active(call)
    body = call.json_object()
    name = v.required_string(body, "region")
    cidr = v.required_string(body, "deploymentCIDR")
    dry_run = bool(v.boolean(body, "dryRun"))
    if name in sub.regions:
        raise conflict(f"Region {name} is already in subscription {sub.id}")
    try:
        network = ipaddress.ip_network(cidr)
    except ValueError:
        raise bad_request(f"Invalid CIDR '{cidr}'") from None
    for region in sub.regions.values():
        if network.overlaps(ipaddress.ip_network(region.deployment_cidr)):
            raise conflict(f"{cidr} overlaps the CIDR of region {region.name}")

    def work(out: Outcome) -> None:
        known = catalog.region_by_name(name)
        if known is None:
            raise TaskError("ACTIVE_ACTIVE_INVALID_CREATE_REGION_NAME", f"Unknown region {name}")
        if dry_run:
            out.resource = {"pricing": subscription_pricing(sub, [*sub.regions, name])}
            return
        require_active(sim, sub)
        region = Region(
            id=known[0],
            name=name,
            provider=known[2],
            deployment_cidr=cidr,
            vpc_id=body.get("vpcId") or f"vpc-{sim.token(17).lower()}",
            status=PENDING,
            created_at=out.now,
            updated_at=out.now,
        )
        sub.regions[name] = region
        for db in sub.databases.values():
            db.regions.append(name)
        provision(sim, region, "active_active_region", out.now)
        out.resource_id = sub.id

    return call.submit("activeActiveRegionCreateRequest", work)


@ROUTES.delete("/subscriptions/{subscriptionId}/regions")
def delete_regions(call: Call) -> Reply:
    sim = call.sim
    sub = _active_active(call)
    body = call.json_object()
    names = [
        v.required_string(item, "region", where=f"regions[{i}]")
        for i, item in enumerate(v.objects(body, "regions"))
    ]
    by_id = {region.id: region.name for region in sub.regions.values()}
    for region_id in body.get("regionIds") or []:
        if region_id not in by_id:
            raise not_found(f"Region {region_id} not found in subscription {sub.id}")
        names.append(by_id[region_id])
    if not names:
        raise bad_request("Field 'regions' is required")
    missing = [name for name in names if name not in sub.regions]
    if missing:
        raise not_found(f"Region {missing[0]} not found in subscription {sub.id}")
    if set(sub.regions) <= set(names):
        raise unprocessable("An Active-Active subscription cannot lose its last region")
    dry_run = bool(v.boolean(body, "dryRun"))

    def work(out: Outcome) -> None:
        remaining = [name for name in sub.regions if name not in names]
        if dry_run:
            out.resource = {"pricing": subscription_pricing(sub, remaining)}
            return
        require_active(sim, sub)
        for name in names:
            region = sub.regions[name]

            def gone(_: float, name: str = name) -> None:
                sub.regions.pop(name, None)
                for db in sub.databases.values():
                    if name in db.regions:
                        db.regions.remove(name)

            sim.transition(region, DELETING, None, "active_active_region", out.now, done=gone)
        out.resource_id = sub.id

    return call.submit("activeActiveRegionDeleteRequest", work)
