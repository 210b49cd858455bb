"""The account: itself, the reference data it offers, and its logs.

``/logs`` and ``/session-logs`` page with ``offset``/``limit`` and 404 past the end.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from ..engine.errors import bad_request
from ..frontend.call import Call, Reply, ok
from ..frontend.routing import Routes
from ..service import reference_data
from ._shared import account_list, page, self_link

ROUTES = Routes()


@ROUTES.get("/")
def get_account(call: Call) -> Reply:
    sim = call.sim
    created = sim.iso(call.now - 86400 * 365)
    return ok(
        {
            "account": {
                "id": sim.account.id,
                "name": sim.account.name,
                "createdTimestamp": created,
                "updatedTimestamp": created,
                "pocStatus": "inactive",
                "marketplaceStatus": "active",
                "key": {
                    "name": "simulator-api-key",
                    "accountId": sim.account.id,
                    "accountName": sim.account.name,
                    "allowedSourceIps": ["0.0.0.0/0"],
                    "createdTimestamp": created,
                    "owner": {"name": "Simulated Owner", "email": "owner@example.com"},
                    "userAccountId": 1,
                    "httpSourceIp": "127.0.0.1",
                },
            }
        }
    )


@ROUTES.get("/regions")
def list_regions(call: Call) -> Reply:
    provider = call.query.get("provider")
    if provider is not None and provider not in ("AWS", "GCP"):
        raise bad_request("Parameter 'provider' must be one of: AWS, GCP")
    regions = [
        {"id": rid, "name": name, "provider": cloud}
        for rid, name, cloud in reference_data.REGIONS
        if provider is None or cloud == provider
    ]
    return ok({"regions": regions, "links": self_link(call)})


@ROUTES.get("/database-modules")
def list_modules(call: Call) -> Reply:
    return ok({"modules": list(reference_data.MODULES), "links": self_link(call)})


@ROUTES.get("/data-persistence")
def list_persistence(call: Call) -> Reply:
    options = [{"name": name, "description": text} for name, text in reference_data.PERSISTENCE]
    return ok({"dataPersistence": options, "links": self_link(call)})


@ROUTES.get("/payment-methods")
def list_payment_methods(call: Call) -> Reply:
    return account_list(call, "paymentMethods", list(reference_data.PAYMENT_METHODS))


@ROUTES.get("/query-performance-factors")
def list_query_performance_factors(call: Call) -> Reply:
    factors = list(reference_data.QUERY_PERFORMANCE_FACTORS)
    return ok({"queryPerformanceFactors": factors, "links": self_link(call)})


def _query_time(call: Call, name: str) -> datetime | None:
    raw = call.query.get(name)
    if not raw:
        return None
    try:
        moment = datetime.fromisoformat(raw)
    except ValueError:
        raise bad_request(
            f"Parameter '{name}' must be a time such as 2025-01-31T23:59:59Z"
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _filtered(call: Call, entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The entries within ``startTime``/``endTime`` and, if asked, about ``resourceId``."""
    start, end = _query_time(call, "startTime"), _query_time(call, "endTime")
    resource_id = call.query_int("resourceId", -1) if "resourceId" in call.query else None

    def kept(entry: dict[str, Any]) -> bool:
        when = datetime.fromisoformat(entry["time"])
        return (
            (start is None or when >= start)
            and (end is None or when <= end)
            and (resource_id is None or entry.get("resourceId") == resource_id)
        )

    return [entry for entry in entries if kept(entry)]


@ROUTES.get("/logs")
def system_logs(call: Call) -> Reply:
    entries = _filtered(call, call.sim.account.system_log)
    return ok(
        {"entries": list(page(call, entries, limit=100, max_limit=1000)), "links": self_link(call)}
    )


@ROUTES.get("/session-logs")
def session_logs(call: Call) -> Reply:
    entries = _filtered(call, call.sim.account.session_log)
    return ok(
        {"entries": list(page(call, entries, limit=100, max_limit=100)), "links": self_link(call)}
    )
