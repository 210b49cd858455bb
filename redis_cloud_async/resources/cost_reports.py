"""`client.cost_reports`: Cost reports (FOCUS format): generate one and download it."""

from __future__ import annotations

import re
from typing import Any

from .._errors import DecodeError
from .._handle import TaskHandle
from ..models.cost_reports import (
    CostReport,
    CostReportCreateSpec,
    CostReportList,
    CostReportSummary,
)
from ._base import Resource
from ._operation import operation

__all__ = ["CostReports"]

_FILENAME = re.compile(r"""filename\*?=(?:UTF-8'')?["']?([^"';]+)""", re.IGNORECASE)


class CostReports(Resource):
    """Cost reports (FOCUS format): generate one for up to 40 days, then download it."""

    @operation("GET", "/cost-report")
    async def list(self) -> list[CostReportSummary]:
        """The reports generated for the account (from the guide)."""
        return (await self._get(self._route(self.list), CostReportList)).cost_reports

    @operation("POST", "/cost-report", returns="task")
    async def create(self, spec: CostReportCreateSpec) -> TaskHandle:
        """Start generating a cost report; the finished task carries its id.

        The id is `task.resource["costReportId"]`; `generate()` also waits and downloads.
        """
        return await self._write(self._route(self.create), spec)

    @operation("GET", "/cost-report/{costReportId}")
    async def get(self, cost_report_id: str) -> CostReport:
        """Download a generated report: its bytes, and its rows through `.rows()`."""
        route = self._route(self.get, cost_report_id)
        response: Any = await self._ctx.core.request(route.method, route.path, raw=True)
        disposition = _FILENAME.search(response.headers.get("content-disposition", ""))
        return CostReport(
            report_id=cost_report_id,
            content=response.content,
            media_type=response.headers.get("content-type"),
            filename=disposition.group(1) if disposition else None,
        )

    async def generate(
        self, spec: CostReportCreateSpec, *, timeout: float | None = None
    ) -> CostReport:
        """Generate a report, wait for it, and download it."""
        task = await (await self.create(spec)).wait(timeout=timeout)
        report_id = (task.resource or {}).get("costReportId")
        if not isinstance(report_id, str) or not report_id:
            raise DecodeError(
                f"task {task.task_id} finished without a costReportId",
                method="POST",
                path="/cost-report",
            )
        return await self.get(report_id)
