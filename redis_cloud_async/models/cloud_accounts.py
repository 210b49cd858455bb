"""Cloud accounts: AWS accounts Redis Cloud deploys Pro subscriptions into (BYOA).

Every credential (`access_key_id`, `access_secret_key`, `console_password`) is kept out
of reprs, and a rule broken by one of them is reported without its value.
"""

from __future__ import annotations

import re
from typing import Any

import attrs

from .._errors import ValidationError
from ._base import Model, Spec
from ._validators import Validator, matches, non_empty, one_of, optional

__all__ = [
    "CloudAccount",
    "CloudAccountCreateSpec",
    "CloudAccountList",
    "CloudAccountUpdateSpec",
]

CLOUD_ACCOUNT_PROVIDERS = ("AWS", "GCP")
#: AWS access key ids: 16 to 128 upper-case letters and digits (``AKIA...``).
_AWS_ACCESS_KEY_ID = re.compile(r"[A-Z0-9]{16,128}")


def _for_aws(validator: Validator) -> Validator:
    """Apply `validator` to AWS accounts only (specs without `provider` are AWS)."""

    def check_for_aws(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if getattr(instance, "provider", "AWS") == "AWS":
            validator(instance, attribute, value)

    return check_for_aws


@_for_aws
def _aws_access_key_id(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """An AWS access key id; the value never appears in the error."""
    if not isinstance(value, str) or not _AWS_ACCESS_KEY_ID.fullmatch(value):
        raise ValidationError(
            f"{type(instance).__name__}.{attribute.name}",
            "is not an AWS access key id (16 to 128 upper-case letters and digits, "
            "such as AKIA...); the value is not shown",
        )


_AWS_SIGN_IN_URL = _for_aws(
    matches(
        r"https://[A-Za-z0-9-]+\.signin\.aws\.amazon\.com/console/?",
        "the AWS console sign-in URL, https://<account id>.signin.aws.amazon.com/console",
    )
)


# -- answers -------------------------------------------------------------------------
@attrs.frozen(kw_only=True)
class CloudAccount(Model):
    """A cloud account; the service shows its access key id masked (``A***E``)."""

    id: int
    name: str | None = None
    provider: str | None = None
    status: str | None = None
    access_key_id: str | None = attrs.field(default=None, repr=False)
    sign_in_login_url: str | None = None
    aws_console_role_arn: str | None = None
    aws_user_arn: str | None = None
    links: list[dict[str, str]] = attrs.field(factory=list, repr=False)


@attrs.frozen(kw_only=True)
class CloudAccountList(Model):
    """`GET /cloud-accounts`."""

    account_id: int | None = None
    cloud_accounts: list[CloudAccount] = attrs.field(factory=list)
    links: list[dict[str, str]] = attrs.field(factory=list, repr=False)


# -- specs ---------------------------------------------------------------------------
@attrs.frozen(kw_only=True)
class CloudAccountCreateSpec(Spec):
    """`POST /cloud-accounts`: the programmatic and console credentials of an AWS account."""

    name: str = attrs.field(validator=non_empty)
    access_key_id: str = attrs.field(repr=False, validator=_aws_access_key_id)
    access_secret_key: str = attrs.field(repr=False, validator=non_empty)
    console_username: str = attrs.field(validator=non_empty)
    console_password: str = attrs.field(repr=False, validator=non_empty)
    sign_in_login_url: str = attrs.field(validator=[non_empty, _AWS_SIGN_IN_URL])
    provider: str = attrs.field(default="AWS", validator=one_of(CLOUD_ACCOUNT_PROVIDERS))


@attrs.frozen(kw_only=True)
class CloudAccountUpdateSpec(Spec):
    """`PUT /cloud-accounts/{id}`: new credentials (all four are required), or a new name."""

    access_key_id: str = attrs.field(repr=False, validator=_aws_access_key_id)
    access_secret_key: str = attrs.field(repr=False, validator=non_empty)
    console_username: str = attrs.field(validator=non_empty)
    console_password: str = attrs.field(repr=False, validator=non_empty)
    name: str | None = attrs.field(default=None, validator=optional(non_empty))
    sign_in_login_url: str | None = attrs.field(default=None, validator=optional(_AWS_SIGN_IN_URL))
