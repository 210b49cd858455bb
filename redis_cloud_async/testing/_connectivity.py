"""What the connectivity areas (peering, PrivateLink, Transit Gateway, PSC) share.

Each has a subscription-wide form and a per-region form for Active-Active subscriptions
(``/subscriptions/{id}/regions/{regionId}/...``); a `Scope` names which. Their reads are
asynchronous: they answer 202 with a task whose ``response.resource`` holds the data.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs

from ._call import Call, Reply
from ._errors import TaskError, not_found
from ._resources import ACTIVE, Link, Subscription
from ._routing import Routes
from ._shared import pro_subscription, require_active
from ._simulation import Simulation
from ._tasks import Outcome


@attrs.frozen
class Scope:
    """A subscription, and the Active-Active region a per-region route names (or None)."""

    sub: Subscription
    region: str | None

    @property
    def region_id(self) -> int | None:
        return self.sub.regions[self.region].id if self.region in self.sub.regions else None


def scope_of(call: Call) -> Scope:
    """The scope of the route: per region when the template has ``{regionId}``."""
    sub = pro_subscription(call)
    if "regionId" not in call.params:
        return Scope(sub, None)
    region_id = call.int_param("regionId")
    region = next((r for r in sub.regions.values() if r.id == region_id), None)
    if region is None:
        raise not_found(f"Region {region_id} not found in subscription {sub.id}")
    return Scope(sub, region.name)


def check_mode(scope: Scope, *, single_region_only: str, active_active_only: str) -> None:
    """Fail the task when the route's form does not fit the subscription's deployment."""
    if scope.region is None and scope.sub.active_active:
        raise TaskError(single_region_only, "Use the per-region form for Active-Active")
    if scope.region is not None and not scope.sub.active_active:
        raise TaskError(active_active_only, "This form is for Active-Active subscriptions")


def require_provider(scope: Scope, provider: str, error: str) -> None:
    actual = scope.sub.settings.get("provider", "AWS")
    if actual != provider:
        raise TaskError(error, f"Only for {provider} subscriptions (this one is {actual})")


def links(scope: Scope, kind: str) -> list[Link]:
    return [
        link
        for link in scope.sub.links.values()
        if link.kind == kind and link.region == scope.region
    ]


def find(scope: Scope, kind: str, link_id: int, error: str) -> Link:
    """The link, or the task error ``error`` (for checks made when the task runs)."""
    for link in links(scope, kind):
        if link.id == link_id:
            return link
    raise TaskError(error, f"{kind} {link_id} not found", 404)


def add(
    sim: Simulation,
    scope: Scope,
    kind: str,
    data: dict[str, Any],
    now: float,
    *,
    status: str = "pending",
    then: str | None = ACTIVE,
) -> Link:
    """A new link in ``status``, reaching ``then`` after the connectivity duration."""
    link = Link(
        id=sim.account.new_id("link"),
        kind=kind,
        region=scope.region,
        data=data,
        status=status,
        created_at=now,
        updated_at=now,
    )
    scope.sub.links[link.id] = link
    sim.stats.created[(kind, f"{scope.sub.id}/{link.id}")] += 1
    if then is not None:
        sim.transition(link, status, then, "connectivity", now)
    return link


def remove(sim: Simulation, scope: Scope, link: Link, now: float) -> None:
    """``deleting`` now, gone after the connectivity duration."""

    def gone(_: float) -> None:
        scope.sub.links.pop(link.id, None)

    sim.transition(link, "deleting", None, "connectivity", now, done=gone)


def change(call: Call, command: str, act: Callable[[Scope, Outcome], None]) -> Reply:
    """Queue a connectivity change: the subscription must be active when it runs."""
    sim = call.sim
    scope = scope_of(call)

    def work(out: Outcome) -> None:
        require_active(sim, scope.sub)
        act(scope, out)
        out.additional_resource_id = scope.sub.id

    return call.submit(command, work)


def read(call: Call, command: str, produce: Callable[[Scope], dict[str, Any]]) -> Reply:
    """An asynchronous GET: a task whose ``response.resource`` is ``produce(scope)``."""
    scope = scope_of(call)

    def work(out: Outcome) -> None:
        out.resource = produce(scope)
        out.resource_id = scope.sub.id

    return call.submit(command, work)


def both_forms(routes: Routes, method: str, tail: str) -> Callable[[Callable[[Call], Reply]], Any]:
    """Register a handler for the subscription-wide and the per-region template."""

    def register(handler: Callable[[Call], Reply]) -> Any:
        routes.add(method, "/subscriptions/{subscriptionId}" + tail)(handler)
        routes.add(method, "/subscriptions/{subscriptionId}/regions/{regionId}" + tail)(handler)
        return handler

    return register
