"""Essentials (``/fixed/...``): plans, Redis versions and subscriptions.

The same rules as Pro: subscription names are unique account-wide, at most three
subscriptions change at once, a busy subscription refuses changes; the plan rules are in
`service.essentials`. Essentials databases are served with Pro's in `databases`.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from ..engine.errors import bad_request, not_found
from ..engine.state import Subscription
from ..frontend import fields
from ..frontend.call import Call, Reply, ok
from ..frontend.routing import Routes
from ..service import essentials, reference_data, subscriptions
from ..service.busy import refuse_when_too_busy
from ..service.lifecycle import new_name_claims
from ._shared import account_list, fixed_subscription, redis_versions, self_link

ROUTES = Routes()
SUB = "/fixed/subscriptions/{subscriptionId}"


# -- how plans and subscriptions are shown ------------------------------------------


def _plan_json(call: Call, plan: dict[str, Any]) -> dict[str, Any]:
    return {
        **plan,
        "links": self_link(call, f"/fixed/plans/{plan['id']}"),
    }


def subscription_json(call: Call, sub: Subscription) -> dict[str, Any]:
    plan = essentials.plan_of(sub)
    return {
        "id": sub.id,
        "name": sub.name,
        "status": sub.effective_status(),
        "paymentMethodId": sub.settings.get("paymentMethodId", reference_data.PAYMENT_METHOD_ID),
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
        "links": self_link(call, f"/fixed/subscriptions/{sub.id}"),
    }


# -- plans and versions ---------------------------------------------------------------


@ROUTES.get("/fixed/plans")
def list_plans(call: Call) -> Reply:
    provider = call.query.get("provider")
    if provider is not None and provider not in ("AWS", "GCP", "AZURE"):
        raise bad_request("Parameter 'provider' must be one of: AWS, GCP, AZURE")
    flex = call.query.get("redisFlex")
    plans = [
        _plan_json(call, plan)
        for plan in reference_data.PLANS
        if (provider is None or plan["provider"] == provider)
        and (flex is None or str(plan["redisFlex"]).lower() == flex.lower())
    ]
    return ok({"plans": plans, "links": self_link(call)})


@ROUTES.get("/fixed/plans/{planId}")
def get_plan(call: Call) -> Reply:
    plan = reference_data.PLANS_BY_ID.get(call.int_param("planId"))
    if plan is None:
        raise not_found(f"Plan {call.int_param('planId')} not found")
    return ok(_plan_json(call, plan))


@ROUTES.get("/fixed/plans/subscriptions/{subscriptionId}")
def plans_for_subscription(call: Call) -> Reply:
    current = essentials.plan_of(fixed_subscription(call))
    plans = [
        _plan_json(call, plan)
        for plan in reference_data.PLANS
        if plan["provider"] == current["provider"] and plan["region"] == current["region"]
    ]
    return ok({"plans": plans, "links": self_link(call)})


@ROUTES.get("/fixed/redis-versions")
def get_redis_versions(call: Call) -> Reply:
    return redis_versions(call, call.sim.account.fixed_subscriptions, required=True)


# -- subscriptions --------------------------------------------------------------------


@ROUTES.get("/fixed/subscriptions")
def list_subscriptions(call: Call) -> Reply:
    subs = call.sim.account.fixed_subscriptions.values()
    return account_list(call, "subscriptions", [subscription_json(call, sub) for sub in subs])


@ROUTES.get(SUB)
def get_subscription(call: Call) -> Reply:
    return ok(subscription_json(call, fixed_subscription(call)))


@ROUTES.post("/fixed/subscriptions")
def create_subscription(call: Call) -> Reply:
    sim = call.sim
    body = call.json_object()
    name = fields.required_string(body, "name")
    plan_id = fields.required_integer(body, "planId")
    fields.integer(body, "paymentMethodId")
    claims = [essentials.name_claim(sim, name), refuse_when_too_busy(sim)]
    work = partial(essentials.create_subscription, sim, name, plan_id, body)
    return call.submit("fixedSubscriptionCreateRequest", work, claims=claims)


@ROUTES.put(SUB)
def update_subscription(call: Call) -> Reply:
    sim = call.sim
    sub = fixed_subscription(call)
    body = call.json_object()
    name = fields.string(body, "name")
    plan_id = fields.integer(body, "planId")
    fields.integer(body, "paymentMethodId")
    claims = new_name_claims(partial(essentials.name_claim, sim), name, sub.name)
    work = partial(essentials.update_subscription, sim, sub, name, plan_id, body)
    return call.submit("fixedSubscriptionUpdateRequest", work, claims=claims)


@ROUTES.delete(SUB)
def delete_subscription(call: Call) -> Reply:
    work = partial(subscriptions.delete, call.sim, fixed_subscription(call))
    return call.submit("fixedSubscriptionDeleteRequest", work)
