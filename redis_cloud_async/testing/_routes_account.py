"""The account: itself, reference data, logs, account users and cost reports.

``/logs`` and ``/session-logs`` page with ``offset``/``limit`` and 404 past the end.
``POST /users`` and ``GET /cost-report`` come from the guide only.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime, timedelta
from typing import Any

from . import _catalog as catalog
from . import _items as items
from . import _validate as v
from ._call import Call, Reply, ok
from ._errors import TaskError, bad_request, not_found
from ._resources import Database, Item, Subscription
from ._routing import Routes
from ._shared import ensure_name_free, page, self_link
from ._tasks import Outcome

ROUTES = Routes()
USERS, REPORTS = "users", "cost_reports"
USER_ROLES = (
    "Owner",
    "Manager",
    "Member",
    "Viewer",
    "Billing Admin",
    "Logs Viewer (API use only)",
)
#: The guide writes roles in lower case (``"member"``); the service takes either.
_ROLE_BY_SPELLING = {role.lower(): role for role in USER_ROLES} | {"logs viewer": USER_ROLES[-1]}


def _user_role(role: str) -> str:
    """The role's canonical spelling, or the task fails as the service's does."""
    canonical = _ROLE_BY_SPELLING.get(role.strip().lower())
    if canonical is None:
        raise TaskError("USER_ROLE_DOES_NOT_EXISTS", f"Unknown role '{role}'")
    return canonical


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
        for rid, name, cloud in catalog.REGIONS
        if provider is None or cloud == provider
    ]
    return ok({"regions": regions, "links": self_link(call)})


@ROUTES.get("/database-modules")
def list_modules(call: Call) -> Reply:
    return ok({"modules": list(catalog.MODULES), "links": self_link(call)})


@ROUTES.get("/data-persistence")
def list_persistence(call: Call) -> Reply:
    options = [{"name": name, "description": text} for name, text in catalog.PERSISTENCE]
    return ok({"dataPersistence": options, "links": self_link(call)})


@ROUTES.get("/payment-methods")
def list_payment_methods(call: Call) -> Reply:
    return ok(
        {
            "accountId": call.sim.account.id,
            "paymentMethods": list(catalog.PAYMENT_METHODS),
            "links": self_link(call),
        }
    )


@ROUTES.get("/query-performance-factors")
def list_query_performance_factors(call: Call) -> Reply:
    factors = list(catalog.QUERY_PERFORMANCE_FACTORS)
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


# -- account users --------------------------------------------------------------------


def _user_json(user: Item) -> dict[str, Any]:
    return {
        "id": user.id,
        "name": user.name,
        "email": user.data["email"],
        "role": user.data["role"],
        "userType": "Local",
        "hasApiKey": bool(user.data.get("self")),
        "options": {
            "billing": user.data["role"] == "Owner",
            "emailAlerts": False,
            "operationalEmails": False,
            "mfaEnabled": False,
        },
    }


@ROUTES.get("/users")
def list_users(call: Call) -> Reply:
    users = call.sim.account.collection(USERS).values()
    return ok({"account": call.sim.account.id, "users": [_user_json(u) for u in users]})


@ROUTES.get("/users/{userId}")
def get_user(call: Call) -> Reply:
    return ok(_user_json(items.find(call, USERS, "userId", "User")))


@ROUTES.post("/users")
def invite_user(call: Call) -> Reply:
    sim = call.sim
    body = call.json_object()
    name = v.required_string(body, "name")
    email = v.required_string(body, "email")
    role = v.string(body, "role") or "Member"
    existing = (user.data["email"] for user in sim.account.collection(USERS).values())
    claim = ensure_name_free(sim, "user-email", "", email, existing)

    def work(out: Outcome) -> None:
        data = {"email": email, "role": _user_role(role)}
        out.resource_id = items.create(sim, USERS, name, data, out.now, status="pending").id
        sim.log(out.now, "account", f"Invited {name} ({email}) to join team", out.resource_id)

    return call.submit("accountUserCreateRequest", work, claims=[claim])


@ROUTES.put("/users/{userId}")
def update_user(call: Call) -> Reply:
    sim = call.sim
    user = items.find(call, USERS, "userId", "User")
    body = call.json_object()
    name = v.required_string(body, "name")
    role = v.string(body, "role")

    def work(out: Outcome) -> None:
        items.require_present(sim, USERS, user, "USER_NOT_FOUND")
        if role is not None:
            canonical = _user_role(role)
            if user.data.get("self"):
                raise TaskError("USER_CANNOT_UPDATE_IT_IS_OWN_ROLE", "You cannot change your role")
            user.data["role"] = canonical
        if name != user.name:
            sim.log(out.now, "account", f"{user.name}'s user name was changed to {name}", user.id)
        user.name, user.updated_at = name, out.now
        out.resource_id = user.id

    return call.submit("accountUserUpdateRequest", work)


@ROUTES.delete("/users/{userId}")
def delete_user(call: Call) -> Reply:
    sim = call.sim
    user = items.find(call, USERS, "userId", "User")

    def work(out: Outcome) -> None:
        items.require_present(sim, USERS, user, "USER_NOT_FOUND")
        if user.data.get("self"):
            raise TaskError("USER_CANNOT_DELETE_OWN_USER", "You cannot delete your own user")
        del sim.account.collection(USERS)[user.id]
        out.resource_id = user.id
        sim.log(out.now, "account", f"Removed {user.name} from the team", user.id)

    return call.submit("accountUserDeleteRequest", work)


# -- cost reports ---------------------------------------------------------------------


def _dates(start: str, end: str, today: date) -> tuple[date, date]:
    try:
        first, last = date.fromisoformat(start), date.fromisoformat(end)
    except ValueError:
        raise TaskError("COST_REPORT_INVALID_DATE_FORMAT", "Dates are YYYY-MM-DD") from None
    if last < first:
        raise TaskError("COST_REPORT_END_DATE_BEFORE_START_DATE", "The end is before the start")
    if last - first > timedelta(days=40):
        raise TaskError("COST_REPORT_DATE_RANGE_EXCEEDS_LIMIT", "At most 40 days")
    if last > today:
        raise TaskError("COST_REPORT_FUTURE_DATES_NOT_ALLOWED", "The end is in the future")
    return first, last


@ROUTES.post("/cost-report")
def create_cost_report(call: Call) -> Reply:
    sim = call.sim
    body = call.json_object()
    start = v.required_string(body, "startDate")
    end = v.required_string(body, "endDate")
    report_format = v.one_of(body, "format", ("csv", "json")) or "csv"
    filters: dict[str, Any] = {
        "subscriptionIds": _ids(body, "subscriptionIds"),
        "databaseIds": _ids(body, "databaseIds"),
        "subscriptionType": v.one_of(body, "subscriptionType", ("pro", "essentials")),
        "regions": v.strings(body, "regions"),
        "tags": {
            v.required_string(tag, "key", where="tags"): v.string(tag, "value", where="tags")
            for tag in v.objects(body, "tags")
        },
    }

    def work(out: Outcome) -> None:
        first, last = _dates(start, end, sim.clock.at(out.now).date())
        report_id = f"cost-report-{sim.uuid()}"
        data: dict[str, Any] = {"reportId": report_id, "format": report_format}
        data |= {"startDate": str(first), "endDate": str(last), "filters": filters}
        items.create(sim, REPORTS, report_id, data, out.now)
        out.resource = {"costReportId": report_id}

    return call.submit("costReportCreateRequest", work)


def _ids(body: dict[str, Any], name: str) -> list[int]:
    value = body.get(name) or []
    if not isinstance(value, list) or not all(
        isinstance(item, int) and not isinstance(item, bool) for item in value
    ):
        raise bad_request(f"Field '{name}' must be a list of integers")
    return value


def _sub_regions(sub: Subscription) -> set[str]:
    if sub.essentials:
        plan = catalog.PLANS_BY_ID.get(sub.plan_id or 0)
        return {plan["region"]} if plan else set()
    return {region.name for region in sub.regions.values()}


def _in_report(filters: dict[str, Any], sub: Subscription, db: Database) -> bool:
    """Whether the report's filters (all of them) keep this database."""
    kind = "essentials" if sub.essentials else "pro"
    tags = {tag.key: tag.value for tag in db.tags.values()}
    return (
        (not filters["subscriptionIds"] or sub.id in filters["subscriptionIds"])
        and (not filters["databaseIds"] or db.id in filters["databaseIds"])
        and filters["subscriptionType"] in (None, kind)
        and (not filters["regions"] or bool(_sub_regions(sub) & set(filters["regions"])))
        and all(tags.get(key) == value for key, value in filters["tags"].items())
    )


def _report_rows(call: Call, report: Item) -> list[dict[str, Any]]:
    rows = []
    for sub in call.sim.account.all_subscriptions():
        for db in sub.databases.values():
            if not _in_report(report.data["filters"], sub, db):
                continue
            rows.append(
                {
                    "BillingPeriodStart": report.data["startDate"],
                    "BillingPeriodEnd": report.data["endDate"],
                    "SubAccountId": sub.id,
                    "ResourceId": db.id,
                    "ResourceName": db.name,
                    "BilledCost": 1.24,
                    "BillingCurrency": "USD",
                    "Tags": json.dumps({tag.key: tag.value for tag in db.tags.values()}),
                }
            )
    return rows


@ROUTES.get("/cost-report/{costReportId}")
def get_cost_report(call: Call) -> Reply:
    report_id = call.str_param("costReportId")
    report = items.by_name(call.sim, REPORTS, report_id)
    if report is None:
        raise not_found(f"Cost report {report_id} not found")
    rows = _report_rows(call, report)
    disposition = {"Content-Disposition": f'attachment; filename="{report_id}"'}
    if report.data["format"] == "json":
        return Reply(200, rows, disposition)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]) if rows else ["BilledCost"])
    writer.writeheader()
    writer.writerows(rows)
    return Reply(200, None, disposition, "text/csv", out.getvalue().encode())


@ROUTES.get("/cost-report")
def list_cost_reports(call: Call) -> Reply:
    reports = [
        {
            "id": report.name,
            "startDate": report.data["startDate"],
            "endDate": report.data["endDate"],
            "format": report.data["format"],
            "createdAt": call.sim.iso(report.created_at),
        }
        for report in call.sim.account.collection(REPORTS).values()
    ]
    return ok({"costReports": reports})
