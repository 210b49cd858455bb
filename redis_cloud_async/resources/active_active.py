"""`client.active_active`: regions of Active-Active subscriptions and their databases."""

from __future__ import annotations

from ._base import Resource

__all__ = ["ActiveActive"]


class ActiveActive(Resource):
    """Active-Active (CRDB) regions: list, add, delete; regional database settings."""
