"""The rules the connectivity areas (peering, PrivateLink, Transit Gateway, PSC) share.

Each has a subscription-wide form and a per-region form for Active-Active subscriptions
(``/subscriptions/{id}/regions/{regionId}/...``); a `Scope` names which. Their objects
are `Link`s of the subscription, found by kind and region; a new one reaches its next
status after the ``connectivity`` duration, and so does a removed one its end.
"""

from __future__ import annotations

from typing import Any

import attrs

from ..engine.errors import TaskError
from ..engine.simulation import Simulation
from ..engine.state import ACTIVE, DELETING, Link, Subscription
from .lifecycle import remove_later


@attrs.frozen
class Scope:
    """A subscription, and the Active-Active region a per-region route names (or None)."""

    sub: Subscription
    region: str | None

    @property
    def region_id(self) -> int | None:
        return self.sub.regions[self.region].id if self.region in self.sub.regions else None


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


def remove(
    sim: Simulation, scope: Scope, link: Link, now: float, *, status: str = DELETING
) -> None:
    """``status`` (``deleting``) now, gone after the connectivity duration."""
    remove_later(sim, link, scope.sub.links, link.id, "connectivity", now, status=status)
