"""Active-Active subscriptions: regions added and removed.

Checked when the request arrives: a region already there or a CIDR that overlaps one is
a 409, a removal must name regions of the subscription and leave it at least one. Checked
when the task runs: the region must be known; the subscription must be active, and is
``pending`` for the ``active_active_region`` duration meanwhile. Dry runs price the
subscription with its regions as they would be.
"""

from __future__ import annotations

import ipaddress
from typing import Any

from ..engine.errors import TaskError, bad_request, conflict, not_found, unprocessable
from ..engine.simulation import Simulation
from ..engine.state import DELETING, PENDING, Region, Subscription
from ..engine.tasks import Outcome
from . import reference_data
from .busy import require_active
from .lifecycle import provision
from .subscriptions import subscription_pricing


def check_new_region(sub: Subscription, name: str, cidr: str) -> None:
    """409 when the region is there already or its CIDR overlaps another's; 400 for a bad
    CIDR."""
    if name in sub.regions:
        raise conflict(f"Region {name} is already in subscription {sub.id}")
    try:
        network = ipaddress.ip_network(cidr)
    except ValueError:
        raise bad_request(f"Invalid CIDR '{cidr}'") from None
    for region in sub.regions.values():
        if network.overlaps(ipaddress.ip_network(region.deployment_cidr)):
            raise conflict(f"{cidr} overlaps the CIDR of region {region.name}")


def add_region(
    sim: Simulation,
    sub: Subscription,
    name: str,
    cidr: str,
    body: dict[str, Any],
    out: Outcome,
) -> None:
    """An add task: the region ``pending``, and in every database of the subscription."""
    known = reference_data.region_by_name(name)
    if known is None:
        raise TaskError("ACTIVE_ACTIVE_INVALID_CREATE_REGION_NAME", f"Unknown region {name}")
    if body.get("dryRun"):
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


def check_removal(sub: Subscription, names: list[str]) -> None:
    """404 for a region the subscription does not have; 422 when none would be left."""
    missing = [name for name in names if name not in sub.regions]
    if missing:
        raise not_found(f"Region {missing[0]} not found in subscription {sub.id}")
    if set(sub.regions) <= set(names):
        raise unprocessable("An Active-Active subscription cannot lose its last region")


def delete_regions(
    sim: Simulation, sub: Subscription, names: list[str], dry_run: bool, out: Outcome
) -> None:
    """A removal task: each region ``deleting``, then gone from the subscription and its
    databases."""
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
