"""`client.connectivity.private_service_connect`: GCP Private Service Connect, single-region and per Active-Active region."""

from __future__ import annotations

from ._base import Resource

__all__ = ["PrivateServiceConnect"]


class PrivateServiceConnect(Resource):
    """GCP Private Service Connect, single-region and per Active-Active region."""
