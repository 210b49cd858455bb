"""`client.users`: Users of the Redis Cloud account (console users)."""

from __future__ import annotations

from ._base import Resource

__all__ = ["AccountUsers"]


class AccountUsers(Resource):
    """Users of the Redis Cloud account (console users)."""
