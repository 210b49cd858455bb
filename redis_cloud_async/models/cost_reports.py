"""Cost reports in FOCUS format: what to generate (a spec) and what comes back (a file)."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime, timedelta
from typing import Any

import attrs

from .._errors import ValidationError
from ._base import Model, Spec
from ._validators import each, in_range, matches, non_empty, one_of, optional
from .common import Tag

__all__ = [
    "COST_REPORT_MAX_DAYS",
    "CostReport",
    "CostReportCreateSpec",
    "CostReportSummary",
]

#: The longest period one report covers (the service refuses more).
COST_REPORT_MAX_DAYS = 40

_ISO_DATE = matches(r"\d{4}-\d{2}-\d{2}", "a date as YYYY-MM-DD (or a datetime.date)")


def _as_iso_date(value: date | str) -> str:
    """Accept a `date` (or `datetime`) as well as its ``YYYY-MM-DD`` text."""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def _parse_date(spec: Spec, field: str, value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValidationError(
            f"{type(spec).__name__}.{field}", f"{value!r} is not a date"
        ) from None


@attrs.frozen(kw_only=True)
class CostReportCreateSpec(Spec):
    """`POST /cost-report`: a period of at most 40 days, a format, optional filters."""

    start_date: str = attrs.field(converter=_as_iso_date, validator=_ISO_DATE)
    end_date: str = attrs.field(converter=_as_iso_date, validator=_ISO_DATE)
    format: str | None = attrs.field(default=None, validator=optional(one_of(("csv", "json"))))
    subscription_ids: list[int] | None = attrs.field(
        default=None, validator=optional(each(in_range(1)))
    )
    database_ids: list[int] | None = attrs.field(
        default=None, validator=optional(each(in_range(1)))
    )
    subscription_type: str | None = attrs.field(
        default=None, validator=optional(one_of(("pro", "essentials")))
    )
    regions: list[str] | None = attrs.field(default=None, validator=optional(each(non_empty)))
    tags: list[Tag] | None = None

    def __attrs_post_init__(self) -> None:
        first = _parse_date(self, "start_date", self.start_date)
        last = _parse_date(self, "end_date", self.end_date)
        if last < first:
            raise ValidationError("CostReportCreateSpec.end_date", "is before start_date")
        if last - first > timedelta(days=COST_REPORT_MAX_DAYS):
            raise ValidationError(
                "CostReportCreateSpec.end_date",
                f"a report covers at most {COST_REPORT_MAX_DAYS} days, "
                f"got {(last - first).days} from start_date",
            )


@attrs.frozen(kw_only=True)
class CostReportSummary(Model):
    """A generated report as `GET /cost-report` (from the guide) lists it."""

    id: str
    start_date: str | None = None
    end_date: str | None = None
    format: str | None = None
    created_at: datetime | None = None
    period: str | None = None
    total_cost: float | None = None
    currency: str | None = None
    generated_at: datetime | None = None


@attrs.frozen(kw_only=True)
class CostReportList(Model):
    cost_reports: list[CostReportSummary] = attrs.field(factory=list)


@attrs.frozen(kw_only=True)
class CostReport:
    """A downloaded cost report file (FOCUS columns), as bytes and as rows."""

    report_id: str
    content: bytes = attrs.field(repr=False)
    media_type: str | None = None
    filename: str | None = None

    @property
    def format(self) -> str:
        """``"json"`` or ``"csv"``, from the media type or, failing that, the content."""
        if self.media_type and "json" in self.media_type:
            return "json"
        if self.media_type and "csv" in self.media_type:
            return "csv"
        return "json" if self.content.lstrip()[:1] in (b"[", b"{") else "csv"

    def text(self) -> str:
        return self.content.decode("utf-8-sig")

    def rows(self) -> list[dict[str, Any]]:
        """One dict per line of the report (CSV cells stay strings)."""
        if not self.content.strip():
            return []
        if self.format == "json":
            data = json.loads(self.text())
            return list(data) if isinstance(data, list) else [data]
        return list(csv.DictReader(io.StringIO(self.text())))
