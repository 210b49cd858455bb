"""`client.connectivity.vpc_peering`: VPC peering (AWS and GCP), single-region and per Active-Active region."""

from __future__ import annotations

from ._base import Resource

__all__ = ["VpcPeering"]


class VpcPeering(Resource):
    """VPC peering (AWS and GCP), single-region and per Active-Active region."""
