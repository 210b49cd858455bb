"""`client.connectivity.transit_gateway`: AWS Transit Gateway, single-region and Active-Active."""

from __future__ import annotations

import builtins

from .._handle import TaskHandle
from ..models.transit_gateway import (
    TransitGatewayAttachmentUpdateSpec,
    TransitGatewayCreateSpec,
    TransitGatewayDetails,
    TransitGatewayInvitation,
    TransitGatewayInvitationList,
    TransitGatewayList,
)
from ._base import Resource
from ._operation import Route, operation

__all__ = ["TransitGateway"]


class TransitGateway(Resource):
    """AWS Transit Gateway attachments and invitations, single-region and per Active-Active region.

    The flow: share the gateway with Redis Cloud (AWS RAM), accept its invitation, create
    the attachment, set the CIDR blocks it routes. Single-region subscriptions use the
    plain methods; Active-Active ones the `*_for_region` methods, which take the region's
    id. Reads are asynchronous on the server: the methods wait for their task and return
    the data.
    """

    # -- shared bodies of the two forms ------------------------------------------------
    async def _list(self, route: Route) -> builtins.list[TransitGatewayDetails]:
        return (await self._get_via_task(route, TransitGatewayList)).tgws

    async def _invitations(self, route: Route) -> builtins.list[TransitGatewayInvitation]:
        return (await self._get_via_task(route, TransitGatewayInvitationList)).resources

    # -- single-region -----------------------------------------------------------------
    @operation("GET", "/subscriptions/{subscriptionId}/transitGateways", returns="task")
    async def list(self, subscription_id: int) -> builtins.list[TransitGatewayDetails]:
        """The transit gateways shared with a subscription, with their attachments."""
        return await self._list(self._route(self.list, subscription_id))

    @operation("POST", "/subscriptions/{subscriptionId}/transitGateways", returns="task")
    async def create(self, subscription_id: int, spec: TransitGatewayCreateSpec) -> TaskHandle:
        """Register a transit gateway with a subscription (guide-only operation).

        Described by the guide, absent from the published API. The task's resource id is
        the gateway's id, and an invitation to accept comes with it.
        """
        route = self._route(self.create, subscription_id)
        return await self._write_in(route, subscription_id, spec)

    @operation("GET", "/subscriptions/{subscriptionId}/transitGateways/invitations", returns="task")
    async def list_invitations(
        self, subscription_id: int
    ) -> builtins.list[TransitGatewayInvitation]:
        """The resource-share invitations of transit gateways shared with a subscription."""
        return await self._invitations(self._route(self.list_invitations, subscription_id))

    @operation(
        "PUT",
        "/subscriptions/{subscriptionId}/transitGateways/invitations/{tgwInvitationId}/accept",
        returns="task",
    )
    async def accept_invitation(self, subscription_id: int, invitation_id: int) -> TaskHandle:
        """Accept a transit gateway's resource share, so that it can be attached."""
        route = self._route(self.accept_invitation, subscription_id, invitation_id)
        return await self._write_in(route, subscription_id)

    @operation(
        "PUT",
        "/subscriptions/{subscriptionId}/transitGateways/invitations/{tgwInvitationId}/reject",
        returns="task",
    )
    async def reject_invitation(
        self, subscription_id: int, invitation_id: int, *, confirm: bool = False
    ) -> TaskHandle:
        """Reject a transit gateway's resource share. Needs confirm=True."""
        self._require_confirmation(confirm, "rejecting a transit gateway invitation")
        route = self._route(self.reject_invitation, subscription_id, invitation_id)
        return await self._write_in(route, subscription_id)

    @operation(
        "POST", "/subscriptions/{subscriptionId}/transitGateways/{TgwId}/attachment", returns="task"
    )
    async def create_attachment(self, subscription_id: int, tgw_id: int) -> TaskHandle:
        """Attach an accepted transit gateway to the subscription's VPC."""
        route = self._route(self.create_attachment, subscription_id, tgw_id)
        return await self._write_in(route, subscription_id)

    @operation(
        "PUT", "/subscriptions/{subscriptionId}/transitGateways/{TgwId}/attachment", returns="task"
    )
    async def update_attachment(
        self, subscription_id: int, tgw_id: int, spec: TransitGatewayAttachmentUpdateSpec
    ) -> TaskHandle:
        """Set the CIDR blocks an attachment routes (they replace the current ones)."""
        route = self._route(self.update_attachment, subscription_id, tgw_id)
        return await self._write_in(route, subscription_id, spec)

    @operation(
        "DELETE",
        "/subscriptions/{subscriptionId}/transitGateways/{TgwId}/attachment",
        returns="task",
    )
    async def delete_attachment(
        self, subscription_id: int, tgw_id: int, *, confirm: bool = False
    ) -> TaskHandle:
        """Detach a transit gateway: traffic through it stops. Needs confirm=True."""
        self._require_confirmation(confirm, "deleting a transit gateway attachment")
        route = self._route(self.delete_attachment, subscription_id, tgw_id)
        return await self._write_in(route, subscription_id)

    # -- per Active-Active region ------------------------------------------------------
    @operation(
        "GET", "/subscriptions/{subscriptionId}/regions/{regionId}/transitGateways", returns="task"
    )
    async def list_for_region(
        self, subscription_id: int, region_id: int
    ) -> builtins.list[TransitGatewayDetails]:
        """The transit gateways shared with one region of an Active-Active subscription."""
        return await self._list(self._route(self.list_for_region, subscription_id, region_id))

    @operation(
        "GET",
        "/subscriptions/{subscriptionId}/regions/{regionId}/transitGateways/invitations",
        returns="task",
    )
    async def list_invitations_for_region(
        self, subscription_id: int, region_id: int
    ) -> builtins.list[TransitGatewayInvitation]:
        """The transit gateway invitations of one region of an Active-Active subscription."""
        route = self._route(self.list_invitations_for_region, subscription_id, region_id)
        return await self._invitations(route)

    @operation(
        "PUT",
        "/subscriptions/{subscriptionId}/regions/{regionId}/transitGateways/invitations/{tgwInvitationId}/accept",
        returns="task",
    )
    async def accept_invitation_for_region(
        self, subscription_id: int, region_id: int, invitation_id: int
    ) -> TaskHandle:
        """Accept a transit gateway's resource share in one Active-Active region."""
        route = self._route(
            self.accept_invitation_for_region, subscription_id, region_id, invitation_id
        )
        return await self._write_in(route, subscription_id)

    @operation(
        "PUT",
        "/subscriptions/{subscriptionId}/regions/{regionId}/transitGateways/invitations/{tgwInvitationId}/reject",
        returns="task",
    )
    async def reject_invitation_for_region(
        self, subscription_id: int, region_id: int, invitation_id: int, *, confirm: bool = False
    ) -> TaskHandle:
        """Reject a transit gateway's resource share in one Active-Active region.

        Needs confirm=True.
        """
        self._require_confirmation(confirm, "rejecting a transit gateway invitation")
        route = self._route(
            self.reject_invitation_for_region, subscription_id, region_id, invitation_id
        )
        return await self._write_in(route, subscription_id)

    @operation(
        "POST",
        "/subscriptions/{subscriptionId}/regions/{regionId}/transitGateways/{TgwId}/attachment",
        returns="task",
    )
    async def create_attachment_for_region(
        self, subscription_id: int, region_id: int, tgw_id: int
    ) -> TaskHandle:
        """Attach an accepted transit gateway to one Active-Active region's VPC."""
        route = self._route(self.create_attachment_for_region, subscription_id, region_id, tgw_id)
        return await self._write_in(route, subscription_id)

    @operation(
        "PUT",
        "/subscriptions/{subscriptionId}/regions/{regionId}/transitGateways/{TgwId}/attachment",
        returns="task",
    )
    async def update_attachment_for_region(
        self,
        subscription_id: int,
        region_id: int,
        tgw_id: int,
        spec: TransitGatewayAttachmentUpdateSpec,
    ) -> TaskHandle:
        """Set the CIDR blocks an attachment of one Active-Active region routes."""
        route = self._route(self.update_attachment_for_region, subscription_id, region_id, tgw_id)
        return await self._write_in(route, subscription_id, spec)

    @operation(
        "DELETE",
        "/subscriptions/{subscriptionId}/regions/{regionId}/transitGateways/{TgwId}/attachment",
        returns="task",
    )
    async def delete_attachment_for_region(
        self, subscription_id: int, region_id: int, tgw_id: int, *, confirm: bool = False
    ) -> TaskHandle:
        """Detach a transit gateway from one Active-Active region. Needs confirm=True."""
        self._require_confirmation(confirm, "deleting a transit gateway attachment")
        route = self._route(self.delete_attachment_for_region, subscription_id, region_id, tgw_id)
        return await self._write_in(route, subscription_id)
