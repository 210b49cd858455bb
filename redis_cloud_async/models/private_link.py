"""AWS PrivateLink: what the server answers, and the specs to create and change it.

A PrivateLink shares a subscription's databases with AWS principals (accounts, IAM
users and roles, organizations) through AWS RAM. Each principal then creates a VPC
endpoint on its side; the resulting *connections* can be disassociated from here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import attrs

from .._errors import ValidationError
from ._base import Model, Spec, StrEnum, wire
from ._validators import length, matches, non_empty, one_of, optional

__all__ = [
    "PrincipalType",
    "PrivateLinkConfig",
    "PrivateLinkConnection",
    "PrivateLinkConnectionSpec",
    "PrivateLinkCreateSpec",
    "PrivateLinkDatabase",
    "PrivateLinkDisassociateSpec",
    "PrivateLinkEndpointScript",
    "PrivateLinkPrincipal",
    "PrivateLinkPrincipalRemoveSpec",
    "PrivateLinkPrincipalSpec",
    "PrivateLinkStatus",
]


class PrincipalType(StrEnum):
    """What kind of AWS principal a PrivateLink is shared with."""

    AWS_ACCOUNT = "aws_account"
    ORGANIZATION = "organization"
    ORGANIZATION_UNIT = "organization_unit"
    IAM_ROLE = "iam_role"
    IAM_USER = "iam_user"
    SERVICE_PRINCIPAL = "service_principal"


class PrivateLinkStatus(StrEnum):
    """The lifecycle of a PrivateLink (``received``: the service's recorded answers)."""

    RECEIVED = "received"
    INITIALIZING = "initializing"
    ACTIVE = "active"
    DELETING = "deleting"


# -- principal rules (guide 7.1, published `type` enum) ---------------------------------
_ARN = r"arn:aws(?:-cn|-us-gov)?"
_IAM_NAME = r"[\w+=,.@-]+(?:/[\w+=,.@-]+)*"
_ORG_ID = r"o-[a-z0-9]{10,32}"
#: The forms each principal type takes; an account is its 12-digit id or its root ARN.
PRINCIPAL_FORMS: dict[PrincipalType, tuple[str, str]] = {
    PrincipalType.AWS_ACCOUNT: (
        rf"\d{{12}}|{_ARN}:iam::\d{{12}}:root",
        "a 12-digit account id or arn:aws:iam::<12 digits>:root",
    ),
    PrincipalType.IAM_USER: (
        rf"{_ARN}:iam::\d{{12}}:user/{_IAM_NAME}",
        "arn:aws:iam::<12 digits>:user/<name>",
    ),
    PrincipalType.IAM_ROLE: (
        rf"{_ARN}:iam::\d{{12}}:role/{_IAM_NAME}",
        "arn:aws:iam::<12 digits>:role/<name>",
    ),
    PrincipalType.ORGANIZATION: (
        rf"{_ARN}:organizations::\d{{12}}:organization/{_ORG_ID}",
        "arn:aws:organizations::<12 digits>:organization/o-<id>",
    ),
    PrincipalType.ORGANIZATION_UNIT: (
        rf"{_ARN}:organizations::\d{{12}}:ou/{_ORG_ID}/ou-[a-z0-9]{{4,32}}-[a-z0-9]{{8,32}}",
        "arn:aws:organizations::<12 digits>:ou/o-<id>/ou-<root>-<id>",
    ),
    PrincipalType.SERVICE_PRINCIPAL: (
        r"[a-z0-9-]+(?:\.[a-z0-9-]+)*\.amazonaws\.com(?:\.cn)?",
        "a service name such as elasticloadbalancing.amazonaws.com",
    ),
}
_ANY_PRINCIPAL = "|".join(f"(?:{pattern})" for pattern, _ in PRINCIPAL_FORMS.values())
_ANY_PRINCIPAL_RULE = (
    "a principal is a 12-digit AWS account id or an ARN: arn:aws:iam::<12 digits>:root, "
    ":user/<name> or :role/<name>, an organization or organizational unit ARN, "
    "or a service principal"
)
_principal_rule = matches(_ANY_PRINCIPAL, _ANY_PRINCIPAL_RULE)


def principal_type_of(value: object) -> PrincipalType | None:
    """The type a principal's form implies (None when it matches no form)."""
    if not isinstance(value, str):
        return None
    return next(
        (kind for kind, (pattern, _) in PRINCIPAL_FORMS.items() if re.fullmatch(pattern, value)),
        None,
    )


def _settle_principal_type(spec: Any) -> None:
    """Infer a missing `type` from the principal's form; check an explicit one against it."""
    if spec.type is None:
        object.__setattr__(spec, "type", principal_type_of(spec.principal))
        return
    kind = PrincipalType(spec.type)
    pattern, rule = PRINCIPAL_FORMS[kind]
    if not re.fullmatch(pattern, spec.principal):
        raise ValidationError(
            f"{type(spec).__name__}.principal",
            f"{spec.principal!r} does not fit principal type {kind}: expected {rule}",
        )


# -- answers -----------------------------------------------------------------------------
@attrs.frozen(kw_only=True)
class PrivateLinkPrincipal(Model):
    """An AWS principal the PrivateLink is shared with."""

    principal: str | None = None
    type: PrincipalType | str | None = None
    alias: str | None = None
    status: str | None = None


@attrs.frozen(kw_only=True)
class PrivateLinkConnection(Model):
    """A VPC endpoint a principal connected to the PrivateLink."""

    association_id: str | None = None
    connection_id: str | None = None
    type: str | None = None
    owner_id: str | None = None
    association_date: str | None = None

    @classmethod
    def _prepare_json(cls, data: Any) -> Any:
        """Ids come as numbers from some versions of the service: keep them as strings."""
        if not isinstance(data, dict):
            return data
        return {
            key: str(value)
            if key in ("connectionId", "ownerId") and isinstance(value, int)
            else value
            for key, value in data.items()
        }

    def disassociation(self) -> PrivateLinkConnectionSpec:
        """This connection as an item of a `PrivateLinkDisassociateSpec`."""
        return PrivateLinkConnectionSpec(
            association_id=self.association_id or "",
            principal_id=self.owner_id or "",
            type=self.type or "",
            connection_id=self.connection_id,
        )


@attrs.frozen(kw_only=True)
class PrivateLinkDatabase(Model):
    """A database reachable through the PrivateLink, and its endpoint there."""

    database_id: int | None = None
    port: int | None = None
    resource_link_endpoint: str | None = wire("rlEndpoint", default=None)


@attrs.frozen(kw_only=True)
class PrivateLinkConfig(Model):
    """A subscription's (or an Active-Active region's) PrivateLink configuration."""

    status: PrivateLinkStatus | str | None = None
    share_name: str | None = None
    share_arn: str | None = None
    resource_configuration_id: str | None = None
    resource_configuration_arn: str | None = None
    principals: list[PrivateLinkPrincipal] = attrs.field(factory=list)
    connections: list[PrivateLinkConnection] = attrs.field(factory=list)
    databases: list[PrivateLinkDatabase] = attrs.field(factory=list)
    subscription_id: int | None = None
    region_id: int | None = None
    error_message: str | None = None
    links: list[dict[str, str]] = attrs.field(factory=list, repr=False)


@attrs.frozen(kw_only=True)
class PrivateLinkEndpointScript(Model):
    """The script that discovers the resource share and creates the VPC endpoints."""

    resource_endpoint_script: str | None = None
    #: The same in Terraform, when asked for (`include_terraform_aws_script=True`).
    terraform_aws_script: str | None = None


# -- specs ---------------------------------------------------------------------------------
@attrs.frozen(kw_only=True)
class _PrincipalFields(Spec):
    """A principal, its type and alias (what creating and adding a principal share).

    `type` defaults to the type the principal's form implies (an account id or root ARN is
    ``aws_account``, ``...:role/...`` is ``iam_role``...); when given, the principal must
    have that type's form.
    """

    principal: str = attrs.field(validator=_principal_rule)
    type: PrincipalType | None = attrs.field(
        default=None, validator=optional(one_of(PrincipalType))
    )
    alias: str | None = attrs.field(default=None, validator=optional(non_empty))

    def __attrs_post_init__(self) -> None:
        _settle_principal_type(self)


@attrs.frozen(kw_only=True)
class PrivateLinkPrincipalSpec(_PrincipalFields):
    """`POST .../private-link/principals`: an AWS principal to share the PrivateLink with,
    e.g. ``PrivateLinkPrincipalSpec(principal="arn:aws:iam::123456789012:role/app")``."""


@attrs.frozen(kw_only=True)
class PrivateLinkCreateSpec(_PrincipalFields):
    """`POST .../private-link`: a resource share named `share_name` and its first principal."""

    share_name: str = attrs.field(validator=[non_empty, length(1, 64)])


@attrs.frozen(kw_only=True)
class PrivateLinkPrincipalRemoveSpec(Spec):
    """`DELETE .../private-link/principals`: the principal to stop sharing with."""

    principal: str = attrs.field(validator=_principal_rule)


@attrs.frozen(kw_only=True)
class PrivateLinkConnectionSpec(Spec):
    """A connection to disassociate: its association id, type and owning principal."""

    association_id: str = attrs.field(validator=non_empty)
    principal_id: str = attrs.field(validator=non_empty)
    type: str = attrs.field(validator=non_empty)
    connection_id: str | None = attrs.field(default=None, validator=optional(non_empty))


@attrs.frozen(kw_only=True)
class PrivateLinkDisassociateSpec(Spec):
    """`POST .../private-link/connections/disassociate`: at least one connection."""

    connections: list[PrivateLinkConnectionSpec] = attrs.field(validator=length(1))

    @classmethod
    def of(cls, connections: Iterable[PrivateLinkConnection]) -> PrivateLinkDisassociateSpec:
        """Disassociate these connections, as `PrivateLinkConfig.connections` reports them."""
        return cls(connections=[c.disassociation() for c in connections])
