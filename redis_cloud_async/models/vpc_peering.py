"""VPC peering (AWS and GCP): what the server reports, and the specs to create and change it.

Peerings come in two scopes: subscription-wide (``/peerings``, single-region
subscriptions) and Active-Active (``/regions/peerings``, grouped by the subscription's
regions). Creation specs exist per provider, so that each one asks exactly for what that
provider needs and checks it locally (12-digit AWS account ids, ``vpc-`` ids, CIDR blocks,
region names, GCP project ids and network names).
"""

from __future__ import annotations

import ipaddress
from typing import Any, ClassVar

import attrs

from .._errors import ValidationError
from ._base import Model, Spec, StrEnum
from ._validators import Validator, cidr, each, matches, one_of, optional

__all__ = [
    "ActiveActiveVpcPeeringConnection",
    "ActiveActiveVpcPeeringRegion",
    "ActiveActiveVpcPeerings",
    "AwsActiveActiveVpcPeeringCreateSpec",
    "AwsVpcPeeringCreateSpec",
    "GcpActiveActiveVpcPeeringCreateSpec",
    "GcpVpcPeeringCreateSpec",
    "PeeringCidr",
    "PeeringStatus",
    "VpcPeeringConnection",
    "VpcPeeringList",
    "VpcPeeringUpdateSpec",
]

# -- rules ---------------------------------------------------------------------------
#: An AWS account id: exactly 12 digits.
AWS_ACCOUNT_ID = matches(r"\d{12}", "an AWS account id is exactly 12 digits")
#: An AWS region name such as ``us-east-1`` or ``us-gov-west-1``.
AWS_REGION = matches(
    r"[a-z]{2}(?:-[a-z]+)+-\d{1,2}", "an AWS region name looks like us-east-1 or eu-west-2"
)
#: A Google Cloud region name such as ``us-central1`` or ``europe-west4``.
GCP_REGION = matches(
    r"[a-z]+-[a-z]+\d{1,2}", "a Google Cloud region name looks like us-central1 or europe-west4"
)
#: An AWS VPC id: ``vpc-`` then 8 to 17 hexadecimal digits.
VPC_ID = matches(r"vpc-[0-9a-f]{8,17}", "a VPC id is vpc- followed by 8 to 17 hexadecimal digits")
#: A Google Cloud project id: 6-30 lowercase letters, digits and hyphens, starting with a
#: letter and not ending with a hyphen.
GCP_PROJECT_ID = matches(
    r"[a-z][a-z0-9-]{4,28}[a-z0-9]",
    "a Google Cloud project id has 6-30 lowercase letters, digits and hyphens, "
    "starts with a letter and does not end with a hyphen",
)


def gcp_name(what: str) -> Validator:
    """A Google Cloud resource name (RFC 1035: 1-63 lowercase letters, digits and hyphens,
    starting with a letter and not ending with a hyphen); `what` names it in the error."""
    return matches(
        r"[a-z](?:[-a-z0-9]{0,61}[a-z0-9])?",
        f"a Google Cloud {what} has 1-63 lowercase letters, digits and hyphens, "
        "starts with a letter and does not end with a hyphen",
    )


#: A Google Cloud VPC network name.
GCP_NETWORK_NAME = gcp_name("network name")


def cidr_blocks(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A list of CIDR blocks, none overlapping another (the error names the item)."""
    each(cidr)(instance, attribute, value)
    seen: list[ipaddress.IPv4Network | ipaddress.IPv6Network] = []
    for index, block in enumerate(value):
        network = ipaddress.ip_network(block)
        for other in seen:
            if network.version == other.version and network.overlaps(other):
                raise ValidationError(
                    f"{type(instance).__name__}.{attribute.name}[{index}]",
                    f"{block} overlaps {other}",
                )
        seen.append(network)


_CIDR_LIST = optional(cidr_blocks)


# -- answers -------------------------------------------------------------------------
class PeeringStatus(StrEnum):
    """The lifecycle of a VPC peering (AWS peerings wait for your acceptance)."""

    INITIATING_REQUEST = "initiating-request"
    PENDING_ACCEPTANCE = "pending-acceptance"
    ACTIVE = "active"
    INACTIVE = "inactive"
    FAILED = "failed"
    DELETING = "deleting"


@attrs.frozen(kw_only=True)
class PeeringCidr(Model):
    """One CIDR block of the peered VPC, and its routing state (`active`).

    `active` is a status string (``active``/``inactive``): the document does not type it;
    the official Go SDK (`CIDR.Status string json:"active"`) and the redis-cloud-rs crate
    ("CIDR status (active/inactive)", a string) both model it so.
    """

    vpc_cidr: str | None = None
    active: str | None = None


@attrs.frozen(kw_only=True)
class _PeeringFields(Model):
    """What both scopes report of a peering: its state, the AWS side, Redis's GCP side."""

    status: PeeringStatus | str | None = None
    region_name: str | None = None
    aws_account_id: str | None = None
    aws_peering_uid: str | None = None
    vpc_uid: str | None = None
    vpc_cidr: str | None = None
    vpc_cidrs: list[PeeringCidr] = attrs.field(factory=list)
    redis_project_uid: str | None = None
    redis_network_name: str | None = None
    cloud_peering_id: str | None = None

    @property
    def cidrs(self) -> list[str]:
        """Every CIDR block of the peered VPC."""
        blocks = [c.vpc_cidr for c in self.vpc_cidrs if c.vpc_cidr]
        return blocks if blocks else ([self.vpc_cidr] if self.vpc_cidr else [])


@attrs.frozen(kw_only=True)
class VpcPeeringConnection(_PeeringFields):
    """A VPC peering of a single-region subscription.

    AWS peerings carry the account, VPC and CIDRs (accept ``aws_peering_uid`` in your AWS
    account); GCP ones the project and network, and Redis's side to peer back with
    (``redis_project_uid``, ``redis_network_name``).
    """

    vpc_peering_id: int
    project_uid: str | None = None
    network_name: str | None = None

    @property
    def id(self) -> int:
        """The peering's id (the ``{peeringId}`` of its update and delete)."""
        return self.vpc_peering_id


@attrs.frozen(kw_only=True)
class VpcPeeringList(Model):
    """The data of ``GET /subscriptions/{id}/peerings``."""

    peerings: list[VpcPeeringConnection] = attrs.field(factory=list)


@attrs.frozen(kw_only=True)
class ActiveActiveVpcPeeringConnection(_PeeringFields):
    """A VPC peering from one region (`source_region`, `region_id`) of an Active-Active
    subscription; `region_name` is the peered VPC's region."""

    id: int
    region_id: int | None = None
    source_region: str | None = None
    destination_region: str | None = None
    vpc_project_uid: str | None = None
    vpc_network_name: str | None = None


@attrs.frozen(kw_only=True)
class ActiveActiveVpcPeeringRegion(Model):
    """One region of an Active-Active subscription and the peerings made from it."""

    id: int | None = None
    region: str | None = None
    vpc_peerings: list[ActiveActiveVpcPeeringConnection] = attrs.field(factory=list)


@attrs.frozen(kw_only=True)
class ActiveActiveVpcPeerings(Model):
    """The data of ``GET /subscriptions/{id}/regions/peerings``."""

    subscription_id: int | None = None
    regions: list[ActiveActiveVpcPeeringRegion] = attrs.field(factory=list)


# -- specs ---------------------------------------------------------------------------
@attrs.frozen(kw_only=True)
class _VpcCidrs(Spec):
    """The peered VPC's CIDR blocks: `vpc_cidrs`, or the single `vpc_cidr`, not both."""

    vpc_cidrs: list[str] | None = attrs.field(default=None, validator=_CIDR_LIST)
    vpc_cidr: str | None = attrs.field(default=None, validator=optional(cidr))

    def __attrs_post_init__(self) -> None:
        name = type(self).__name__
        if self.vpc_cidr is None and not self.vpc_cidrs:
            raise ValidationError(f"{name}.vpc_cidrs", "give the VPC's CIDR blocks (at least one)")
        if self.vpc_cidr is not None and self.vpc_cidrs:
            raise ValidationError(f"{name}.vpc_cidr", "give either vpc_cidr or vpc_cidrs, not both")


def _provider_of_the_class(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None:
        one_of((instance.PROVIDER,))(instance, attribute, value)


def _send_the_provider(spec: _AwsVpc | _GcpNetwork) -> None:
    # Fixed by the spec's class, and stored (not left to its default) so that it is sent.
    if spec.provider is None:
        object.__setattr__(spec, "provider", spec.PROVIDER)


@attrs.frozen(kw_only=True)
class _AwsVpc(_VpcCidrs):
    """An AWS VPC to peer with: its account, id and CIDR blocks."""

    PROVIDER: ClassVar[str] = "AWS"

    aws_account_id: str = attrs.field(validator=AWS_ACCOUNT_ID)
    vpc_id: str = attrs.field(validator=VPC_ID)
    provider: str | None = attrs.field(default=None, validator=_provider_of_the_class)

    def __attrs_post_init__(self) -> None:
        _send_the_provider(self)
        super().__attrs_post_init__()


@attrs.frozen(kw_only=True)
class _GcpNetwork(Spec):
    """A Google Cloud VPC network to peer with: its project and name."""

    PROVIDER: ClassVar[str] = "GCP"

    vpc_project_uid: str = attrs.field(validator=GCP_PROJECT_ID)
    vpc_network_name: str = attrs.field(validator=GCP_NETWORK_NAME)
    provider: str | None = attrs.field(default=None, validator=_provider_of_the_class)

    def __attrs_post_init__(self) -> None:
        _send_the_provider(self)


@attrs.frozen(kw_only=True)
class AwsVpcPeeringCreateSpec(_AwsVpc):
    """Peer a single-region subscription with an AWS VPC (`POST .../peerings`).

    ``AwsVpcPeeringCreateSpec(region="us-east-1", aws_account_id="123456789012",
    vpc_id="vpc-0abc123def456789", vpc_cidrs=["10.10.0.0/24"])``: give the VPC's CIDR
    blocks in `vpc_cidrs` (or one in `vpc_cidr`); they must not overlap the
    subscription's deployment CIDR. Accept the peering request in AWS afterwards.
    """

    region: str = attrs.field(validator=AWS_REGION)


@attrs.frozen(kw_only=True)
class GcpVpcPeeringCreateSpec(_GcpNetwork):
    """Peer a single-region subscription with a Google Cloud VPC network.

    ``GcpVpcPeeringCreateSpec(vpc_project_uid="my-project", vpc_network_name="my-vpc")``;
    then peer back from your project to the returned ``redis_project_uid`` /
    ``redis_network_name``.
    """


@attrs.frozen(kw_only=True)
class AwsActiveActiveVpcPeeringCreateSpec(_AwsVpc):
    """Peer one region of an Active-Active subscription with an AWS VPC.

    `source_region` is the subscription's region to peer from, `destination_region` the
    VPC's region; the rest is as for `AwsVpcPeeringCreateSpec`.
    """

    source_region: str = attrs.field(validator=AWS_REGION)
    destination_region: str = attrs.field(validator=AWS_REGION)


@attrs.frozen(kw_only=True)
class GcpActiveActiveVpcPeeringCreateSpec(_GcpNetwork):
    """Peer one region (`source_region`) of an Active-Active subscription with a Google
    Cloud VPC network."""

    source_region: str = attrs.field(validator=GCP_REGION)


@attrs.frozen(kw_only=True)
class VpcPeeringUpdateSpec(_VpcCidrs):
    """Replace the CIDR blocks of an AWS peering (single-region or Active-Active).

    ``VpcPeeringUpdateSpec(vpc_cidrs=["10.10.0.0/24", "10.20.0.0/24"])``.
    """
