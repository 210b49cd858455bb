"""The API areas the simulator serves: one route module per area.

To add an area, write a module with a ``ROUTES = Routes()`` table and list it here;
the engine needs nothing else.
"""

from __future__ import annotations

from ._routing import Route, RouteTable


def all_routes() -> list[Route]:
    from . import (
        _routes_account,
        _routes_acl,
        _routes_cloud_accounts,
        _routes_database_ops,
        _routes_databases,
        _routes_essentials,
        _routes_peering,
        _routes_privatelink,
        _routes_psc,
        _routes_subscriptions,
        _routes_tasks,
        _routes_tgw,
    )

    areas = (
        _routes_tasks,
        _routes_subscriptions,
        _routes_databases,
        _routes_database_ops,
        _routes_essentials,
        _routes_acl,
        _routes_account,
        _routes_cloud_accounts,
        _routes_peering,
        _routes_privatelink,
        _routes_psc,
        _routes_tgw,
    )
    return [route for area in areas for route in area.ROUTES.items]


def route_table() -> RouteTable:
    return RouteTable(all_routes())
