"""Operations written once and served by two namespaces (Pro and Essentials databases):
each namespace catalogues them at its own path and sends them to its own path."""

from __future__ import annotations

import pytest

from redis_cloud_async import AsyncClient, ValidationError
from redis_cloud_async._catalogue import _operations_of, catalogue
from redis_cloud_async.models.essentials import (
    EssentialsDatabaseCreateSpec,
    EssentialsSubscriptionCreateSpec,
)
from redis_cloud_async.resources._base import Resource
from redis_cloud_async.resources._operation import operation
from redis_cloud_async.testing import FakeRedisCloud

STANDARD_5GB = 98004  # a simulator plan that holds four databases


def test_a_shared_operation_is_catalogued_once_per_namespace_at_its_path() -> None:
    by_qualname = {op.qualname: op for op in catalogue()}
    pro, essentials = by_qualname["Databases.tags"], by_qualname["EssentialsDatabases.tags"]
    assert pro.key == ("GET", "/subscriptions/{subscriptionId}/databases/{databaseId}/tags")
    assert essentials.key == (
        "GET",
        "/fixed/subscriptions/{subscriptionId}/databases/{databaseId}/tags",
    )
    assert pro.summary == essentials.summary == "The database's tags."
    assert not any(op.qualname.startswith("DatabaseOperations.") for op in by_qualname.values())


def test_a_relative_path_needs_its_attribute_on_the_namespace() -> None:
    class Pathless(Resource):
        @operation("GET", "{_nowhere}/things")
        async def things(self) -> None:
            """Things."""

    with pytest.raises(TypeError, match="_nowhere"):
        list(_operations_of(Pathless))
    assert not any(op.qualname.startswith("Pathless.") for op in catalogue())


async def test_a_call_goes_to_the_path_of_the_namespace_that_made_it(
    client: AsyncClient, fake: FakeRedisCloud
) -> None:
    task = await (
        await client.essentials.subscriptions.create(
            EssentialsSubscriptionCreateSpec(name="counted", plan_id=STANDARD_5GB)
        )
    ).wait()
    assert task.resource_id is not None
    sid = task.resource_id
    await client.essentials.subscriptions.wait_until_active(sid)
    created = await (
        await client.essentials.databases.create(sid, EssentialsDatabaseCreateSpec(name="db"))
    ).wait()
    assert created.resource_id is not None
    await client.essentials.databases.wait_until_active(sid, created.resource_id)
    by_qualname = {op.qualname: op for op in catalogue()}
    essentials_tags, pro_tags = (
        by_qualname["EssentialsDatabases.tags"],
        by_qualname["Databases.tags"],
    )

    assert await client.essentials.databases.tags(sid, created.resource_id) == []

    # The simulator saw the call once, at the Essentials path, and answered it.
    assert (
        fake.stats.count(*essentials_tags.key) == fake.stats.count(*essentials_tags.key, 200) == 1
    )
    assert fake.stats.count(*pro_tags.key) == 0


async def test_single_region_databases_refuse_a_region_name_before_sending(
    client: AsyncClient, fake: FakeRedisCloud
) -> None:
    dbs = client.essentials.databases
    with pytest.raises(ValidationError) as info:
        await dbs.backup_status(1, 2, region_name="us-east-1")
    assert info.value.field == "region_name"
    with pytest.raises(ValidationError):
        await dbs.slow_log(1, 2, region_name="us-east-1")
    assert fake.stats.count() == 0
