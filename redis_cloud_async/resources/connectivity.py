"""`client.connectivity`: VPC peering, PrivateLink, Transit Gateway, Private Service Connect."""

from __future__ import annotations

from ._base import ClientContext
from .private_link import PrivateLink
from .private_service_connect import PrivateServiceConnect
from .transit_gateway import TransitGateway
from .vpc_peering import VpcPeering

__all__ = ["Connectivity"]


class Connectivity:
    """The connectivity area of Pro subscriptions, single-region and per Active-Active region."""

    def __init__(self, context: ClientContext) -> None:
        self.vpc_peering = VpcPeering(context)
        self.private_link = PrivateLink(context)
        self.transit_gateway = TransitGateway(context)
        self.private_service_connect = PrivateServiceConnect(context)
