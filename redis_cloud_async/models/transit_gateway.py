"""AWS Transit Gateway: gateways shared with a subscription, their resource-share
invitations, their attachments, and the specs to register a gateway and route CIDRs.

The flow: share the gateway with Redis Cloud through AWS RAM (or register it), accept the
invitation, create the attachment, then set the CIDR blocks it routes.
"""

from __future__ import annotations

import attrs

from ._base import Model, Spec
from ._validators import length, matches, optional
from .vpc_peering import AWS_ACCOUNT_ID, AWS_REGION, cidr_blocks

__all__ = [
    "TransitGatewayAttachmentUpdateSpec",
    "TransitGatewayCidr",
    "TransitGatewayCreateSpec",
    "TransitGatewayDetails",
    "TransitGatewayInvitation",
    "TransitGatewayInvitationList",
    "TransitGatewayList",
]

#: An AWS transit gateway id: ``tgw-`` then 8 to 17 hexadecimal digits.
TGW_ID = matches(
    r"tgw-[0-9a-f]{8,17}", "a transit gateway id is tgw- followed by 8 to 17 hexadecimal digits"
)


# -- answers -------------------------------------------------------------------------
@attrs.frozen(kw_only=True)
class TransitGatewayCidr(Model):
    """A CIDR block routed through an attachment, and its state."""

    cidr_address: str | None = None
    status: str | None = None


@attrs.frozen(kw_only=True)
class TransitGatewayDetails(Model):
    """A transit gateway shared with the subscription, and its attachment if any.

    `status` is the gateway's (``pending`` until its invitation is accepted, then
    ``available``); `attachment_status` the attachment's (empty when there is none).
    """

    id: int
    aws_tgw_uid: str | None = None
    attachment_uid: str | None = None
    status: str | None = None
    attachment_status: str | None = None
    aws_account_id: str | None = None
    cidrs: list[TransitGatewayCidr] = attrs.field(factory=list)

    @property
    def routed_cidrs(self) -> list[str]:
        """The CIDR blocks the attachment routes."""
        return [c.cidr_address for c in self.cidrs if c.cidr_address]


@attrs.frozen(kw_only=True)
class TransitGatewayList(Model):
    """The data of ``GET .../transitGateways``."""

    tgws: list[TransitGatewayDetails] = attrs.field(factory=list)


@attrs.frozen(kw_only=True)
class TransitGatewayInvitation(Model):
    """An AWS RAM resource share of a transit gateway, waiting to be accepted or rejected."""

    id: int
    name: str | None = None
    resource_share_uid: str | None = None
    aws_account_id: str | None = None
    status: str | None = None
    shared_date: str | None = None


@attrs.frozen(kw_only=True)
class TransitGatewayInvitationList(Model):
    """The data of ``GET .../transitGateways/invitations``."""

    resources: list[TransitGatewayInvitation] = attrs.field(factory=list)


# -- specs ---------------------------------------------------------------------------
@attrs.frozen(kw_only=True)
class TransitGatewayCreateSpec(Spec):
    """Register a transit gateway with a subscription (the guide's
    ``POST .../transitGateways``).

    ``TransitGatewayCreateSpec(aws_tgw_uid="tgw-0abc123def456789",
    aws_account_id="123456789012", cidrs=["10.0.0.0/16"])``; `region` picks the region
    of an Active-Active subscription.
    """

    aws_tgw_uid: str = attrs.field(validator=TGW_ID)
    aws_account_id: str = attrs.field(validator=AWS_ACCOUNT_ID)
    cidrs: list[str] | None = attrs.field(default=None, validator=optional(cidr_blocks))
    region: str | None = attrs.field(default=None, validator=optional(AWS_REGION))


@attrs.frozen(kw_only=True)
class TransitGatewayAttachmentUpdateSpec(Spec):
    """The CIDR blocks an attachment routes (they replace the current ones).

    ``TransitGatewayAttachmentUpdateSpec(cidrs=["10.0.0.0/16", "10.1.0.0/16"])``; they
    must not overlap the subscription's deployment CIDR.
    """

    cidrs: list[str] = attrs.field(validator=[length(1), cidr_blocks])
