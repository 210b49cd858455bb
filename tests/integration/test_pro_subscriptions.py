"""`client.subscriptions` against the simulator: dry-run estimates, deletion waits,
Redis versions, pricing, CIDR allowlist, maintenance windows and resource tags."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest

from redis_cloud_async import (
    AsyncClient,
    ConfirmationRequiredError,
    NotFoundError,
    TaskFailedError,
    ValidationError,
)
from redis_cloud_async.models.common import CostEstimate, Tag
from redis_cloud_async.models.subscription_settings import (
    CidrAllowlistSpec,
    MaintenanceMode,
    MaintenanceWindowSpec,
    MaintenanceWindowsSpec,
)
from redis_cloud_async.models.subscriptions import (
    CloudProviderSpec,
    RegionSpec,
    SubscriptionCreateSpec,
    SubscriptionDatabaseSpec,
)
from redis_cloud_async.testing import FakeRedisCloud


def _plan(name: str = "sub", *, cloud_account_id: int | None = None, **changes: Any) -> Any:
    return SubscriptionCreateSpec(
        name=name,
        cloud_providers=[
            CloudProviderSpec(
                cloud_account_id=cloud_account_id, regions=[RegionSpec(region="us-east-1")]
            )
        ],
        databases=[SubscriptionDatabaseSpec(name="db", dataset_size_in_gb=1)],
        **changes,
    )


async def _subscription(client: AsyncClient, spec: SubscriptionCreateSpec | None = None) -> int:
    task = await (await client.subscriptions.create(spec or _plan())).wait()
    assert task.resource_id is not None
    await client.subscriptions.wait_until_active(task.resource_id)
    return task.resource_id


def _sent(fake: FakeRedisCloud, method: str, route: str) -> int:
    return fake.stats.count(method=method, route=route)


async def _cloud_account(fake: FakeRedisCloud) -> int:
    """A bring-your-own AWS account (set up with raw HTTP: not this area's API)."""
    body = {
        "name": "byoa",
        "provider": "AWS",
        "accessKeyId": "AKIAEXAMPLE0001",
        "accessSecretKey": "secret-key",
        "consoleUsername": "admin",
        "consolePassword": "console-password",
        "signInLoginUrl": "https://123456789012.signin.aws.amazon.com/console",
    }
    headers = {"x-api-key": fake.api_key, "x-api-secret-key": fake.api_secret}
    transport = httpx.ASGITransport(app=fake.app)
    async with httpx.AsyncClient(
        transport=transport, base_url="http://localhost/v1", headers=headers
    ) as http:
        task_id = (await http.post("/cloud-accounts", json=body)).json()["taskId"]
        for _ in range(200):
            task = (await http.get(f"/tasks/{task_id}")).json()
            if task["status"] == "processing-completed":
                cloud_id = int(task["response"]["resourceId"])
                if (await http.get(f"/cloud-accounts/{cloud_id}")).json()["status"] == "active":
                    return cloud_id
            await asyncio.sleep(0.005)
    raise AssertionError("the cloud account never became active")


# -- create, estimate, delete ------------------------------------------------------------


async def test_estimate_prices_the_plan_and_creates_nothing(
    client: AsyncClient, fake: FakeRedisCloud
) -> None:
    estimate = await client.subscriptions.estimate(_plan())
    assert isinstance(estimate, CostEstimate)
    assert estimate.pricing
    assert {item.region for item in estimate.pricing} == {"us-east-1"}
    assert estimate.total() > 0
    assert await client.subscriptions.list() == []
    assert not fake.stats.created


async def test_create_refuses_a_dry_run_spec_and_points_to_estimate(
    client: AsyncClient, fake: FakeRedisCloud
) -> None:
    with pytest.raises(ValidationError) as info:
        await client.subscriptions.create(_plan(dry_run=True))
    assert info.value.field == "SubscriptionCreateSpec.dry_run"
    assert "subscriptions.estimate" in info.value.reason
    assert _sent(fake, "POST", "/subscriptions") == 0


async def test_delete_then_wait_until_gone(client: AsyncClient, fake: FakeRedisCloud) -> None:
    sid = await _subscription(client)
    with pytest.raises(ConfirmationRequiredError):
        await client.subscriptions.delete(sid)
    assert _sent(fake, "DELETE", "/subscriptions/{subscriptionId}") == 0
    (db,) = await client.databases.list(sid)
    await (await client.databases.delete(sid, db.database_id, confirm=True)).wait()
    await client.databases.wait_until_gone(sid, db.database_id)
    await (await client.subscriptions.delete(sid, confirm=True)).wait()
    await client.subscriptions.wait_until_gone(sid)
    assert await client.subscriptions.list() == []
    with pytest.raises(NotFoundError):
        await client.subscriptions.get(sid)


# -- versions and pricing ------------------------------------------------------------------


async def test_redis_versions_for_the_account_and_for_a_subscription(client: AsyncClient) -> None:
    versions = await client.subscriptions.redis_versions()
    assert [v.version for v in versions if v.is_default] == ["7.4"]
    assert all(v.version for v in versions)
    sid = await _subscription(client)
    assert await client.subscriptions.redis_versions(sid) == versions
    with pytest.raises(NotFoundError):
        await client.subscriptions.redis_versions(999999)


async def test_pricing_lists_what_the_subscription_costs(client: AsyncClient) -> None:
    sid = await _subscription(client)
    pricing = await client.subscriptions.pricing(sid)
    assert {item.type for item in pricing.pricing} >= {"Shards"}
    assert all(item.region == "us-east-1" for item in pricing.pricing)
    assert pricing.total() > 0


# -- CIDR allowlist ------------------------------------------------------------------------


async def test_cidr_allowlist_is_read_through_a_task_and_replaced(
    client: AsyncClient, fake: FakeRedisCloud
) -> None:
    cloud_id = await _cloud_account(fake)
    sid = await _subscription(client, _plan("byoa-sub", cloud_account_id=cloud_id))
    empty = await client.subscriptions.cidr_allowlist(sid)
    assert (empty.cidr_ips, empty.security_group_ids) == ([], [])
    spec = CidrAllowlistSpec(
        cidr_ips=["10.0.0.0/16", "192.168.1.0/24"], security_group_ids=["sg-0125be68a4625884a"]
    )
    await (await client.subscriptions.update_cidr_allowlist(sid, spec)).wait()
    allowlist = await client.subscriptions.cidr_allowlist(sid)
    assert allowlist.cidr_ips == ["10.0.0.0/16", "192.168.1.0/24"]
    assert allowlist.security_group_ids == ["sg-0125be68a4625884a"]
    assert _sent(fake, "GET", "/subscriptions/{subscriptionId}/cidr") == 2


async def test_cidr_allowlist_rules(client: AsyncClient, fake: FakeRedisCloud) -> None:
    with pytest.raises(ValidationError) as info:
        CidrAllowlistSpec(cidr_ips=["10.0.0.1/16"])
    assert info.value.field == "CidrAllowlistSpec.cidr_ips[0]"
    with pytest.raises(ValidationError) as info:
        CidrAllowlistSpec(cidr_ips=["10.0.0.0/16", "10.0.0.0/16"])
    assert info.value.field == "CidrAllowlistSpec.cidr_ips"
    sid = await _subscription(client)  # in Redis's own cloud account: no allowlist there
    handle = await client.subscriptions.update_cidr_allowlist(
        sid, CidrAllowlistSpec(cidr_ips=["10.0.0.0/16"])
    )
    with pytest.raises(TaskFailedError) as failed:
        await handle.wait()
    assert failed.value.error_type == "CIDR_WHITELIST_NOT_ALLOWED"


# -- maintenance windows and resource tags ---------------------------------------------------


async def test_maintenance_windows_switch_to_manual_and_back(client: AsyncClient) -> None:
    sid = await _subscription(client)
    assert (await client.subscriptions.maintenance_windows(sid)).mode == MaintenanceMode.AUTOMATIC
    manual = MaintenanceWindowsSpec(
        mode="manual",
        windows=[
            MaintenanceWindowSpec(days=["Saturday", "Sunday"], start_hour=2, duration_in_hours=6),
            MaintenanceWindowSpec(days=["Wednesday"], start_hour=3, duration_in_hours=4),
        ],
    )
    await (await client.subscriptions.update_maintenance_windows(sid, manual)).wait()
    shown = await client.subscriptions.maintenance_windows(sid)
    assert shown.mode == "manual"
    assert [(w.days, w.start_hour, w.duration_in_hours) for w in shown.windows] == [
        (["Saturday", "Sunday"], 2, 6),
        (["Wednesday"], 3, 4),
    ]
    assert shown.time_zone
    assert shown.skip_status is not None
    automatic = MaintenanceWindowsSpec(mode=MaintenanceMode.AUTOMATIC)
    await (await client.subscriptions.update_maintenance_windows(sid, automatic)).wait()
    back = await client.subscriptions.maintenance_windows(sid)
    assert (back.mode, back.windows) == ("automatic", [])


async def test_an_invalid_maintenance_window_is_refused_before_sending(
    client: AsyncClient, fake: FakeRedisCloud
) -> None:
    sid = await _subscription(client)
    window = MaintenanceWindowSpec(days=["Monday"], start_hour=1, duration_in_hours=4)
    object.__setattr__(window, "duration_in_hours", 2)  # broken after construction
    spec = MaintenanceWindowsSpec(mode="manual", windows=[window])
    with pytest.raises(ValidationError) as info:
        await client.subscriptions.update_maintenance_windows(sid, spec)
    assert info.value.field == "MaintenanceWindowSpec.duration_in_hours"
    assert _sent(fake, "PUT", "/subscriptions/{subscriptionId}/maintenance-windows") == 0


async def test_resource_tags_replace_the_subscriptions_tags(
    client: AsyncClient, fake: FakeRedisCloud
) -> None:
    sid = await _subscription(client)
    tags = [Tag(key="team", value="payments"), Tag(key="env", value="prod")]
    await (await client.subscriptions.update_resource_tags(sid, tags)).wait()
    shown = (await client.subscriptions.get(sid)).resource_tags
    assert [(t.key, t.value) for t in shown] == [("team", "payments"), ("env", "prod")]
    with pytest.raises(ValidationError) as info:
        await client.subscriptions.update_resource_tags(
            sid, [Tag(key="env", value="a"), Tag(key="env", value="b")]
        )
    assert info.value.field == "ResourceTagsSpec.resource_tags"
    with pytest.raises(ValidationError) as info:
        await client.subscriptions.update_resource_tags(sid, [Tag(key="env", value="")])
    assert info.value.field == "ResourceTagsSpec.resource_tags[0].value"
    assert _sent(fake, "PUT", "/subscriptions/{subscriptionId}/resource-tags") == 1
