"""A fleet with every connectivity item kind, for the connectivity and export tests.

`connectivity_plan(settings)` builds the same plan every time, with `settings` laid
over its connectivity items (``{"tgw": {"cidrs": [...]}}``); items are named by the
short names of `ITEMS`. PrivateLinks and transit gateways live on AWS subscriptions
(single-region and one region of an Active-Active one), Private Service Connect on
Google Cloud ones.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from redis_cloud_async.bulk import (
    Plan,
    PrivateLinkPlan,
    PrivateServiceConnectPlan,
    ProSubscriptionPlan,
)
from redis_cloud_async.models import (
    CloudProviderSpec,
    LocalThroughputSpec,
    RegionNetworkingSpec,
    RegionSpec,
    SubscriptionCreateSpec,
    SubscriptionDatabaseSpec,
)
from redis_cloud_async.models.private_link import PrivateLinkPrincipalSpec
from redis_cloud_async.models.private_service_connect import PscEndpointCreateSpec
from redis_cloud_async.models.transit_gateway import TransitGatewayCreateSpec
from redis_cloud_async.models.vpc_peering import GcpVpcPeeringCreateSpec

#: The item keys of the short names the settings use.
ITEMS = {
    "link": "private-link:net-aws/us-east-1",
    "aa-link": "private-link:net-aws-aa/eu-west-1",
    "tgw": "transit-gateway:net-aws/us-east-1:tgw-0a1b2c3d4e5f60718",
    "aa-tgw": "transit-gateway:net-aws-aa/us-east-1:tgw-0f1e2d3c4b5a69788",
    "psc": "psc-service:net-gcp/us-central1",
    "endpoint": "psc-endpoint:net-gcp/us-central1:redis-psc",
    "aa-psc": "psc-service:net-gcp-aa/europe-west1",
    "aa-endpoint": "psc-endpoint:net-gcp-aa/europe-west1:redis-psc-eu",
}
ACCOUNT = "123456789012"
ACCOUNT_ROOT = PrivateLinkPrincipalSpec(principal=ACCOUNT)
APP_ROLE = PrivateLinkPrincipalSpec(principal=f"arn:aws:iam::{ACCOUNT}:role/app", alias="app")
OPS_USER = PrivateLinkPrincipalSpec(principal=f"arn:aws:iam::{ACCOUNT}:user/ops")

Settings = Mapping[str, Mapping[str, Any]]


def _subscription(
    name: str, provider: str, regions: list[str], **parts: Any
) -> ProSubscriptionPlan:
    """A subscription with one database; Active-Active across `regions` if several."""
    active_active = len(regions) > 1
    throughput = [LocalThroughputSpec(region=r) for r in regions] if active_active else None
    spec = SubscriptionCreateSpec(
        name=name,
        deployment_type="active-active" if active_active else None,
        cloud_providers=[
            CloudProviderSpec(
                provider=provider,
                regions=[
                    RegionSpec(
                        region=region,
                        networking=RegionNetworkingSpec(deployment_cidr=f"10.{n}.0.0/24"),
                    )
                    for n, region in enumerate(regions)
                ],
            )
        ],
        databases=[
            SubscriptionDatabaseSpec(
                name="main", dataset_size_in_gb=1, local_throughput_measurement=throughput
            )
        ],
    )
    return ProSubscriptionPlan(spec=spec, **parts)


def _endpoint(name: str, **settings: Any) -> PscEndpointCreateSpec:
    values = {
        "gcp_project_id": "net-project",
        "gcp_vpc_name": "net-vpc",
        "gcp_vpc_subnet_name": "net-subnet",
        **settings,
    }
    return PscEndpointCreateSpec(endpoint_connection_name=name, **values)


def connectivity_plan(settings: Settings | None = None) -> Plan:
    """Four subscriptions (AWS and GCP, single-region and Active-Active), each with its
    cloud's connectivity, `settings` laid over the items."""
    given = settings or {}

    def of(name: str, spec: Any) -> Any:
        values = given.get(name)
        return attrs.evolve(spec, **values) if values else spec

    aws = _subscription(
        "net-aws",
        "AWS",
        ["us-east-1"],
        private_links=[
            of("link", PrivateLinkPlan(share_name="net-share", principals=[ACCOUNT_ROOT, APP_ROLE]))
        ],
        transit_gateways=[
            of(
                "tgw",
                TransitGatewayCreateSpec(
                    aws_tgw_uid="tgw-0a1b2c3d4e5f60718",
                    aws_account_id=ACCOUNT,
                    cidrs=["172.20.0.0/16"],
                ),
            )
        ],
    )
    aws_aa = _subscription(
        "net-aws-aa",
        "AWS",
        ["us-east-1", "eu-west-1"],
        private_links=[
            of(
                "aa-link",
                PrivateLinkPlan(
                    share_name="net-aa-share", principals=[APP_ROLE], region="eu-west-1"
                ),
            )
        ],
        transit_gateways=[
            of(
                "aa-tgw",
                TransitGatewayCreateSpec(
                    aws_tgw_uid="tgw-0f1e2d3c4b5a69788",
                    aws_account_id=ACCOUNT,
                    cidrs=["172.21.0.0/16"],
                    region="us-east-1",
                ),
            )
        ],
    )
    gcp = _subscription(
        "net-gcp",
        "GCP",
        ["us-central1"],
        peerings=[
            GcpVpcPeeringCreateSpec(vpc_project_uid="net-project", vpc_network_name="net-vpc")
        ],
        private_service_connect=[
            PrivateServiceConnectPlan(endpoints=[of("endpoint", _endpoint("redis-psc"))])
        ],
    )
    gcp_aa = _subscription(
        "net-gcp-aa",
        "GCP",
        ["us-central1", "europe-west1"],
        private_service_connect=[
            PrivateServiceConnectPlan(
                region="europe-west1", endpoints=[of("aa-endpoint", _endpoint("redis-psc-eu"))]
            )
        ],
    )
    return Plan(subscriptions=[aws, aws_aa, gcp, gcp_aa])
