"""`client.active_active`: regions of Active-Active subscriptions and the regional
settings of their databases."""

from __future__ import annotations

from collections.abc import Sequence

from .._errors import ValidationError
from .._handle import TaskHandle
from ..models.common import CostEstimate
from ..models.database_operations import ActiveActiveDatabaseUpdateSpec
from ..models.subscription_settings import (
    ActiveActiveRegion,
    ActiveActiveRegionDeleteSpec,
    ActiveActiveRegions,
    ActiveActiveRegionSpec,
    RegionToDeleteSpec,
)
from ._base import Resource
from ._operation import operation

__all__ = ["ActiveActive"]


class ActiveActive(Resource):
    """Active-Active (CRDB) regions, and the per-region settings of databases.

    List, add and remove regions (or price the change first); change an Active-Active
    database globally and per region.
    """

    @operation("GET", "/subscriptions/{subscriptionId}/regions")
    async def list_regions(self, subscription_id: int) -> list[ActiveActiveRegion]:
        """The regions of an Active-Active subscription, with its databases in each."""
        route = self._route(self.list_regions, subscription_id)
        return (await self._get(route, ActiveActiveRegions)).regions

    @operation("POST", "/subscriptions/{subscriptionId}/regions", returns="task")
    async def add_region(self, subscription_id: int, spec: ActiveActiveRegionSpec) -> TaskHandle:
        """Add a region to an Active-Active subscription; its databases extend to it.

        To price it first, use `estimate_add_region`.
        """
        self._refuse_dry_run(spec, "client.active_active.estimate_add_region")
        route = self._route(self.add_region, subscription_id)
        return await self._write_in(route, subscription_id, spec)

    async def estimate_add_region(
        self, subscription_id: int, spec: ActiveActiveRegionSpec
    ) -> CostEstimate:
        """Price the subscription with one more region, without adding it (a dry run)."""
        return await self._estimate(self._route(self.add_region, subscription_id), spec)

    @operation("DELETE", "/subscriptions/{subscriptionId}/regions", returns="task")
    async def delete_regions(
        self,
        subscription_id: int,
        regions: Sequence[str] = (),
        *,
        region_ids: Sequence[int] = (),
        confirm: bool = False,
    ) -> TaskHandle:
        """Remove regions from an Active-Active subscription. Needs confirm=True.

        By name, or by region id (the guide's ``regionIds``, resolved to the names the
        service takes). The databases' data in those regions is lost.
        """
        self._require_confirmation(confirm, "deleting regions")
        route = self._route(self.delete_regions, subscription_id)
        spec = await self._deletion(subscription_id, regions, region_ids)
        return await self._write_in(route, subscription_id, spec)

    async def estimate_delete_regions(
        self, subscription_id: int, regions: Sequence[str] = (), *, region_ids: Sequence[int] = ()
    ) -> CostEstimate:
        """Price the subscription without these regions, without removing them (a dry run)."""
        route = self._route(self.delete_regions, subscription_id)
        spec = await self._deletion(subscription_id, regions, region_ids)
        return await self._estimate(route, spec)

    async def _deletion(
        self, subscription_id: int, regions: Sequence[str], region_ids: Sequence[int]
    ) -> ActiveActiveRegionDeleteSpec:
        if isinstance(regions, str):
            raise ValidationError("regions", "a list of region names, not a single string")
        names = list(regions)
        if region_ids:
            by_id = {r.region_id: r.region for r in await self.list_regions(subscription_id)}
            for index, region_id in enumerate(region_ids):
                if region_id not in by_id:
                    raise ValidationError(
                        f"region_ids[{index}]",
                        f"subscription {subscription_id} has no region with id {region_id}",
                    )
                names.append(by_id[region_id])
        return ActiveActiveRegionDeleteSpec(
            regions=[RegionToDeleteSpec(region=name) for name in names]
        )

    @operation(
        "PUT", "/subscriptions/{subscriptionId}/databases/{databaseId}/regions", returns="task"
    )
    async def update_database_regions(
        self, subscription_id: int, database_id: int, spec: ActiveActiveDatabaseUpdateSpec
    ) -> TaskHandle:
        """Change an Active-Active database's global and per-region settings.

        Per region: throughput, persistence, password, alerts... To price the change
        first, use `estimate_update_database_regions`.
        """
        self._refuse_dry_run(spec, "client.active_active.estimate_update_database_regions")
        route = self._route(self.update_database_regions, subscription_id, database_id)
        return await self._write_in(route, subscription_id, spec)

    async def estimate_update_database_regions(
        self, subscription_id: int, database_id: int, spec: ActiveActiveDatabaseUpdateSpec
    ) -> CostEstimate:
        """Price a change to an Active-Active database without making it (a dry run)."""
        route = self._route(self.update_database_regions, subscription_id, database_id)
        return await self._estimate(route, spec)
