"""`client.connectivity.transit_gateway`: AWS Transit Gateway attachments and invitations, single-region and per Active-Active region."""

from __future__ import annotations

from ._base import Resource

__all__ = ["TransitGateway"]


class TransitGateway(Resource):
    """AWS Transit Gateway attachments and invitations, single-region and per Active-Active region."""
