"""`client.cloud_accounts`: Cloud accounts (AWS accounts Redis Cloud deploys into)."""

from __future__ import annotations

from ._base import Resource

__all__ = ["CloudAccounts"]


class CloudAccounts(Resource):
    """Cloud accounts (AWS accounts Redis Cloud deploys into)."""
