"""Typed calls of the account-level namespaces: `client.acl`, `client.account`,
`client.users`, `client.cloud_accounts`, `client.cost_reports` (see
test_public_api_typing.py for why)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any, assert_type

import pytest

from redis_cloud_async import (
    AccountInfo,
    AccountUser,
    AccountUserInviteSpec,
    AccountUserRole,
    AccountUserUpdateSpec,
    AclRedisRule,
    AclRedisRuleSpec,
    AclRole,
    AclRoleCreateSpec,
    AclRoleDatabaseSpec,
    AclRoleRuleSpec,
    AclRoleUpdateSpec,
    AclUser,
    AclUserCreateSpec,
    AclUserUpdateSpec,
    AsyncClient,
    CloudAccount,
    CloudAccountUpdateSpec,
    CloudRegion,
    CostReport,
    CostReportCreateSpec,
    CostReportSummary,
    DataPersistenceOption,
    ModuleInfo,
    PaymentMethod,
    SessionLogEntry,
    SystemLogEntry,
    Task,
)
from redis_cloud_async.testing import FakeRedisCloud
from tests.helpers.typed_api import (
    CONSOLE_PASSWORD,
    PASSWORD,
    active_pro,
    cloud_account_spec,
    pro_plan,
    settle,
    wait_created,
    wait_done,
)

pytestmark = pytest.mark.looptime(end=3600)


# -- access control ------------------------------------------------------------------------
async def test_acl(client: AsyncClient) -> None:
    sid = await active_pro(client, pro_plan("acl", "us-east-1"))
    [db] = await client.databases.list(sid)

    rule_spec = AclRedisRuleSpec(name="cache-read", redis_rule="+@read ~cache:*")
    rule_id = await wait_created(await client.acl.redis_rules.create(rule_spec))
    rules: list[AclRedisRule] = await client.acl.redis_rules.list()
    rule: AclRedisRule = await client.acl.redis_rules.get(rule_id)
    found_rule: AclRedisRule | None = await client.acl.redis_rules.find("cache-read")
    assert found_rule == rule
    assert rule in rules
    wider = AclRedisRuleSpec(name="cache-read", redis_rule="+@read +@write ~cache:*")
    await wait_done(await client.acl.redis_rules.update(rule_id, wider))

    target = AclRoleDatabaseSpec(subscription_id=sid, database_id=db.database_id)
    binding = AclRoleRuleSpec(rule_name="cache-read", databases=[target])
    role_spec = AclRoleCreateSpec(name="reader", redis_rules=[binding])
    role_id = await wait_created(await client.acl.roles.create(role_spec))
    roles: list[AclRole] = await client.acl.roles.list()
    role: AclRole = await client.acl.roles.get(role_id)
    found_role: AclRole | None = await client.acl.roles.find("reader")
    assert found_role == role
    assert roles == [role]
    await wait_done(await client.acl.roles.update(role_id, AclRoleUpdateSpec(name="reader-2")))

    user_spec = AclUserCreateSpec(name="app", role="reader-2", password=PASSWORD)
    user_id = await wait_created(await client.acl.users.create(user_spec))
    users: list[AclUser] = await client.acl.users.list()
    user: AclUser = await client.acl.users.get(user_id)
    found_user: AclUser | None = await client.acl.users.find("app")
    assert_type(await client.acl.users.find("app"), AclUser | None)
    assert found_user == user
    assert users == [user]
    new_password = AclUserUpdateSpec(password="NewSecurePassword456!")
    await wait_done(await client.acl.users.update(user_id, new_password))

    await wait_done(await client.acl.users.delete(user_id, confirm=True))
    await wait_done(await client.acl.roles.delete(role_id, confirm=True))
    await wait_done(await client.acl.redis_rules.delete(rule_id, confirm=True))


# -- the account: reference data, logs, users, cloud accounts, cost reports -------------------
async def test_account(client: AsyncClient) -> None:
    account: AccountInfo = await client.account.get()
    regions: list[CloudRegion] = await client.account.regions()
    aws: list[CloudRegion] = await client.account.regions("AWS")
    modules: list[ModuleInfo] = await client.account.database_modules()
    persistence: list[DataPersistenceOption] = await client.account.data_persistence()
    cards: list[PaymentMethod] = await client.account.payment_methods()
    factors: list[str] = await client.account.query_performance_factors()
    assert account.id > 0
    assert 0 < len(aws) < len(regions)
    assert modules
    assert persistence
    assert cards
    assert factors

    since = datetime.now(UTC) - timedelta(days=1)
    sessions: list[SessionLogEntry] = [
        entry async for entry in client.account.session_logs(page_size=10, start_time=since)
    ]
    assert sessions


async def test_account_users(client: AsyncClient) -> None:
    invite = AccountUserInviteSpec(name="Jane", email="jane@example.com", role="member")
    user_id = await wait_created(await client.users.create(invite))
    users: list[AccountUser] = await client.users.list()
    jane: AccountUser = await client.users.get(user_id)
    found: AccountUser | None = await client.users.find("JANE@example.com")
    assert found == jane
    assert len(users) == 2
    since = datetime.now(UTC) - timedelta(days=1)
    system: AsyncIterator[SystemLogEntry] = client.account.logs(
        page_size=10, start_time=since, resource_id=user_id
    )
    [invited] = [entry async for entry in system]
    assert invited.resource_id == user_id
    promote = AccountUserUpdateSpec(name="Jane D.", role=AccountUserRole.VIEWER)
    await wait_done(await client.users.update(user_id, promote))
    await wait_done(await client.users.delete(user_id, confirm=True))


async def test_cloud_accounts(client: AsyncClient, fake: FakeRedisCloud) -> None:
    cloud_id = await wait_created(await client.cloud_accounts.create(cloud_account_spec("aws")))
    clouds: list[CloudAccount] = await client.cloud_accounts.list()
    cloud: CloudAccount = await client.cloud_accounts.get(cloud_id)
    found: CloudAccount | None = await client.cloud_accounts.find("aws")
    assert found == cloud
    assert cloud in clouds
    await settle(fake)  # a new cloud account is validated for a moment before it changes
    rotate = CloudAccountUpdateSpec(
        name="aws-2",
        access_key_id="AKIAIOSFODNN7NEWKEY",
        access_secret_key="newSecretKeyValue",
        console_username="redis-cloud-user",
        console_password=CONSOLE_PASSWORD,
    )
    await wait_done(await client.cloud_accounts.update(cloud_id, rotate))
    await wait_done(await client.cloud_accounts.delete(cloud_id, confirm=True))


async def test_cost_reports(client: AsyncClient) -> None:
    await active_pro(client, pro_plan("billed", "us-east-1"))
    today = datetime.now(UTC).date()
    period = CostReportCreateSpec(
        start_date=today - timedelta(days=7), end_date=today - timedelta(days=1), format="json"
    )
    task: Task = await wait_done(await client.cost_reports.create(period))
    report_id = (task.resource or {}).get("costReportId")
    assert isinstance(report_id, str)
    report: CostReport = await client.cost_reports.get(report_id)
    assert_type(await client.cost_reports.get(report_id), CostReport)
    generated: CostReport = await client.cost_reports.generate(period)
    rows: list[dict[str, Any]] = generated.rows()
    summaries: list[CostReportSummary] = await client.cost_reports.list()
    assert report.report_id == report_id
    assert rows == report.rows()
    assert {s.id for s in summaries} == {report_id, generated.report_id}
