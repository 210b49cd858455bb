"""The API areas the simulator serves: one route module per area.

A route module turns requests into the service's rules and their outcome into the JSON
the service answers, as moto's ``responses.py`` does: it reads the path and the body
(404 and 400 at once), applies the synchronous rules (409, 429), then submits the work
of a task or answers. When an area's rules grow, they move to ``service/<area>.py`` (moto's
``models.py``) and the route module keeps the request and the JSON. A route module
imports only `_shared` from this package, never another area.

To add an area, write a module with a ``ROUTES = Routes()`` table and list it here;
the front end needs nothing else.
"""

from __future__ import annotations

from ..frontend.routing import Route, RouteTable
from . import (
    account,
    acl,
    active_active,
    cloud_accounts,
    cost_reports,
    database_ops,
    databases,
    essentials,
    peering,
    private_link,
    private_service_connect,
    subscriptions,
    tasks,
    transit_gateways,
    users,
)

AREAS = (
    tasks,
    subscriptions,
    active_active,
    databases,
    database_ops,
    essentials,
    acl,
    account,
    users,
    cost_reports,
    cloud_accounts,
    peering,
    private_link,
    private_service_connect,
    transit_gateways,
)


def all_routes() -> list[Route]:
    return [route for area in AREAS for route in area.ROUTES.items]


def route_table() -> RouteTable:
    return RouteTable(all_routes())
