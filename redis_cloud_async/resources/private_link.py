"""`client.connectivity.private_link`: AWS PrivateLink, single-region and per Active-Active region."""

from __future__ import annotations

from ._base import Resource

__all__ = ["PrivateLink"]


class PrivateLink(Resource):
    """AWS PrivateLink, single-region and per Active-Active region."""
