"""VPC peering and Transit Gateway specs: the guide's rules checked locally (naming the
field), the request bodies the published API takes, and the answers decoded strictly."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs
import pytest

from redis_cloud_async import ValidationError
from redis_cloud_async._converter import make_converter
from redis_cloud_async.models._validators import check
from redis_cloud_async.models.transit_gateway import (
    TransitGatewayAttachmentUpdateSpec,
    TransitGatewayCreateSpec,
    TransitGatewayInvitationList,
    TransitGatewayList,
)
from redis_cloud_async.models.vpc_peering import (
    ActiveActiveVpcPeerings,
    AwsActiveActiveVpcPeeringCreateSpec,
    AwsVpcPeeringCreateSpec,
    GcpActiveActiveVpcPeeringCreateSpec,
    GcpVpcPeeringCreateSpec,
    PeeringStatus,
    VpcPeeringList,
    VpcPeeringUpdateSpec,
)

ACCOUNT = "123456789012"
VPC = "vpc-0abc123def456789"
STRICT = make_converter(strict=True)


def _aws(**overrides: Any) -> AwsVpcPeeringCreateSpec:
    args: dict[str, Any] = {
        "region": "us-east-1",
        "aws_account_id": ACCOUNT,
        "vpc_id": VPC,
        "vpc_cidrs": ["10.10.0.0/24"],
    }
    return AwsVpcPeeringCreateSpec(**(args | overrides))


def _aa_aws(**overrides: Any) -> AwsActiveActiveVpcPeeringCreateSpec:
    args: dict[str, Any] = {
        "source_region": "us-east-1",
        "destination_region": "eu-west-2",
        "aws_account_id": ACCOUNT,
        "vpc_id": VPC,
        "vpc_cidr": "10.10.0.0/24",
    }
    return AwsActiveActiveVpcPeeringCreateSpec(**(args | overrides))


INVALID: list[tuple[str, Callable[[], object]]] = [
    ("AwsVpcPeeringCreateSpec.aws_account_id", lambda: _aws(aws_account_id="1234567890123")),
    ("AwsVpcPeeringCreateSpec.aws_account_id", lambda: _aws(aws_account_id="12345678901a")),
    ("AwsVpcPeeringCreateSpec.vpc_id", lambda: _aws(vpc_id="vpc-XYZ")),
    ("AwsVpcPeeringCreateSpec.vpc_id", lambda: _aws(vpc_id="subnet-0abc1234")),
    ("AwsVpcPeeringCreateSpec.region", lambda: _aws(region="useast1")),
    ("AwsVpcPeeringCreateSpec.vpc_cidrs[1]", lambda: _aws(vpc_cidrs=["10.1.0.0/24", "10.2.0.0"])),
    (
        "AwsVpcPeeringCreateSpec.vpc_cidrs[1]",
        lambda: _aws(vpc_cidrs=["10.1.0.0/16", "10.1.5.0/24"]),
    ),
    ("AwsVpcPeeringCreateSpec.vpc_cidrs", lambda: _aws(vpc_cidrs=None)),
    ("AwsVpcPeeringCreateSpec.vpc_cidr", lambda: _aws(vpc_cidr="10.9.0.0/24")),
    ("AwsVpcPeeringCreateSpec.provider", lambda: _aws(provider="GCP")),
    (
        "GcpVpcPeeringCreateSpec.vpc_project_uid",
        lambda: GcpVpcPeeringCreateSpec(vpc_project_uid="proj", vpc_network_name="net"),
    ),
    (
        "GcpVpcPeeringCreateSpec.vpc_project_uid",
        lambda: GcpVpcPeeringCreateSpec(vpc_project_uid="my-project-", vpc_network_name="net"),
    ),
    (
        "GcpVpcPeeringCreateSpec.vpc_network_name",
        lambda: GcpVpcPeeringCreateSpec(vpc_project_uid="my-project", vpc_network_name="Net_1"),
    ),
    (
        "GcpVpcPeeringCreateSpec.vpc_network_name",
        lambda: GcpVpcPeeringCreateSpec(vpc_project_uid="my-project", vpc_network_name="n" * 64),
    ),
    ("AwsActiveActiveVpcPeeringCreateSpec.source_region", lambda: _aa_aws(source_region="")),
    (
        "AwsActiveActiveVpcPeeringCreateSpec.destination_region",
        lambda: _aa_aws(destination_region="us-east1"),
    ),
    ("AwsActiveActiveVpcPeeringCreateSpec.vpc_cidr", lambda: _aa_aws(vpc_cidr="10.10.0.1/24")),
    (
        "GcpActiveActiveVpcPeeringCreateSpec.source_region",
        lambda: GcpActiveActiveVpcPeeringCreateSpec(
            source_region="us-east-1", vpc_project_uid="my-project", vpc_network_name="net"
        ),
    ),
    ("VpcPeeringUpdateSpec.vpc_cidrs", lambda: VpcPeeringUpdateSpec()),
    ("VpcPeeringUpdateSpec.vpc_cidrs", lambda: VpcPeeringUpdateSpec(vpc_cidrs=[])),
    (
        "VpcPeeringUpdateSpec.vpc_cidr",
        lambda: VpcPeeringUpdateSpec(vpc_cidr="10.0.0.0/24", vpc_cidrs=["10.1.0.0/24"]),
    ),
    (
        "TransitGatewayCreateSpec.aws_tgw_uid",
        lambda: TransitGatewayCreateSpec(aws_tgw_uid="tgw-12", aws_account_id=ACCOUNT),
    ),
    (
        "TransitGatewayCreateSpec.aws_account_id",
        lambda: TransitGatewayCreateSpec(aws_tgw_uid="tgw-0abc1234", aws_account_id="12"),
    ),
    (
        "TransitGatewayCreateSpec.cidrs[0]",
        lambda: TransitGatewayCreateSpec(
            aws_tgw_uid="tgw-0abc1234", aws_account_id=ACCOUNT, cidrs=["10.0.0.0/33"]
        ),
    ),
    (
        "TransitGatewayAttachmentUpdateSpec.cidrs",
        lambda: TransitGatewayAttachmentUpdateSpec(cidrs=[]),
    ),
    (
        "TransitGatewayAttachmentUpdateSpec.cidrs[1]",
        lambda: TransitGatewayAttachmentUpdateSpec(cidrs=["10.0.0.0/16", "10.0.0.0/16"]),
    ),
]


@pytest.mark.parametrize(("field", "build"), INVALID, ids=[f for f, _ in INVALID])
def test_a_broken_rule_names_the_field(field: str, build: Callable[[], object]) -> None:
    with pytest.raises(ValidationError) as info:
        build()
    assert info.value.field == field


def test_valid_specs_pass_and_check_again_before_sending() -> None:
    specs: list[Any] = [
        _aws(),
        _aws(
            vpc_cidrs=None, vpc_cidr="10.10.0.0/24", region="us-gov-west-1", vpc_id="vpc-0a1b2c3d"
        ),
        _aa_aws(),
        GcpVpcPeeringCreateSpec(vpc_project_uid="my-project-123", vpc_network_name="default"),
        GcpActiveActiveVpcPeeringCreateSpec(
            source_region="europe-west4", vpc_project_uid="my-project", vpc_network_name="vpc-1"
        ),
        VpcPeeringUpdateSpec(vpc_cidrs=["10.0.0.0/24", "10.0.1.0/24"]),
        TransitGatewayCreateSpec(aws_tgw_uid="tgw-0abc123def456789", aws_account_id=ACCOUNT),
        TransitGatewayAttachmentUpdateSpec(cidrs=["10.0.0.0/16", "2001:db8::/32"]),
    ]
    for spec in specs:
        check(spec)
        assert attrs.evolve(spec) == spec


def test_request_bodies_use_the_published_names_and_always_name_the_provider() -> None:
    body = STRICT.unstructure(_aws())
    assert body == {
        "provider": "AWS",
        "region": "us-east-1",
        "awsAccountId": ACCOUNT,
        "vpcId": VPC,
        "vpcCidrs": ["10.10.0.0/24"],
    }
    gcp = GcpVpcPeeringCreateSpec(vpc_project_uid="my-project", vpc_network_name="my-vpc")
    assert STRICT.unstructure(gcp) == {
        "provider": "GCP",
        "vpcProjectUid": "my-project",
        "vpcNetworkName": "my-vpc",
    }
    assert STRICT.unstructure(_aa_aws()) == {
        "provider": "AWS",
        "sourceRegion": "us-east-1",
        "destinationRegion": "eu-west-2",
        "awsAccountId": ACCOUNT,
        "vpcId": VPC,
        "vpcCidr": "10.10.0.0/24",
    }
    gcp_aa = GcpActiveActiveVpcPeeringCreateSpec(
        source_region="us-east1", vpc_project_uid="my-project", vpc_network_name="my-vpc"
    )
    assert STRICT.unstructure(gcp_aa)["provider"] == "GCP"
    assert STRICT.unstructure(VpcPeeringUpdateSpec(vpc_cidrs=["10.0.0.0/24"])) == {
        "vpcCidrs": ["10.0.0.0/24"]
    }
    tgw = TransitGatewayCreateSpec(
        aws_tgw_uid="tgw-0abc123def456789", aws_account_id=ACCOUNT, cidrs=["10.0.0.0/16"]
    )
    assert STRICT.unstructure(tgw) == {
        "awsTgwUid": "tgw-0abc123def456789",
        "awsAccountId": ACCOUNT,
        "cidrs": ["10.0.0.0/16"],
    }
    routes = TransitGatewayAttachmentUpdateSpec(cidrs=["10.0.0.0/16"])
    assert STRICT.unstructure(routes) == {"cidrs": ["10.0.0.0/16"]}


def test_answers_decode_strictly_in_the_shapes_the_service_sends() -> None:
    single = STRICT.structure(
        {
            "peerings": [
                {
                    "vpcPeeringId": 7,
                    "status": "pending-acceptance",
                    "awsAccountId": ACCOUNT,
                    "awsPeeringUid": "pcx-0123",
                    "vpcUid": VPC,
                    "vpcCidr": "10.10.0.0/24",
                    "vpcCidrs": [{"vpcCidr": "10.10.0.0/24", "active": True}],
                    "regionName": "us-east-1",
                },
                {
                    "vpcPeeringId": 8,
                    "status": "active",
                    "projectUid": "p",
                    "networkName": "n",
                    "redisProjectUid": "rp",
                    "redisNetworkName": "rn",
                    "cloudPeeringId": "c",
                },
            ]
        },
        VpcPeeringList,
    )
    aws, gcp = single.peerings
    assert (aws.id, aws.status, aws.cidrs) == (
        7,
        PeeringStatus.PENDING_ACCEPTANCE,
        ["10.10.0.0/24"],
    )
    assert (gcp.id, gcp.redis_network_name, gcp.cidrs) == (8, "rn", [])

    aa = STRICT.structure(
        {
            "subscriptionId": 1,
            "regions": [
                {
                    "id": 3,
                    "region": "us-east-1",
                    "vpcPeerings": [
                        {
                            "id": 9,
                            "status": "active",
                            "regionId": 3,
                            "regionName": "eu-west-2",
                            "sourceRegion": "us-east-1",
                            "destinationRegion": "eu-west-2",
                            "awsAccountId": ACCOUNT,
                            "vpcUid": VPC,
                            "vpcCidr": "10.10.0.0/24",
                        }
                    ],
                }
            ],
        },
        ActiveActiveVpcPeerings,
    )
    [peering] = aa.regions[0].vpc_peerings
    assert (peering.id, peering.destination_region, peering.cidrs) == (
        9,
        "eu-west-2",
        ["10.10.0.0/24"],
    )

    gateways = STRICT.structure(
        {
            "tgws": [
                {
                    "id": 5,
                    "awsTgwUid": "tgw-0abc",
                    "attachmentUid": "tgw-attach-1",
                    "status": "available",
                    "attachmentStatus": "available",
                    "awsAccountId": ACCOUNT,
                    "cidrs": [{"cidrAddress": "10.0.0.0/16", "status": "active"}],
                }
            ]
        },
        TransitGatewayList,
    )
    assert gateways.tgws[0].routed_cidrs == ["10.0.0.0/16"]
    invitations = STRICT.structure(
        {
            "resources": [
                {
                    "id": 2,
                    "name": "share",
                    "resourceShareUid": "arn:aws:ram:us-east-1:123456789012:resource-share/x",
                    "awsAccountId": ACCOUNT,
                    "status": "pending",
                    "sharedDate": "2026-08-11T12:00:00Z",
                }
            ]
        },
        TransitGatewayInvitationList,
    )
    assert invitations.resources[0].status == "pending"


def test_lenient_decoding_keeps_what_a_newer_service_adds() -> None:
    lenient = make_converter(strict=False)
    data = {"peerings": [{"vpcPeeringId": 1, "status": "provisioning", "newField": 1}]}
    [peering] = lenient.structure(data, VpcPeeringList).peerings
    assert peering.status == "provisioning"
    assert peering.extra == {"newField": 1}
