"""Pro subscriptions: CRUD, pricing, Redis versions, CIDR allowlist, maintenance windows
and resource tags.

A create is refused with 429 when three subscriptions are already changing, and with
409 when the name is taken (also by a create still in the queue); the rest is judged
when its task runs (`service.subscriptions`). The Active-Active regions are in
`active_active`.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from ..engine.errors import bad_request
from ..engine.state import Region, Subscription
from ..engine.tasks import Claim, Outcome
from ..frontend import fields
from ..frontend.call import Call, Reply, ok
from ..frontend.routing import Routes
from ..service import reference_data, subscriptions
from ..service.busy import refuse_when_too_busy
from ..service.lifecycle import new_name_claims
from ._shared import (
    MAX_QUANTITY,
    account_list,
    check_spec,
    pro_subscription,
    redis_versions,
    self_link,
)

#: The most regions one create may ask for (their CIDRs are checked pair by pair).
MAX_REGIONS = 50

ROUTES = Routes()
SUB = "/subscriptions/{subscriptionId}"


# -- how a subscription is shown ------------------------------------------------------


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


def subscription_json(call: Call, sub: Subscription) -> dict[str, Any]:
    settings = sub.settings
    size = sum(float(db.settings.get("datasetSizeInGb") or 1) for db in sub.databases.values())
    shown: dict[str, Any] = {
        "id": sub.id,
        "name": sub.name,
        "status": sub.effective_status(),
        "deploymentType": "active-active" if sub.active_active else "single-region",
        "paymentMethodId": settings.get("paymentMethodId", reference_data.PAYMENT_METHOD_ID),
        "paymentMethodType": settings.get("paymentMethod", "credit-card"),
        "publicEndpointAccess": settings.get("publicEndpointAccess", True),
        "memoryStorage": settings.get("memoryStorage", "ram"),
        "persistentStorageEncryptionType": settings.get(
            "persistentStorageEncryptionType", "cloud-provider-managed-key"
        ),
        "numberOfDatabases": len(sub.databases),
        "storageEncryption": False,
        "subscriptionPricing": subscriptions.subscription_pricing(sub),
        "cloudDetails": [
            {
                "provider": settings.get("provider", "AWS"),
                "cloudAccountId": settings.get("cloudAccountId", 1),
                "totalSizeInGb": round(size, 4),
                "regions": [region_json(region) for region in sub.regions.values()],
                "links": [],
            }
        ],
        "links": self_link(call, f"/subscriptions/{sub.id}"),
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
    return account_list(call, "subscriptions", [subscription_json(call, sub) for sub in subs])


@ROUTES.get(SUB)
def get_subscription(call: Call) -> Reply:
    return ok(subscription_json(call, pro_subscription(call)))


def _check_create(body: dict[str, Any]) -> None:
    fields.string(body, "name")
    fields.boolean(body, "dryRun")
    fields.one_of(body, "deploymentType", ("single-region", "active-active"))
    fields.integer(body, "paymentMethodId")
    fields.string(body, "redisVersion")
    fields.one_of(body, "memoryStorage", ("ram", "ram-and-flash"))
    for i, provider in enumerate(fields.objects(body, "cloudProviders", required=True)):
        fields.integer(provider, "cloudAccountId", where=f"cloudProviders[{i}]")
        regions = fields.objects(
            provider, "regions", required=True, where=f"cloudProviders[{i}]", most=MAX_REGIONS
        )
        for j, region in enumerate(regions):
            fields.required_string(region, "region", where=f"cloudProviders[{i}].regions[{j}]")
            fields.obj(region, "networking", where=f"cloudProviders[{i}].regions[{j}]")
    specs = fields.objects(body, "databases", required=True)
    for i, spec in enumerate(specs):
        check_spec(spec, where=f"databases[{i}]")
    asked = sum(spec.get("quantity") or 1 for spec in specs)
    if asked > MAX_QUANTITY:
        raise bad_request(
            f"Field 'databases' asks for {asked} databases: at most {MAX_QUANTITY} in one request"
        )


@ROUTES.post("/subscriptions")
def create_subscription(call: Call) -> Reply:
    sim = call.sim
    body = call.json_object()
    _check_create(body)
    claims: list[Claim] = []
    name = body.get("name")
    if not body.get("dryRun"):
        if name:
            claims.append(subscriptions.name_claim(sim, name))
        claims.append(refuse_when_too_busy(sim))
    work = partial(subscriptions.create, sim, body)
    return call.submit("subscriptionCreateRequest", work, claims=claims)


@ROUTES.put(SUB)
def update_subscription(call: Call) -> Reply:
    sim = call.sim
    sub = pro_subscription(call)
    body = call.json_object()
    name = fields.string(body, "name")
    fields.integer(body, "paymentMethodId")
    fields.boolean(body, "publicEndpointAccess")
    keys = fields.objects(body, "customerManagedKeys")
    for i, key in enumerate(keys):
        fields.required_string(key, "resourceName", where=f"customerManagedKeys[{i}]")
    claims = new_name_claims(partial(subscriptions.name_claim, sim), name, sub.name)
    work = partial(subscriptions.update, sim, sub, body)
    return call.submit("subscriptionUpdateRequest", work, claims=claims)


@ROUTES.delete(SUB)
def delete_subscription(call: Call) -> Reply:
    work = partial(subscriptions.delete, call.sim, pro_subscription(call))
    return call.submit("subscriptionDeleteRequest", work)


@ROUTES.get(SUB + "/pricing")
def get_pricing(call: Call) -> Reply:
    return ok({"pricing": subscriptions.subscription_pricing(pro_subscription(call))})


@ROUTES.get("/subscriptions/redis-versions")
def get_redis_versions(call: Call) -> Reply:
    return redis_versions(call, call.sim.account.subscriptions, required=False)


# -- CIDR allowlist -------------------------------------------------------------------


@ROUTES.get(SUB + "/cidr")
def get_cidr_allowlist(call: Call) -> Reply:
    sub = pro_subscription(call)

    def work(out: Outcome) -> None:
        subscriptions.require_single_region(
            sub,
            "GETTING_SINGLE_REGION_CIDR_WHITE_LIST_IS_NOT_ALLOWED_WITH_ACTIVE_ACTIVE_SUBSCRIPTION",
        )
        out.resource = {
            "cidr_ips": list(sub.cidr_allowlist["cidrIps"]),
            "security_group_ids": list(sub.cidr_allowlist["securityGroupIds"]),
            "errors": [],
        }
        out.resource_id = sub.id

    return call.submit("getCidrWhiteListRequest", work)


@ROUTES.put(SUB + "/cidr")
def update_cidr_allowlist(call: Call) -> Reply:
    sub = pro_subscription(call)
    body = call.json_object()
    cidrs = fields.strings(body, "cidrIps")
    groups = fields.strings(body, "securityGroupIds")
    work = partial(subscriptions.update_cidr_allowlist, call.sim, sub, cidrs, groups)
    return call.submit("cidrWhiteListUpdateRequest", work)


# -- maintenance windows and resource tags ---------------------------------------------


@ROUTES.get(SUB + "/maintenance-windows")
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


@ROUTES.put(SUB + "/maintenance-windows")
def update_maintenance_windows(call: Call) -> Reply:
    sub = pro_subscription(call)
    body = call.json_object()
    mode = fields.required_string(body, "mode")
    windows = fields.objects(body, "windows")
    for i, window in enumerate(windows):
        fields.strings(window, "days", required=True, where=f"windows[{i}]")
        fields.required_integer(window, "startHour", where=f"windows[{i}]")
        fields.required_integer(window, "durationInHours", where=f"windows[{i}]")
    work = partial(subscriptions.update_maintenance_windows, call.sim, sub, mode, windows)
    return call.submit("subscriptionMaintenanceWindowsUpdateRequest", work)


@ROUTES.put(SUB + "/resource-tags")
def update_resource_tags(call: Call) -> Reply:
    sub = pro_subscription(call)
    body = call.json_object()
    if "resourceTags" not in body:
        raise bad_request("Field 'resourceTags' is required")
    tags = fields.objects(body, "resourceTags")
    work = partial(subscriptions.update_resource_tags, call.sim, sub, tags)
    return call.submit("subscriptionResourceTagsUpdateRequest", work)
