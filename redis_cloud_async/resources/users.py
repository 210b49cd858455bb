"""`client.users`: Users of the Redis Cloud account (console users)."""

from __future__ import annotations

from .._handle import TaskHandle
from ..models.users import (
    AccountUser,
    AccountUserInviteSpec,
    AccountUserList,
    AccountUserUpdateSpec,
)
from ._base import Resource
from ._operation import operation

__all__ = ["AccountUsers"]


class AccountUsers(Resource):
    """Users of the Redis Cloud account (console and API access), not database users:
    those are `client.acl.users`."""

    @operation("GET", "/users")
    async def list(self) -> list[AccountUser]:
        """Every user of the account."""
        return (await self._get(self._route(self.list), AccountUserList)).users

    @operation("GET", "/users/{userId}")
    async def get(self, user_id: int) -> AccountUser:
        """One account user."""
        return await self._get(self._route(self.get, user_id), AccountUser)

    async def find(self, email: str) -> AccountUser | None:
        """The user with this email address (compared case-insensitively), if any."""
        wanted = email.strip().lower()
        return next((u for u in await self.list() if (u.email or "").lower() == wanted), None)

    @operation("POST", "/users", returns="task")
    async def create(self, spec: AccountUserInviteSpec) -> TaskHandle:
        """Invite someone by email (from the guide); the task's resource id is the new user."""
        return await self._write(self._route(self.create), spec)

    @operation("PUT", "/users/{userId}", returns="task")
    async def update(self, user_id: int, spec: AccountUserUpdateSpec) -> TaskHandle:
        """Rename a user or change their role (not your own role)."""
        return await self._write(self._route(self.update, user_id), spec)

    @operation("DELETE", "/users/{userId}", returns="task")
    async def delete(self, user_id: int, *, confirm: bool = False) -> TaskHandle:
        """Remove a user from the account (not yourself). Needs confirm=True."""
        self._require_confirmation(confirm, "removing an account user")
        return await self._write(self._route(self.delete, user_id))
