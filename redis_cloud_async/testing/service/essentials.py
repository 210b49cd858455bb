"""Essentials (fixed-plan) subscriptions and their databases: the plan decides.

A plan is looked up when the task runs (``FIXED_SUBSCRIPTION_CREATE_PLAN_NOT_FOUND``);
an account has at most one free plan; a plan change stays in the subscription's cloud
and region, must hold its databases, and leaves the subscription ``pending`` for the
``subscription_update`` duration; a database needs room in the plan.
"""

from __future__ import annotations

from typing import Any

from ..engine.errors import TaskError
from ..engine.simulation import Simulation
from ..engine.state import ACTIVE, PENDING, Subscription
from ..engine.tasks import Claim, Outcome
from . import databases, reference_data
from .account import log
from .busy import require_active
from .lifecycle import ensure_name_free, provision


def plan(plan_id: int) -> dict[str, Any]:
    """The plan, or the task fails as the service's does."""
    found = reference_data.PLANS_BY_ID.get(plan_id)
    if found is None:
        raise TaskError("FIXED_SUBSCRIPTION_CREATE_PLAN_NOT_FOUND", f"Plan {plan_id} not found")
    return found


def plan_of(sub: Subscription) -> dict[str, Any]:
    """The plan an Essentials subscription is on."""
    return reference_data.PLANS_BY_ID[sub.plan_id or 0]


def name_claim(sim: Simulation, name: str) -> Claim:
    """409 when an Essentials subscription has the name (or a queued create claims it)."""
    existing = (sub.name for sub in sim.account.fixed_subscriptions.values())
    return ensure_name_free(sim, "subscription-name", "fixed", name, existing)


def create_subscription(
    sim: Simulation, name: str, plan_id: int, body: dict[str, Any], out: Outcome
) -> None:
    """A create task: the subscription ``pending`` for a while, on its plan."""
    chosen = plan(plan_id)
    if chosen["price"] == 0 and any(
        plan_of(s)["price"] == 0 for s in sim.account.fixed_subscriptions.values()
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
            "provider": chosen["provider"],
            "region": chosen["region"],
            "planSize": chosen["size"],
            "planUnit": chosen["sizeMeasurementUnit"],
        },
    )
    sim.account.fixed_subscriptions[sub_id] = sub
    sim.stats.created[("essentials-subscription", name)] += 1
    provision(sim, sub, "essentials_subscription_create", out.now)
    log(sim, out.now, "subscription", f"Essentials subscription {name} was created", sub_id)
    out.resource_id = sub_id
    out.resource_path = f"/fixed/subscriptions/{sub_id}"


def update_subscription(
    sim: Simulation,
    sub: Subscription,
    name: str | None,
    plan_id: int | None,
    body: dict[str, Any],
    out: Outcome,
) -> None:
    """An update task: a new name, plan or payment method."""
    require_active(sim, sub)
    if plan_id is not None:
        chosen = plan(plan_id)
        current = plan_of(sub)
        if (chosen["provider"], chosen["region"]) != (current["provider"], current["region"]):
            raise TaskError(
                "FIXED_MISMATCH_BETWEEN_REQUEST_PLAN_REGION_AND_SUBSCRIPTION_REGION",
                "The new plan must be in the subscription's cloud and region",
            )
        if chosen["maximumDatabases"] < len(sub.databases):
            raise TaskError(
                "FIXED_SUBSCRIPTION_PLAN_MAX_DATABASES_SMALLER_THEN_CURRENT_SUBSCRIPTION_DATABASES_COUNT",
                "The new plan allows fewer databases than the subscription has",
            )
        if plan_id != sub.plan_id:  # the move takes a while, the subscription pending
            sim.transition(sub, PENDING, ACTIVE, "subscription_update", out.now)
        sub.plan_id = plan_id
        sub.settings.update(planSize=chosen["size"], planUnit=chosen["sizeMeasurementUnit"])
    if name:
        sub.name = name
    for key in ("paymentMethodId", "paymentMethod"):
        if key in body:
            sub.settings[key] = body[key]
    out.resource_id = sub.id
    out.resource_path = f"/fixed/subscriptions/{sub.id}"


def create_database(sim: Simulation, sub: Subscription, spec: dict[str, Any], out: Outcome) -> None:
    """A database create task: what the spec asks for, then room in the plan."""
    databases.require_valid_spec(spec, spec["name"])
    require_active(sim, sub)
    if len(sub.databases) >= plan_of(sub)["maximumDatabases"]:
        raise TaskError(
            "FIXED_DATABASE_FIXED_SUBSCRIPTION_REACHED_MAX_DATABASES_COUNT",
            f"Subscription {sub.id} has as many databases as its plan allows",
        )
    databases.add(sim, sub, spec, "essentials_database_create", out)
