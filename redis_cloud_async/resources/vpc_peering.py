"""`client.connectivity.vpc_peering`: VPC peering (AWS and GCP), single-region and Active-Active."""

from __future__ import annotations

import builtins

from .._handle import TaskHandle
from ..models.vpc_peering import (
    ActiveActiveVpcPeeringRegion,
    ActiveActiveVpcPeerings,
    AwsActiveActiveVpcPeeringCreateSpec,
    AwsVpcPeeringCreateSpec,
    GcpActiveActiveVpcPeeringCreateSpec,
    GcpVpcPeeringCreateSpec,
    VpcPeeringConnection,
    VpcPeeringList,
    VpcPeeringUpdateSpec,
)
from ._base import Resource
from ._operation import operation

__all__ = ["VpcPeering"]


class VpcPeering(Resource):
    """VPC peering (AWS and GCP), single-region and per Active-Active region.

    Single-region subscriptions use `list`, `create`, `update`, `delete`; Active-Active
    ones the `*_active_active` methods, whose peerings are made from one of the
    subscription's regions (`source_region`). Reads are asynchronous on the server: the
    methods wait for their task and return the data.
    """

    # -- single-region ---------------------------------------------------------------
    @operation("GET", "/subscriptions/{subscriptionId}/peerings", returns="task")
    async def list(self, subscription_id: int) -> builtins.list[VpcPeeringConnection]:
        """The VPC peerings of a single-region subscription (AWS and GCP)."""
        data = await self._get_via_task(self._route(self.list, subscription_id), VpcPeeringList)
        return data.peerings

    @operation("POST", "/subscriptions/{subscriptionId}/peerings", returns="task")
    async def create(
        self, subscription_id: int, spec: AwsVpcPeeringCreateSpec | GcpVpcPeeringCreateSpec
    ) -> TaskHandle:
        """Peer a single-region subscription with an AWS VPC or a Google Cloud network.

        The task's resource id is the new peering's id.
        """
        route = self._route(self.create, subscription_id)
        return await self._write_in(route, subscription_id, spec)

    @operation("PUT", "/subscriptions/{subscriptionId}/peerings/{peeringId}", returns="task")
    async def update(
        self, subscription_id: int, peering_id: int, spec: VpcPeeringUpdateSpec
    ) -> TaskHandle:
        """Replace the CIDR blocks of an AWS VPC peering."""
        route = self._route(self.update, subscription_id, peering_id)
        return await self._write_in(route, subscription_id, spec)

    @operation("DELETE", "/subscriptions/{subscriptionId}/peerings/{peeringId}", returns="task")
    async def delete(
        self, subscription_id: int, peering_id: int, *, confirm: bool = False
    ) -> TaskHandle:
        """Delete a VPC peering: the peered VPC loses its private route. Needs confirm=True."""
        self._require_confirmation(confirm, "deleting a VPC peering")
        route = self._route(self.delete, subscription_id, peering_id)
        return await self._write_in(route, subscription_id)

    # -- Active-Active ---------------------------------------------------------------
    @operation("GET", "/subscriptions/{subscriptionId}/regions/peerings", returns="task")
    async def list_active_active(
        self, subscription_id: int
    ) -> builtins.list[ActiveActiveVpcPeeringRegion]:
        """The regions of an Active-Active subscription, each with the peerings made from it."""
        route = self._route(self.list_active_active, subscription_id)
        return (await self._get_via_task(route, ActiveActiveVpcPeerings)).regions

    @operation("POST", "/subscriptions/{subscriptionId}/regions/peerings", returns="task")
    async def create_active_active(
        self,
        subscription_id: int,
        spec: AwsActiveActiveVpcPeeringCreateSpec | GcpActiveActiveVpcPeeringCreateSpec,
    ) -> TaskHandle:
        """Peer one Active-Active region with an AWS VPC or a Google Cloud network.

        The task's resource id is the new peering's id.
        """
        route = self._route(self.create_active_active, subscription_id)
        return await self._write_in(route, subscription_id, spec)

    @operation(
        "PUT", "/subscriptions/{subscriptionId}/regions/peerings/{peeringId}", returns="task"
    )
    async def update_active_active(
        self, subscription_id: int, peering_id: int, spec: VpcPeeringUpdateSpec
    ) -> TaskHandle:
        """Replace the CIDR blocks of an Active-Active AWS VPC peering."""
        route = self._route(self.update_active_active, subscription_id, peering_id)
        return await self._write_in(route, subscription_id, spec)

    @operation(
        "DELETE", "/subscriptions/{subscriptionId}/regions/peerings/{peeringId}", returns="task"
    )
    async def delete_active_active(
        self, subscription_id: int, peering_id: int, *, confirm: bool = False
    ) -> TaskHandle:
        """Delete an Active-Active VPC peering. Needs confirm=True."""
        self._require_confirmation(confirm, "deleting a VPC peering")
        route = self._route(self.delete_active_active, subscription_id, peering_id)
        return await self._write_in(route, subscription_id)
