"""`client.cloud_accounts`: Cloud accounts (AWS accounts Redis Cloud deploys into)."""

from __future__ import annotations

from .._handle import TaskHandle
from ..models.cloud_accounts import (
    CloudAccount,
    CloudAccountCreateSpec,
    CloudAccountList,
    CloudAccountUpdateSpec,
)
from ._base import Resource, named
from ._operation import operation

__all__ = ["CloudAccounts"]


class CloudAccounts(Resource):
    """Cloud accounts (AWS accounts Redis Cloud deploys into), for bring-your-own-account
    Pro subscriptions (`CloudProviderSpec.cloud_account_id`)."""

    @operation("GET", "/cloud-accounts")
    async def list(self) -> list[CloudAccount]:
        """Every cloud account, Redis's own internal one (id 1) included."""
        return (await self._get(self._route(self.list), CloudAccountList)).cloud_accounts

    @operation("GET", "/cloud-accounts/{cloudAccountId}")
    async def get(self, cloud_account_id: int) -> CloudAccount:
        """One cloud account (its access key id comes back masked)."""
        return await self._get(self._route(self.get, cloud_account_id), CloudAccount)

    async def find(self, name: str) -> CloudAccount | None:
        """The cloud account with this name, if any."""
        return named(await self.list(), name)

    @operation("POST", "/cloud-accounts", returns="task")
    async def create(self, spec: CloudAccountCreateSpec) -> TaskHandle:
        """Register an AWS account; the task's resource id is the new cloud account's id."""
        return await self._write(self._route(self.create), spec)

    @operation("PUT", "/cloud-accounts/{cloudAccountId}", returns="task")
    async def update(self, cloud_account_id: int, spec: CloudAccountUpdateSpec) -> TaskHandle:
        """Rotate a cloud account's credentials, or rename it."""
        return await self._write(self._route(self.update, cloud_account_id), spec)

    @operation("DELETE", "/cloud-accounts/{cloudAccountId}", returns="task")
    async def delete(self, cloud_account_id: int, *, confirm: bool = False) -> TaskHandle:
        """Remove a cloud account no subscription uses. Needs confirm=True."""
        self._require_confirmation(confirm, "deleting a cloud account")
        return await self._write(self._route(self.delete, cloud_account_id))
