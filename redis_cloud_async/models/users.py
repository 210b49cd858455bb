"""Account users: the people (and API users) who manage the account in the console.

Not to be confused with ACL users (`models.acl`), who connect to databases.
"""

from __future__ import annotations

from typing import Any

import attrs

from ._base import Model, Spec, StrEnum
from ._validators import matches, non_empty, one_of, optional

__all__ = [
    "AccountUser",
    "AccountUserInviteSpec",
    "AccountUserList",
    "AccountUserOptions",
    "AccountUserRole",
    "AccountUserUpdateSpec",
]


class AccountUserRole(StrEnum):
    """Team management roles, spelled as the service expects them."""

    OWNER = "Owner"
    MANAGER = "Manager"
    MEMBER = "Member"
    VIEWER = "Viewer"
    BILLING_ADMIN = "Billing Admin"
    LOGS_VIEWER = "Logs Viewer (API use only)"


_ROLE_SPELLINGS = {role.value.lower(): role for role in AccountUserRole} | {
    "billing-admin": AccountUserRole.BILLING_ADMIN,
    "logs viewer": AccountUserRole.LOGS_VIEWER,
    "logs-viewer": AccountUserRole.LOGS_VIEWER,
}


def _role(value: Any) -> Any:
    """``"owner"`` (as the guide writes it) -> ``"Owner"`` (as the service takes it)."""
    if isinstance(value, str):
        return _ROLE_SPELLINGS.get(value.strip().lower(), value)
    return value


_EMAIL = r"[^@\s]+@[^@\s]+\.[^@\s]+"


# -- answers -------------------------------------------------------------------------
@attrs.frozen(kw_only=True)
class AccountUserOptions(Model):
    """An account user's notification and MFA settings."""

    billing: bool | None = None
    email_alerts: bool | None = None
    operational_emails: bool | None = None
    mfa_enabled: bool | None = None


@attrs.frozen(kw_only=True)
class AccountUser(Model):
    """A user of the account (console and API access)."""

    id: int
    name: str | None = None
    email: str | None = None
    role: AccountUserRole | str | None = None
    sign_up: str | None = None
    user_type: str | None = None
    has_api_key: bool | None = None
    options: AccountUserOptions | None = None


@attrs.frozen(kw_only=True)
class AccountUserList(Model):
    """`GET /users` (`account` is the account's id)."""

    account: int | None = None
    users: list[AccountUser] = attrs.field(factory=list)


# -- specs ---------------------------------------------------------------------------
@attrs.frozen(kw_only=True)
class AccountUserUpdateSpec(Spec):
    """`PUT /users/{id}`: the user's name (required by the service) and, optionally, role.

    `role` takes an `AccountUserRole` or its name in any case (``"viewer"``).
    """

    name: str = attrs.field(validator=non_empty)
    role: AccountUserRole | None = attrs.field(
        default=None, converter=_role, validator=optional(one_of(AccountUserRole))
    )


@attrs.frozen(kw_only=True)
class AccountUserInviteSpec(Spec):
    """`POST /users` (from the guide): invite someone to the account by email."""

    name: str = attrs.field(validator=non_empty)
    email: str = attrs.field(validator=matches(_EMAIL, "an email address, name@example.com"))
    role: AccountUserRole | None = attrs.field(
        default=None, converter=_role, validator=optional(one_of(AccountUserRole))
    )
