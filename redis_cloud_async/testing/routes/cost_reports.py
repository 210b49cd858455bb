"""Cost reports: made by a task, then downloaded as CSV or JSON (``/cost-report``).

The dates must form a past range of at most 40 days; the filters (subscriptions,
databases, type, regions, tags) all apply. ``GET /cost-report`` comes from the guide only.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta
from typing import Any

from ..engine.errors import TaskError, bad_request, not_found
from ..engine.state import Database, Item, Subscription
from ..engine.tasks import Outcome
from ..frontend import fields
from ..frontend.call import Call, Reply, ok
from ..frontend.routing import Routes
from ..service import items, reference_data
from ..service.items import COST_REPORTS

ROUTES = Routes()


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
    start = fields.required_string(body, "startDate")
    end = fields.required_string(body, "endDate")
    report_format = fields.one_of(body, "format", ("csv", "json")) or "csv"
    filters: dict[str, Any] = {
        "subscriptionIds": _ids(body, "subscriptionIds"),
        "databaseIds": _ids(body, "databaseIds"),
        "subscriptionType": fields.one_of(body, "subscriptionType", ("pro", "essentials")),
        "regions": fields.strings(body, "regions"),
        "tags": {
            fields.required_string(tag, "key", where="tags"): fields.string(
                tag, "value", where="tags"
            )
            for tag in fields.objects(body, "tags")
        },
    }

    def work(out: Outcome) -> None:
        first, last = _dates(start, end, sim.clock.at(out.now).date())
        report_id = f"cost-report-{sim.uuid()}"
        data: dict[str, Any] = {"reportId": report_id, "format": report_format}
        data |= {"startDate": str(first), "endDate": str(last), "filters": filters}
        items.create(sim, COST_REPORTS, report_id, data, out.now)
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
        plan = reference_data.PLANS_BY_ID.get(sub.plan_id or 0)
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
    report = items.by_name(call.sim, COST_REPORTS, report_id)
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
        for report in call.sim.account.collection(COST_REPORTS).values()
    ]
    return ok({"costReports": reports})
