"""PrivateLink and Private Service Connect specs check the guide's rules (sections 7.1 and
7.3) locally, naming the field, and encode to the published request bodies."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from redis_cloud_async import ValidationError
from redis_cloud_async._converter import make_converter
from redis_cloud_async.models.private_link import (
    PrincipalType,
    PrivateLinkConnection,
    PrivateLinkConnectionSpec,
    PrivateLinkCreateSpec,
    PrivateLinkDisassociateSpec,
    PrivateLinkPrincipalRemoveSpec,
    PrivateLinkPrincipalSpec,
)
from redis_cloud_async.models.private_service_connect import (
    PscEndpointCreateSpec,
    PscEndpointUpdateSpec,
)

ACCOUNT = "123456789012"


def _endpoint(**overrides: Any) -> PscEndpointCreateSpec:
    args: dict[str, Any] = {
        "gcp_project_id": "my-gcp-project",
        "gcp_vpc_name": "my-vpc",
        "gcp_vpc_subnet_name": "my-subnet",
        "endpoint_connection_name": "redis-psc",
    }
    return PscEndpointCreateSpec(**(args | overrides))


@pytest.mark.parametrize(
    ("principal", "kind"),
    [
        (ACCOUNT, PrincipalType.AWS_ACCOUNT),
        (f"arn:aws:iam::{ACCOUNT}:root", PrincipalType.AWS_ACCOUNT),
        (f"arn:aws:iam::{ACCOUNT}:user/alice", PrincipalType.IAM_USER),
        (f"arn:aws:iam::{ACCOUNT}:role/team/app-role", PrincipalType.IAM_ROLE),
        (f"arn:aws-us-gov:iam::{ACCOUNT}:role/app", PrincipalType.IAM_ROLE),
        (
            f"arn:aws:organizations::{ACCOUNT}:organization/o-a1b2c3d4e5",
            PrincipalType.ORGANIZATION,
        ),
        (
            f"arn:aws:organizations::{ACCOUNT}:ou/o-a1b2c3d4e5/ou-ab12-cd34ef56",
            PrincipalType.ORGANIZATION_UNIT,
        ),
        ("elasticloadbalancing.amazonaws.com", PrincipalType.SERVICE_PRINCIPAL),
    ],
)
def test_a_principal_s_type_is_inferred_from_its_form(principal: str, kind: PrincipalType) -> None:
    assert PrivateLinkPrincipalSpec(principal=principal).type == kind
    assert PrivateLinkCreateSpec(share_name="s", principal=principal).type == kind


INVALID: list[tuple[str, Callable[[], object]]] = [
    ("PrivateLinkPrincipalSpec.principal", lambda: PrivateLinkPrincipalSpec(principal="12345")),
    (
        "PrivateLinkPrincipalSpec.principal",
        lambda: PrivateLinkPrincipalSpec(principal="arn:aws:iam::12345:root"),
    ),
    (
        "PrivateLinkPrincipalSpec.principal",
        lambda: PrivateLinkPrincipalSpec(principal=f"arn:aws:iam::{ACCOUNT}:group/admins"),
    ),
    (
        "PrivateLinkPrincipalSpec.principal",
        lambda: PrivateLinkPrincipalSpec(principal="arn:aws:s3:::my-bucket"),
    ),
    ("PrivateLinkPrincipalSpec.principal", lambda: PrivateLinkPrincipalSpec(principal="")),
    (
        "PrivateLinkPrincipalSpec.principal",
        lambda: PrivateLinkPrincipalSpec(
            principal=f"arn:aws:iam::{ACCOUNT}:role/app", type="iam_user"
        ),
    ),
    (
        "PrivateLinkPrincipalSpec.type",
        lambda: PrivateLinkPrincipalSpec(principal=ACCOUNT, type="aws_user"),
    ),
    (
        "PrivateLinkPrincipalSpec.alias",
        lambda: PrivateLinkPrincipalSpec(principal=ACCOUNT, alias=" "),
    ),
    (
        "PrivateLinkCreateSpec.share_name",
        lambda: PrivateLinkCreateSpec(share_name="", principal=ACCOUNT),
    ),
    (
        "PrivateLinkCreateSpec.share_name",
        lambda: PrivateLinkCreateSpec(share_name="s" * 65, principal=ACCOUNT),
    ),
    (
        "PrivateLinkCreateSpec.principal",
        lambda: PrivateLinkCreateSpec(share_name="s", principal="root"),
    ),
    (
        "PrivateLinkPrincipalRemoveSpec.principal",
        lambda: PrivateLinkPrincipalRemoveSpec(principal="x"),
    ),
    (
        "PrivateLinkDisassociateSpec.connections",
        lambda: PrivateLinkDisassociateSpec(connections=[]),
    ),
    (
        "PrivateLinkConnectionSpec.association_id",
        lambda: PrivateLinkConnectionSpec(
            association_id="", principal_id=ACCOUNT, type="vpc_endpoint"
        ),
    ),
    (
        "PrivateLinkConnectionSpec.type",
        lambda: PrivateLinkConnectionSpec(association_id="rsa-1", principal_id=ACCOUNT, type=""),
    ),
    ("PscEndpointCreateSpec.gcp_project_id", lambda: _endpoint(gcp_project_id="short")),
    ("PscEndpointCreateSpec.gcp_project_id", lambda: _endpoint(gcp_project_id="My-Project")),
    (
        "PscEndpointCreateSpec.gcp_project_id",
        lambda: _endpoint(gcp_project_id="1-starts-with-digit"),
    ),
    ("PscEndpointCreateSpec.gcp_project_id", lambda: _endpoint(gcp_project_id="ends-with-hyphen-")),
    ("PscEndpointCreateSpec.gcp_vpc_name", lambda: _endpoint(gcp_vpc_name="My_VPC")),
    ("PscEndpointCreateSpec.gcp_vpc_name", lambda: _endpoint(gcp_vpc_name="v" * 64)),
    ("PscEndpointCreateSpec.gcp_vpc_subnet_name", lambda: _endpoint(gcp_vpc_subnet_name="")),
    (
        "PscEndpointCreateSpec.endpoint_connection_name",
        lambda: _endpoint(
            endpoint_connection_name="projects/p/regions/us-central1/forwardingRules/ep"
        ),
    ),
    ("PscEndpointUpdateSpec.action", lambda: PscEndpointUpdateSpec()),
    ("PscEndpointUpdateSpec.action", lambda: PscEndpointUpdateSpec(action="approve")),
    (
        "PscEndpointUpdateSpec.action",
        lambda: PscEndpointUpdateSpec(action="accept", gcp_vpc_name="other"),
    ),
    ("PscEndpointUpdateSpec.gcp_project_id", lambda: PscEndpointUpdateSpec(gcp_project_id="X")),
]


@pytest.mark.parametrize(("field", "build"), INVALID, ids=[f for f, _ in INVALID])
def test_invalid_specs_name_the_field(field: str, build: Callable[[], object]) -> None:
    with pytest.raises(ValidationError) as info:
        build()
    assert info.value.field == field
    assert field in str(info.value)


def test_specs_encode_to_the_published_bodies() -> None:
    encode = make_converter().unstructure
    create = PrivateLinkCreateSpec(
        share_name="share", principal=f"arn:aws:iam::{ACCOUNT}:user/bob", alias="Bob"
    )
    assert encode(create) == {
        "shareName": "share",
        "principal": f"arn:aws:iam::{ACCOUNT}:user/bob",
        "type": "iam_user",
        "alias": "Bob",
    }
    assert encode(PrivateLinkPrincipalRemoveSpec(principal=ACCOUNT)) == {"principal": ACCOUNT}
    connection = PrivateLinkConnection(
        association_id="rsa-1", connection_id="vpce-1", type="vpc_endpoint", owner_id=ACCOUNT
    )
    assert encode(PrivateLinkDisassociateSpec.of([connection])) == {
        "connections": [
            {
                "associationId": "rsa-1",
                "principalId": ACCOUNT,
                "type": "vpc_endpoint",
                "connectionId": "vpce-1",
            }
        ]
    }
    assert encode(_endpoint()) == {
        "gcpProjectId": "my-gcp-project",
        "gcpVpcName": "my-vpc",
        "gcpVpcSubnetName": "my-subnet",
        "endpointConnectionName": "redis-psc",
    }
    assert encode(PscEndpointUpdateSpec(action="accept")) == {"action": "accept"}


def test_numeric_connection_ids_decode_as_strings() -> None:
    connection = make_converter(strict=True).structure(
        {"associationId": "rsa-1", "connectionId": 42, "type": "vpc_endpoint", "ownerId": 7},
        PrivateLinkConnection,
    )
    assert (connection.connection_id, connection.owner_id) == ("42", "7")
