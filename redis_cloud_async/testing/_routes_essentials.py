"""Essentials (``/fixed/...``): plans, versions, subscriptions and their databases.

The same rules as Pro: names are unique (subscriptions account-wide, databases within a
subscription), a busy subscription refuses changes, the database list pages 404 past
the end (its ``subscription`` is an object here, an array for Pro). Databases are shown
in the published ``FixedDatabase`` shape: no throughput (the plan sets it), clustering
``enabled``, ``security.defaultUserEnabled``, alerts with their ``defaultValue``, and a
``backup`` block.
"""

from __future__ import annotations

from typing import Any

from . import _catalog as catalog
from . import _validate as v
from ._call import Call, Reply, ok
from ._db_model import check_spec, database_json, spec_problem
from ._errors import TaskError, bad_request, not_found
from ._resources import PENDING, Database, Subscription
from ._routes_databases import (
    add_database,
    database_listing,
    name_claim,
    submit_database_delete,
    submit_update,
)
from ._routes_subscriptions import submit_delete, versions_reply
from ._routing import Routes
from ._shared import (
    database,
    ensure_name_free,
    fixed_subscription,
    provision,
    refuse_when_too_busy,
    require_active,
    self_link,
)
from ._tasks import Claim, Outcome

ROUTES = Routes()
SUB = "/fixed/subscriptions/{subscriptionId}"
DB = SUB + "/databases/{databaseId}"


def _plan(plan_id: int) -> dict[str, Any]:
    plan = catalog.PLANS_BY_ID.get(plan_id)
    if plan is None:
        raise TaskError("FIXED_SUBSCRIPTION_CREATE_PLAN_NOT_FOUND", f"Plan {plan_id} not found")
    return plan


def _plan_json(call: Call, plan: dict[str, Any]) -> dict[str, Any]:
    return {
        **plan,
        "links": [{"rel": "self", "type": "GET", "href": call.href(f"/fixed/plans/{plan['id']}")}],
    }


def subscription_json(call: Call, sub: Subscription) -> dict[str, Any]:
    plan = catalog.PLANS_BY_ID[sub.plan_id or 0]
    return {
        "id": sub.id,
        "name": sub.name,
        "status": sub.effective_status(),
        "paymentMethodId": sub.settings.get("paymentMethodId", catalog.PAYMENT_METHOD_ID),
        "paymentMethodType": sub.settings.get("paymentMethod", "credit-card"),
        "planId": plan["id"],
        "planName": plan["name"],
        "planType": "fixed",
        "size": plan["size"],
        "sizeMeasurementUnit": plan["sizeMeasurementUnit"],
        "provider": plan["provider"],
        "region": plan["region"],
        "price": plan["price"],
        "pricePeriod": plan["pricePeriod"],
        "priceCurrency": plan["priceCurrency"],
        "maximumDatabases": plan["maximumDatabases"],
        "availability": plan["availability"],
        "connections": plan["connections"],
        "cidrAllowRules": plan["cidrAllowRules"],
        "supportDataPersistence": plan["supportDataPersistence"],
        "supportInstantAndDailyBackups": plan["supportInstantAndDailyBackups"],
        "supportReplication": plan["supportReplication"],
        "supportClustering": plan["supportClustering"],
        "customerSupport": plan["customerSupport"],
        "creationDate": call.sim.iso(sub.created_at),
        "links": [
            {"rel": "self", "type": "GET", "href": call.href(f"/fixed/subscriptions/{sub.id}")}
        ],
    }


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


def _check_fixed_spec(spec: dict[str, Any], *, creating: bool) -> None:
    """400 unless the Essentials-only properties are well-formed (plus the shared checks)."""
    check_spec(spec, creating=creating)
    v.strings(spec, "sourceIps")
    v.string(spec, "periodicBackupPath")
    v.boolean(spec, "enableDatabaseClustering")
    v.integer(spec, "numberOfShards")


# -- plans and versions ---------------------------------------------------------------


@ROUTES.get("/fixed/plans")
def list_plans(call: Call) -> Reply:
    provider = call.query.get("provider")
    if provider is not None and provider not in ("AWS", "GCP", "AZURE"):
        raise bad_request("Parameter 'provider' must be one of: AWS, GCP, AZURE")
    flex = call.query.get("redisFlex")
    plans = [
        _plan_json(call, plan)
        for plan in catalog.PLANS
        if (provider is None or plan["provider"] == provider)
        and (flex is None or str(plan["redisFlex"]).lower() == flex.lower())
    ]
    return ok({"plans": plans, "links": self_link(call)})


@ROUTES.get("/fixed/plans/{planId}")
def get_plan(call: Call) -> Reply:
    plan = catalog.PLANS_BY_ID.get(call.int_param("planId"))
    if plan is None:
        raise not_found(f"Plan {call.int_param('planId')} not found")
    return ok(_plan_json(call, plan))


@ROUTES.get("/fixed/plans/subscriptions/{subscriptionId}")
def plans_for_subscription(call: Call) -> Reply:
    current = catalog.PLANS_BY_ID[fixed_subscription(call).plan_id or 0]
    plans = [
        _plan_json(call, plan)
        for plan in catalog.PLANS
        if plan["provider"] == current["provider"] and plan["region"] == current["region"]
    ]
    return ok({"plans": plans, "links": self_link(call)})


@ROUTES.get("/fixed/redis-versions")
def get_redis_versions(call: Call) -> Reply:
    return versions_reply(call, call.sim.account.fixed_subscriptions, required=True)


# -- subscriptions --------------------------------------------------------------------


@ROUTES.get("/fixed/subscriptions")
def list_subscriptions(call: Call) -> Reply:
    subs = call.sim.account.fixed_subscriptions.values()
    return ok(
        {
            "accountId": call.sim.account.id,
            "subscriptions": [subscription_json(call, sub) for sub in subs],
            "links": self_link(call),
        }
    )


@ROUTES.get(SUB)
def get_subscription(call: Call) -> Reply:
    return ok(subscription_json(call, fixed_subscription(call)))


def _name_claim(call: Call, name: str) -> Claim:
    existing = (sub.name for sub in call.sim.account.fixed_subscriptions.values())
    return ensure_name_free(call.sim, "subscription-name", "fixed", name, existing)


@ROUTES.post("/fixed/subscriptions")
def create_subscription(call: Call) -> Reply:
    sim = call.sim
    body = call.json_object()
    name = v.required_string(body, "name")
    plan_id = v.required_integer(body, "planId")
    v.integer(body, "paymentMethodId")
    claims = [_name_claim(call, name), refuse_when_too_busy(sim)]

    def work(out: Outcome) -> None:
        plan = _plan(plan_id)
        if plan["price"] == 0 and any(
            catalog.PLANS_BY_ID[s.plan_id or 0]["price"] == 0
            for s in sim.account.fixed_subscriptions.values()
        ):
            raise TaskError(
                "FIXED_SUBSCRIPTION_ACCOUNT_ALREADY_HAS_A_FREE_PLAN", "One free plan per account"
            )
        sub_id = sim.account.new_id("subscription")
        sub = Subscription(
            id=sub_id,
            name=name,
            essentials=True,
            status=PENDING,
            created_at=out.now,
            updated_at=out.now,
            plan_id=plan_id,
            settings={
                **{k: val for k, val in body.items() if k not in ("name", "planId")},
                "provider": plan["provider"],
                "region": plan["region"],
                "planSize": plan["size"],
                "planUnit": plan["sizeMeasurementUnit"],
            },
        )
        sim.account.fixed_subscriptions[sub_id] = sub
        sim.stats.created[("essentials-subscription", name)] += 1
        provision(sim, sub, "essentials_subscription_create", out.now)
        sim.log(out.now, "subscription", f"Essentials subscription {name} was created", sub_id)
        out.resource_id = sub_id
        out.resource_path = f"/fixed/subscriptions/{sub_id}"

    return call.submit("fixedSubscriptionCreateRequest", work, claims=claims)


@ROUTES.put(SUB)
def update_subscription(call: Call) -> Reply:
    sim = call.sim
    sub = fixed_subscription(call)
    body = call.json_object()
    name = v.string(body, "name")
    plan_id = v.integer(body, "planId")
    v.integer(body, "paymentMethodId")
    claims = [_name_claim(call, name)] if name and name != sub.name else []

    def work(out: Outcome) -> None:
        require_active(sim, sub)
        if plan_id is not None:
            plan = _plan(plan_id)
            current = catalog.PLANS_BY_ID[sub.plan_id or 0]
            if (plan["provider"], plan["region"]) != (current["provider"], current["region"]):
                raise TaskError(
                    "FIXED_MISMATCH_BETWEEN_REQUEST_PLAN_REGION_AND_SUBSCRIPTION_REGION",
                    "The new plan must be in the subscription's cloud and region",
                )
            if plan["maximumDatabases"] < len(sub.databases):
                raise TaskError(
                    "FIXED_SUBSCRIPTION_PLAN_MAX_DATABASES_SMALLER_THEN_CURRENT_SUBSCRIPTION_DATABASES_COUNT",
                    "The new plan allows fewer databases than the subscription has",
                )
            sub.plan_id = plan_id
            sub.settings.update(planSize=plan["size"], planUnit=plan["sizeMeasurementUnit"])
        if name:
            sub.name = name
        for key in ("paymentMethodId", "paymentMethod"):
            if key in body:
                sub.settings[key] = body[key]
        out.resource_id = sub.id
        out.resource_path = f"/fixed/subscriptions/{sub.id}"

    return call.submit("fixedSubscriptionUpdateRequest", work, claims=claims)


@ROUTES.delete(SUB)
def delete_subscription(call: Call) -> Reply:
    return submit_delete(call, fixed_subscription(call), "fixedSubscriptionDeleteRequest")


# -- databases ------------------------------------------------------------------------


@ROUTES.get(SUB + "/databases")
def list_databases(call: Call) -> Reply:
    sub = fixed_subscription(call)
    listing = database_listing(call, sub)
    listing["databases"] = [
        as_fixed_database(shown, sub.databases[shown["databaseId"]])
        for shown in listing["databases"]
    ]
    return ok({"accountId": call.sim.account.id, "subscription": listing, "links": self_link(call)})


@ROUTES.get(DB)
def get_database(call: Call) -> Reply:
    sub, db = database(call, essentials=True)
    return ok(as_fixed_database(database_json(call, sub, db, secrets=True), db))


@ROUTES.post(SUB + "/databases")
def create_database(call: Call) -> Reply:
    sim = call.sim
    sub = fixed_subscription(call)
    spec = call.json_object()
    _check_fixed_spec(spec, creating=True)
    name = spec["name"]
    claims = [name_claim(sim, sub, name)]

    def work(out: Outcome) -> None:
        problem = spec_problem(spec, name)
        if problem is not None:
            raise problem
        require_active(sim, sub)
        if len(sub.databases) >= catalog.PLANS_BY_ID[sub.plan_id or 0]["maximumDatabases"]:
            raise TaskError(
                "FIXED_DATABASE_FIXED_SUBSCRIPTION_REACHED_MAX_DATABASES_COUNT",
                f"Subscription {sub.id} has as many databases as its plan allows",
            )
        add_database(sim, sub, spec, "essentials_database_create", out)

    return call.submit("fixedDatabaseCreateRequest", work, claims=claims)


@ROUTES.put(DB)
def update_database(call: Call) -> Reply:
    sub, db = database(call, essentials=True)
    spec = call.json_object()
    _check_fixed_spec(spec, creating=False)
    return submit_update(call, sub, db, spec, "fixedDatabaseUpdateRequest")


@ROUTES.delete(DB)
def delete_database(call: Call) -> Reply:
    sub, db = database(call, essentials=True)
    return submit_database_delete(call, sub, db)
