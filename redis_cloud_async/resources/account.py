"""`client.account`: The account itself and its reference data: regions, modules,
persistence options, payment methods, query performance factors, system and session logs.

The Redis versions lists belong to `client.subscriptions` and `client.essentials`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from datetime import UTC, datetime
from typing import Any, TypeVar

from .._errors import ValidationError
from ..models.account import (
    AccountInfo,
    CloudRegion,
    DataPersistenceList,
    DataPersistenceOption,
    ModuleInfo,
    ModuleList,
    PaymentMethod,
    PaymentMethodList,
    QueryPerformanceFactors,
    RegionList,
    RootAccount,
    SessionLogEntry,
    SystemLogEntry,
)
from ._base import Resource
from ._operation import Route, operation

__all__ = ["Account"]

REGION_PROVIDERS = ("AWS", "GCP")
#: The logs' time filters: API name -> the methods' parameter.
_PARAMETER = {"startTime": "start_time", "endTime": "end_time"}
#: The largest pages the service serves.
MAX_SYSTEM_LOG_PAGE = 1000
MAX_SESSION_LOG_PAGE = 100

E = TypeVar("E", SystemLogEntry, SessionLogEntry)


def _log_entries(page: Any) -> list[Any]:
    entries = page.get("entries") if isinstance(page, Mapping) else None
    return entries if isinstance(entries, list) else []


class Account(Resource):
    """The account itself and its reference data: regions, modules, persistence options,
    payment methods, query performance factors, system and session logs."""

    @operation("GET", "/")
    async def get(self) -> AccountInfo:
        """The account the API key belongs to, and the key's owner and allowed source IPs."""
        return (await self._get(self._route(self.get), RootAccount)).account

    @operation("GET", "/regions", query=["provider"])
    async def regions(self, provider: str | None = None) -> list[CloudRegion]:
        """The regions Pro subscriptions can use, of one provider (``AWS``/``GCP``) or all."""
        if provider is not None and provider not in REGION_PROVIDERS:
            raise ValidationError("provider", f"{provider!r} is not one of AWS, GCP")
        route = self._route(self.regions, provider=provider or None)
        return (await self._get(route, RegionList)).regions

    @operation("GET", "/database-modules")
    async def database_modules(self) -> list[ModuleInfo]:
        """The advanced capabilities (modules) databases can enable, and their parameters."""
        return (await self._get(self._route(self.database_modules), ModuleList)).modules

    @operation("GET", "/data-persistence")
    async def data_persistence(self) -> list[DataPersistenceOption]:
        """The data persistence options databases take (``aof-every-1-second``...)."""
        page = await self._get(self._route(self.data_persistence), DataPersistenceList)
        return page.data_persistence

    @operation("GET", "/payment-methods")
    async def payment_methods(self) -> list[PaymentMethod]:
        """The account's payment methods (their ids go into subscription specs)."""
        page = await self._get(self._route(self.payment_methods), PaymentMethodList)
        return page.payment_methods

    @operation("GET", "/query-performance-factors")
    async def query_performance_factors(self) -> list[str]:
        """The query performance factors search databases take (``Standard``, ``2x``...)."""
        route = self._route(self.query_performance_factors)
        page = await self._get(route, QueryPerformanceFactors)
        return page.query_performance_factors

    @operation("GET", "/logs", query=["offset", "limit", "startTime", "endTime", "resourceId"])
    def logs(
        self,
        *,
        page_size: int = 100,
        start_time: datetime | None = None,
        end_time: datetime | None = None,
        resource_id: int | None = None,
    ) -> AsyncIterator[SystemLogEntry]:
        """The system (audit) log, newest first, fetched a page at a time as you iterate.

        `page_size` is at most 1000; `start_time`/`end_time` (inclusive, UTC) and
        `resource_id` filter on the server. Use it as `async for entry in client.account.logs()`.
        """
        route = self._route(
            self.logs, **_time_filters(start_time, end_time), resource_id=resource_id
        )
        return self._entries(route, SystemLogEntry, page_size, MAX_SYSTEM_LOG_PAGE)

    @operation("GET", "/session-logs", query=["offset", "limit", "startTime", "endTime"])
    def session_logs(
        self,
        *,
        page_size: int = 100,
        start_time: datetime | None = None,
        end_time: datetime | None = None,
    ) -> AsyncIterator[SessionLogEntry]:
        """The session log (console and API sign-ins), a page at a time as you iterate.

        `page_size` is at most 100; `start_time`/`end_time` (inclusive, UTC) filter on the
        server. Use it as `async for entry in client.account.session_logs()`.
        """
        route = self._route(self.session_logs, **_time_filters(start_time, end_time))
        return self._entries(route, SessionLogEntry, page_size, MAX_SESSION_LOG_PAGE)

    def _entries(
        self, route: Route, cls: type[E], page_size: int, largest: int
    ) -> AsyncIterator[E]:
        """The `entries` of every page of a log, decoded; the page size is checked at once."""
        if isinstance(page_size, bool) or not isinstance(page_size, int):
            raise ValidationError("page_size", f"must be an integer, got {page_size!r}")
        if not 0 < page_size <= largest:
            raise ValidationError("page_size", f"must be between 1 and {largest}, got {page_size}")
        return self._decoded_pages(route, cls, page_size)

    async def _decoded_pages(self, route: Route, cls: type[E], page_size: int) -> AsyncIterator[E]:
        async for raw in self._pages(route, _log_entries, page_size=page_size):
            yield self._decode(raw, cls, route.method, route.path)


def _time_filters(start: datetime | None, end: datetime | None) -> dict[str, str]:
    """The logs' time filters, by parameter name, as the server reads them (ISO 8601, UTC)."""
    moments: dict[str, datetime] = {}
    for name, value in (("startTime", start), ("endTime", end)):
        if value is None:
            continue
        if not isinstance(value, datetime):
            raise ValidationError(name, f"must be a datetime, got {type(value).__name__}")
        moments[name] = value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)
    if len(moments) == 2 and moments["endTime"] < moments["startTime"]:
        raise ValidationError("endTime", "must not be before startTime")
    return {
        _PARAMETER[name]: moment.replace(tzinfo=None).isoformat(timespec="seconds") + "Z"
        for name, moment in moments.items()
    }
