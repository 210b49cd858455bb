"""Request specs check the guide's rules locally, naming the field, and send nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from redis_cloud_async import AsyncClient, ConfirmationRequiredError, ValidationError
from redis_cloud_async._http import httpx
from redis_cloud_async.models import (
    CloudProviderSpec,
    DatabaseAlertSpec,
    DatabaseCreateSpec,
    DatabaseModuleSpec,
    DatabaseUpdateSpec,
    RegionNetworkingSpec,
    RegionSpec,
    SubscriptionCreateSpec,
    SubscriptionDatabaseSpec,
    SubscriptionUpdateSpec,
    ThroughputMeasurementSpec,
)


def _sub(**overrides: Any) -> SubscriptionCreateSpec:
    args: dict[str, Any] = {
        "name": "s",
        "cloud_providers": [CloudProviderSpec(regions=[RegionSpec(region="us-east-1")])],
        "databases": [SubscriptionDatabaseSpec(name="db", dataset_size_in_gb=1)],
    }
    return SubscriptionCreateSpec(**(args | overrides))


INVALID: list[tuple[str, Callable[[], object]]] = [
    ("DatabaseCreateSpec.name", lambda: DatabaseCreateSpec(name="1starts-with-digit")),
    ("DatabaseCreateSpec.name", lambda: DatabaseCreateSpec(name="ends-with-hyphen-")),
    ("DatabaseCreateSpec.name", lambda: DatabaseCreateSpec(name="a" * 41)),
    ("DatabaseCreateSpec.name", lambda: DatabaseCreateSpec(name="under_score")),
    ("DatabaseCreateSpec.port", lambda: DatabaseCreateSpec(name="d", port=9999)),
    (
        "DatabaseCreateSpec.dataset_size_in_gb",
        lambda: DatabaseCreateSpec(name="d", dataset_size_in_gb=0.01),
    ),
    (
        "DatabaseCreateSpec.data_persistence",
        lambda: DatabaseCreateSpec(name="d", data_persistence="aof-sometimes"),
    ),
    (
        "DatabaseCreateSpec.data_eviction_policy",
        lambda: DatabaseCreateSpec(name="d", data_eviction_policy="lru"),
    ),
    (
        "DatabaseCreateSpec.source_ip[1]",
        lambda: DatabaseCreateSpec(name="d", source_ip=["10.0.0.0/8", "10.0.0.1/8"]),
    ),
    (
        "DatabaseCreateSpec.dataset_size_in_gb",
        lambda: DatabaseCreateSpec(name="d", dataset_size_in_gb=1, memory_limit_in_gb=2),
    ),
    ("DatabaseModuleSpec.name", lambda: DatabaseModuleSpec(name="RedisMagic")),
    ("DatabaseAlertSpec.name", lambda: DatabaseAlertSpec(name="cpu", value=80)),
    ("ThroughputMeasurementSpec.by", lambda: ThroughputMeasurementSpec(by="requests", value=10)),
    (
        "ThroughputMeasurementSpec.value",
        lambda: ThroughputMeasurementSpec(by="number-of-shards", value=0),
    ),
    (
        "RegionNetworkingSpec.deployment_cidr",
        lambda: RegionNetworkingSpec(deployment_cidr="10.0.0.1/24"),
    ),
    (
        "RegionNetworkingSpec.deployment_cidr",
        lambda: RegionNetworkingSpec(deployment_cidr="not-a-cidr"),
    ),
    (
        "CloudProviderSpec.provider",
        lambda: CloudProviderSpec(provider="DigitalOcean", regions=[RegionSpec(region="x")]),
    ),
    ("CloudProviderSpec.regions", lambda: CloudProviderSpec(regions=[])),
    ("SubscriptionCreateSpec.databases", lambda: _sub(databases=[])),
    ("SubscriptionCreateSpec.cloud_providers", lambda: _sub(deployment_type="active-active")),
    (
        "SubscriptionCreateSpec.cloud_providers.regions[1].networking",
        lambda: _sub(
            deployment_type="active-active",
            cloud_providers=[
                CloudProviderSpec(
                    regions=[
                        RegionSpec(
                            region="us-east-1",
                            networking=RegionNetworkingSpec(deployment_cidr="10.0.0.0/16"),
                        ),
                        RegionSpec(
                            region="eu-west-1",
                            networking=RegionNetworkingSpec(deployment_cidr="10.0.1.0/24"),
                        ),
                    ]
                )
            ],
        ),
    ),
    ("SubscriptionUpdateSpec", lambda: SubscriptionUpdateSpec()),
    ("DatabaseUpdateSpec", lambda: DatabaseUpdateSpec()),
]


@pytest.mark.parametrize(("field", "build"), INVALID, ids=[f for f, _ in INVALID])
def test_invalid_specs_name_the_field(field: str, build: Callable[[], object]) -> None:
    with pytest.raises(ValidationError) as info:
        build()
    assert info.value.field == field
    assert field in str(info.value)


def test_valid_active_active_spec() -> None:
    spec = _sub(
        deployment_type="active-active",
        cloud_providers=[
            CloudProviderSpec(
                regions=[
                    RegionSpec(
                        region="us-east-1",
                        networking=RegionNetworkingSpec(deployment_cidr="10.0.0.0/24"),
                    ),
                    RegionSpec(
                        region="eu-west-1",
                        networking=RegionNetworkingSpec(deployment_cidr="10.0.1.0/24"),
                    ),
                ]
            )
        ],
    )
    assert spec.deployment_type == "active-active"


def _counting_client() -> tuple[AsyncClient, list[httpx.Request]]:
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(500)

    return AsyncClient("key-abcdef", "secret-abcdef", transport=httpx.MockTransport(handler)), sent


async def test_a_spec_broken_after_construction_is_caught_before_sending() -> None:
    spec = DatabaseCreateSpec(name="fine")
    object.__setattr__(spec, "port", 80)  # bypass the frozen class, as a careless caller might
    client, sent = _counting_client()
    async with client:
        with pytest.raises(ValidationError) as info:
            await client.databases.create(1, spec)
    assert info.value.field == "DatabaseCreateSpec.port"
    assert sent == []


async def test_destructive_calls_need_confirmation_and_send_nothing() -> None:
    client, sent = _counting_client()
    async with client:
        with pytest.raises(ConfirmationRequiredError):
            await client.databases.delete(1, 2)
        with pytest.raises(ConfirmationRequiredError):
            await client.subscriptions.delete(1)
    assert sent == []
