"""`client.cost_reports`: Cost reports (FOCUS format): generate one and download it."""

from __future__ import annotations

from ._base import Resource

__all__ = ["CostReports"]


class CostReports(Resource):
    """Cost reports (FOCUS format): generate one and download it."""
