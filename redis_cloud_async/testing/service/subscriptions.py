"""Pro subscriptions: how one is made, changed and removed, and the rules of its settings.

A create is judged when its task runs (one cloud provider, known regions, CIDRs that do
not overlap, an active cloud account, a known payment method, databases that make sense)
and makes the subscription and its initial databases ``pending`` for the
``subscription_create`` duration. Deleting a subscription that still has databases fails
its task with ``SUBSCRIPTION_IN_USE`` (status ``409 CONFLICT``: the enum's code for it,
with the guide's status). The Active-Active regions are in `active_active`.
"""

from __future__ import annotations

import ipaddress
from typing import Any

from ..engine.errors import TaskError
from ..engine.simulation import Simulation
from ..engine.state import ACTIVE, PENDING, Region, Subscription
from ..engine.tasks import Claim, Outcome
from . import databases, reference_data
from .account import log
from .busy import require_active
from .cidrs import check_cidrs
from .items import CLOUD_ACCOUNTS
from .lifecycle import ensure_name_free, provision, remove_later
from .pricing import pricing

DAYS = ("Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")


def name_claim(sim: Simulation, name: str) -> Claim:
    """409 when a Pro subscription has the name (or a queued create claims it)."""
    existing = (sub.name for sub in sim.account.subscriptions.values())
    return ensure_name_free(sim, "subscription-name", "pro", name, existing)


def subscription_pricing(sub: Subscription, regions: list[str] | None = None) -> list[Any]:
    """The price of the subscription's databases in its regions (or in ``regions``)."""
    specs = [db.settings for db in sub.databases.values()] or [{"datasetSizeInGb": 1}]
    return pricing(specs, regions if regions is not None else list(sub.regions))


# -- create, update, delete -------------------------------------------------------------


def planned_regions(sim: Simulation, body: dict[str, Any], now: float) -> list[Region]:
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
        known = reference_data.region_by_name(spec["region"])
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
    cloud = sim.account.collection(CLOUD_ACCOUNTS).get(cloud_id)
    if cloud is None:
        raise TaskError("CLOUD_ACCOUNT_NOT_FOUND", f"Cloud account {cloud_id} not found", 404)
    if cloud.status != ACTIVE:
        raise TaskError("CLOUD_ACCOUNT_NOT_ACTIVE", f"Cloud account {cloud_id} is not active")


def _check_payment(sub_settings: dict[str, Any]) -> None:
    method = sub_settings.get("paymentMethodId")
    if method is not None and method != reference_data.PAYMENT_METHOD_ID:
        raise TaskError("SUBSCRIPTION_PI_NOT_FOUND", f"Payment method {method} was not found")


def _database_names(spec: dict[str, Any]) -> list[str]:
    count = int(spec.get("quantity") or 1)
    return [spec["name"] if n == 0 else f"{spec['name']}-{n + 1}" for n in range(count)]


def create(sim: Simulation, body: dict[str, Any], out: Outcome) -> None:
    """A create task: the subscription, its regions and its initial databases ``pending``
    (or a dry run, which prices them instead)."""
    regions = planned_regions(sim, body, out.now)
    _check_cloud_account(sim, body["cloudProviders"][0].get("cloudAccountId", 1))
    _check_payment(body)
    for spec in body["databases"]:
        databases.require_valid_spec(spec, spec["name"])
    if body.get("dryRun"):
        out.resource = {"pricing": pricing(body["databases"], [r.name for r in regions])}
        return
    sub_id = sim.account.new_id("subscription")
    provider = body["cloudProviders"][0]
    settings = {k: val for k, val in body.items() if k not in ("name", "dryRun", "databases")}
    settings["provider"] = provider.get("provider", "AWS")
    settings["cloudAccountId"] = provider.get("cloudAccountId", 1)
    sub = Subscription(
        id=sub_id,
        name=body.get("name") or f"subscription-{sub_id}",
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
            db = databases.new_database(sim, sub, spec, db_name, out.now)
            provision(sim, db, "subscription_create", out.now)
            created.append({"databaseId": db.id, "name": db.name})
    for thing in (sub, *regions):
        provision(sim, thing, "subscription_create", out.now)
    log(sim, out.now, "subscription", f"Subscription {sub.name} was created", sub.id)
    out.resource_id = sub_id
    out.resource = {"databases": created}
    out.resource_path = f"/subscriptions/{sub_id}"


#: What `PUT /subscriptions/{id}` may change at once; anything else (public endpoint
#: access, encryption keys) reconfigures the deployment, pending meanwhile.
_AT_ONCE = frozenset({"name", "paymentMethod", "paymentMethodId", "subscriptionId", "commandType"})


def update(sim: Simulation, sub: Subscription, body: dict[str, Any], out: Outcome) -> None:
    """An update task: a new name or payment method at once; another setting leaves
    the subscription ``pending`` for the ``subscription_update`` duration."""
    require_active(sim, sub)
    _check_payment(body)
    changes = {
        k: val for k, val in body.items() if k not in ("name", "subscriptionId", "commandType")
    }
    sub.settings.update(changes)
    if body.get("name"):
        sub.name = body["name"]
    if set(body) - _AT_ONCE:
        sim.transition(sub, PENDING, ACTIVE, "subscription_update", out.now)
    out.resource_id = sub.id
    out.resource_path = f"/subscriptions/{sub.id}"


def delete(sim: Simulation, sub: Subscription, out: Outcome) -> None:
    """A delete task, Pro or Essentials: refused while it has databases or is changing."""
    subs = sim.account.fixed_subscriptions if sub.essentials else sim.account.subscriptions
    if sub.databases and subs.get(sub.id) is sub:
        raise TaskError(
            "SUBSCRIPTION_IN_USE",
            f"Subscription {sub.id} has databases; delete them first",
            409,
        )
    require_active(sim, sub)
    remove_later(sim, sub, subs, sub.id, "subscription_delete", out.now)
    log(sim, out.now, "subscription", f"Subscription {sub.name} was deleted", sub.id)
    out.resource_id = sub.id


# -- settings: CIDR allowlist, maintenance windows, resource tags ------------------------


def require_single_region(sub: Subscription, error: str) -> None:
    """Fail the running task for an Active-Active subscription (no single CIDR allowlist)."""
    if sub.active_active:
        raise TaskError(error, "Active-Active subscriptions have no single-region CIDR allowlist")


def update_cidr_allowlist(
    sim: Simulation, sub: Subscription, cidrs: list[str], groups: list[str], out: Outcome
) -> None:
    """An allowlist task: only in your own cloud account; the subscription ``pending``."""
    require_active(sim, sub)
    require_single_region(
        sub,
        "UPDATING_SINGLE_REGION_CIDR_WHITE_LIST_IS_NOT_ALLOWED_WITH_ACTIVE_ACTIVE_SUBSCRIPTION",
    )
    if sub.settings.get("cloudAccountId", 1) == 1:
        raise TaskError(
            "CIDR_WHITELIST_NOT_ALLOWED",
            "The CIDR allowlist is for subscriptions in your own cloud account",
        )
    check_cidrs(
        cidrs, invalid="CIDR_WHITELIST_INVALID_CIDRS", repeated="CIDR_WHITELIST_DUPLICATE_CIDRS"
    )
    sub.cidr_allowlist = {"cidrIps": cidrs, "securityGroupIds": groups}
    sim.transition(sub, PENDING, ACTIVE, "subscription_update", out.now)
    out.resource_id = sub.id


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


def update_maintenance_windows(
    sim: Simulation, sub: Subscription, mode: str, windows: list[dict[str, Any]], out: Outcome
) -> None:
    require_active(sim, sub)
    if mode not in ("manual", "automatic"):
        raise TaskError("MAINTENANCE_WINDOW_INVALID_MAINTENANCE_WINDOW_MODE_PROVIDED", mode)
    problem = _window_problem(mode, windows)
    if problem is not None:
        raise problem
    sub.maintenance = {"mode": mode, "windows": windows}
    out.resource_id = sub.id


def update_resource_tags(
    sim: Simulation, sub: Subscription, tags: list[dict[str, Any]], out: Outcome
) -> None:
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
