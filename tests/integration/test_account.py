"""The account-level areas against the simulator: the account and its reference data,
system and session logs, account users, cloud accounts and cost reports."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime, timedelta

import pytest

from redis_cloud_async import (
    AsyncClient,
    CloudProviderSpec,
    ConfirmationRequiredError,
    NotFoundError,
    RegionSpec,
    SubscriptionCreateSpec,
    SubscriptionDatabaseSpec,
    TaskFailedError,
    ValidationError,
)
from redis_cloud_async.models import DataPersistence
from redis_cloud_async.models.cloud_accounts import CloudAccountCreateSpec, CloudAccountUpdateSpec
from redis_cloud_async.models.cost_reports import CostReportCreateSpec
from redis_cloud_async.models.users import (
    AccountUserInviteSpec,
    AccountUserRole,
    AccountUserUpdateSpec,
)
from redis_cloud_async.testing import FakeRedisCloud

KEY_ID = "AKIAIOSFODNN7EXAMPLE"
SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
CONSOLE_PASSWORD = "console-pa55word!"


async def _subscription(client: AsyncClient, name: str = "billed") -> int:
    spec = SubscriptionCreateSpec(
        name=name,
        cloud_providers=[CloudProviderSpec(regions=[RegionSpec(region="us-east-1")])],
        databases=[SubscriptionDatabaseSpec(name="cache", dataset_size_in_gb=1)],
    )
    task = await (await client.subscriptions.create(spec)).wait()
    assert task.resource_id is not None
    await client.subscriptions.wait_until_active(task.resource_id)
    return task.resource_id


async def _invite(client: AsyncClient, name: str, email: str, role: str = "member") -> int:
    spec = AccountUserInviteSpec(name=name, email=email, role=role)
    task = await (await client.users.create(spec)).wait()
    assert task.resource_id is not None
    return task.resource_id


# -- the account and its reference data -------------------------------------------------


async def test_the_account_and_its_api_key(client: AsyncClient) -> None:
    account = await client.account.get()
    assert account.id == 40131
    assert account.name
    assert account.created_timestamp is not None
    assert account.key is not None
    assert account.key.account_id == account.id
    assert account.key.allowed_source_ips == ["0.0.0.0/0"]
    assert account.key.owner is not None
    assert account.key.owner.email == "owner@example.com"


async def test_regions_of_all_providers_or_one(client: AsyncClient, fake: FakeRedisCloud) -> None:
    everything = await client.account.regions()
    assert {r.provider for r in everything} == {"AWS", "GCP"}
    aws = await client.account.regions("AWS")
    assert aws
    assert all(r.provider == "AWS" for r in aws)
    assert "us-east-1" in {r.name for r in aws}
    before = fake.stats.count()
    with pytest.raises(ValidationError) as info:
        await client.account.regions("Azure")
    assert info.value.field == "provider"
    assert fake.stats.count() == before


async def test_modules_persistence_payment_methods_and_query_factors(client: AsyncClient) -> None:
    modules = {m.name: m for m in await client.account.database_modules()}
    assert {"RedisJSON", "RediSearch", "RedisTimeSeries", "RedisBloom"} <= set(modules)
    assert modules["RedisJSON"].capability_name == "JSON"
    [documents] = modules["RediSearch"].parameters
    assert (documents.name, documents.type, documents.required) == (
        "number-of-documents",
        "integer",
        False,
    )

    persistence = [option.name for option in await client.account.data_persistence()]
    assert persistence == [p.value for p in DataPersistence]

    [card] = await client.account.payment_methods()
    assert card.id > 0
    assert (card.type, card.credit_card_ends_with) == ("Visa", 4242)

    factors = await client.account.query_performance_factors()
    assert factors[0] == "Standard"
    assert "2x" in factors


# -- logs -------------------------------------------------------------------------------


async def test_system_logs_are_fetched_page_by_page_until_the_404(
    client: AsyncClient, fake: FakeRedisCloud
) -> None:
    ids = [await _invite(client, f"user {i}", f"user{i}@example.com") for i in range(4)]
    entries = [entry async for entry in client.account.logs(page_size=2)]
    assert [e.resource_id for e in entries] == ids[::-1]  # newest first
    assert entries[0].description == "Invited user 3 (user3@example.com) to join team"
    assert entries[0].type == "Account"
    assert entries[0].time is not None
    # two full pages, then the 404 that ends the list (not an error)
    assert fake.stats.count("GET", "/logs", 200) == 2
    assert fake.stats.count("GET", "/logs", 404) == 1


async def test_logs_are_filtered_on_the_server(client: AsyncClient, fake: FakeRedisCloud) -> None:
    first = await _invite(client, "first", "first@example.com")
    await _invite(client, "second", "second@example.com")
    tomorrow = datetime.now(UTC) + timedelta(days=1)
    yesterday = datetime.now(UTC) - timedelta(days=1)
    by_resource = [e async for e in client.account.logs(resource_id=first)]
    assert [e.resource_id for e in by_resource] == [first]
    assert [e async for e in client.account.logs(start_time=tomorrow)] == []
    window = [e async for e in client.account.logs(start_time=yesterday, end_time=tomorrow)]
    assert len(window) == 2
    assert [s async for s in client.account.session_logs(end_time=yesterday)] == []
    assert len([s async for s in client.account.session_logs(start_time=yesterday)]) == 5
    sent = fake.stats.count()
    with pytest.raises(ValidationError, match="endTime"):
        client.account.logs(start_time=tomorrow, end_time=yesterday)
    assert fake.stats.count() == sent


async def test_session_logs(client: AsyncClient, fake: FakeRedisCloud) -> None:
    sessions = [s async for s in client.account.session_logs(page_size=2)]
    assert len(sessions) == 5
    assert {s.user for s in sessions} == {"owner@example.com"}
    assert all(s.ip_address and s.time for s in sessions)
    assert fake.stats.count("GET", "/session-logs", 200) == 3  # 2 + 2 + 1: the short page ends


async def test_log_page_sizes_are_checked_before_sending(
    client: AsyncClient, fake: FakeRedisCloud
) -> None:
    with pytest.raises(ValidationError) as info:
        [e async for e in client.account.session_logs(page_size=101)]
    assert info.value.field == "page_size"
    with pytest.raises(ValidationError):
        [e async for e in client.account.logs(page_size=0)]
    assert fake.stats.count() == 0


# -- account users ---------------------------------------------------------------------


async def test_account_users_are_invited_changed_and_removed(client: AsyncClient) -> None:
    users = client.users
    [owner] = await users.list()
    assert (owner.role, owner.email) == (AccountUserRole.OWNER, "owner@example.com")
    assert owner.options is not None

    jane = await _invite(client, "Jane Developer", "jane@example.com")
    invited = await users.get(jane)
    assert (invited.name, invited.role) == ("Jane Developer", AccountUserRole.MEMBER)
    assert await users.find("JANE@example.com") == invited
    assert len(await users.list()) == 2

    update = AccountUserUpdateSpec(name="Jane Senior Developer", role="viewer")
    await (await users.update(jane, update)).wait()
    changed = await users.get(jane)
    assert (changed.name, changed.role) == ("Jane Senior Developer", AccountUserRole.VIEWER)

    logs = AccountUserUpdateSpec(name="Jane Senior Developer", role="logs viewer")
    await (await users.update(jane, logs)).wait()
    assert (await users.get(jane)).role == AccountUserRole.LOGS_VIEWER

    with pytest.raises(ConfirmationRequiredError):
        await users.delete(jane)
    await (await users.delete(jane, confirm=True)).wait()
    with pytest.raises(NotFoundError):
        await users.get(jane)
    assert await users.list() == [owner]


async def test_you_cannot_remove_yourself_or_change_your_own_role(client: AsyncClient) -> None:
    [owner] = await client.users.list()
    with pytest.raises(TaskFailedError) as removed:
        await (await client.users.delete(owner.id, confirm=True)).wait()
    assert removed.value.error_type == "USER_CANNOT_DELETE_OWN_USER"
    spec = AccountUserUpdateSpec(name=owner.name or "me", role=AccountUserRole.VIEWER)
    with pytest.raises(TaskFailedError) as demoted:
        await (await client.users.update(owner.id, spec)).wait()
    assert demoted.value.error_type == "USER_CANNOT_UPDATE_IT_IS_OWN_ROLE"


async def test_an_email_is_invited_once(client: AsyncClient) -> None:
    from redis_cloud_async import ConflictError

    await _invite(client, "Jane", "jane@example.com")
    with pytest.raises(ConflictError):
        await client.users.create(AccountUserInviteSpec(name="Jane", email="jane@example.com"))


# -- cloud accounts ----------------------------------------------------------------------


def _cloud(name: str = "production-aws") -> CloudAccountCreateSpec:
    return CloudAccountCreateSpec(
        name=name,
        access_key_id=KEY_ID,
        access_secret_key=SECRET,
        console_username="redis-cloud-user",
        console_password=CONSOLE_PASSWORD,
        sign_in_login_url="https://123456789012.signin.aws.amazon.com/console",
    )


async def test_a_cloud_account_is_created_rotated_renamed_and_deleted(
    client: AsyncClient, fake: FakeRedisCloud, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="redis_cloud_async")
    clouds = client.cloud_accounts
    [internal] = await clouds.list()
    assert internal.name == "Redis Internal Resources"

    cloud_id = (await (await clouds.create(_cloud())).wait()).resource_id
    assert cloud_id is not None
    created = await clouds.get(cloud_id)
    assert (created.name, created.provider) == ("production-aws", "AWS")
    assert created.access_key_id == "A***E"  # masked by the service
    assert created.aws_user_arn is not None
    assert created.aws_user_arn.startswith("arn:aws:iam::")
    assert "A***E" not in repr(created)
    found = await clouds.find("production-aws")
    assert found is not None
    assert found.id == cloud_id

    # a new account is validated for a moment (pending), then it can be changed
    await asyncio.sleep(fake.durations.connectivity / fake.speed * 2)
    assert (await clouds.get(cloud_id)).status == "active"
    rotated = CloudAccountUpdateSpec(
        name="production-aws-renamed",
        access_key_id="AKIAIOSFODNN7NEWKEY",
        access_secret_key="newSecretKeyValue",
        console_username="redis-cloud-user",
        console_password=CONSOLE_PASSWORD,
    )
    await (await clouds.update(cloud_id, rotated)).wait()
    changed = await clouds.get(cloud_id)
    assert changed.name == "production-aws-renamed"
    assert changed.access_key_id == "A***Y"

    with pytest.raises(ConfirmationRequiredError):
        await clouds.delete(cloud_id)
    await (await clouds.delete(cloud_id, confirm=True)).wait()
    assert [c.id for c in await clouds.list()] == [internal.id]
    assert caplog.records
    for secret in (KEY_ID, SECRET, CONSOLE_PASSWORD, "newSecretKeyValue"):
        assert secret not in caplog.text


async def test_the_internal_cloud_account_stays(client: AsyncClient) -> None:
    [internal] = await client.cloud_accounts.list()
    with pytest.raises(TaskFailedError):
        await (await client.cloud_accounts.delete(internal.id, confirm=True)).wait()
    assert await client.cloud_accounts.get(internal.id) == internal


async def test_cloud_account_secrets_are_checked_without_being_shown_or_sent(
    client: AsyncClient, fake: FakeRedisCloud
) -> None:
    spec = _cloud()
    for secret in (KEY_ID, SECRET, CONSOLE_PASSWORD):
        assert secret not in repr(spec)
    object.__setattr__(spec, "access_key_id", "my-secret-value")
    with pytest.raises(ValidationError) as info:
        await client.cloud_accounts.create(spec)
    assert info.value.field == "CloudAccountCreateSpec.access_key_id"
    assert "my-secret-value" not in str(info.value)
    assert fake.stats.count() == 0


# -- cost reports --------------------------------------------------------------------------


def _period(**filters: object) -> CostReportCreateSpec:
    today = datetime.now(UTC).date()
    return CostReportCreateSpec(
        start_date=today - timedelta(days=7),
        end_date=today - timedelta(days=1),
        **filters,  # type: ignore[arg-type]
    )


async def test_a_cost_report_is_generated_listed_and_downloaded(client: AsyncClient) -> None:
    sub = await _subscription(client)
    handle = await client.cost_reports.create(_period())
    task = await handle.wait()
    report_id = (task.resource or {})["costReportId"]

    report = await client.cost_reports.get(report_id)
    assert report.format == "csv"
    assert report.filename == report_id
    [row] = report.rows()
    assert (row["SubAccountId"], row["ResourceName"], row["BillingCurrency"]) == (
        str(sub),
        "cache",
        "USD",
    )

    as_json = await client.cost_reports.generate(_period(format="json"))
    assert as_json.format == "json"
    assert [r["ResourceName"] for r in as_json.rows()] == ["cache"]
    assert isinstance(as_json.rows()[0]["BilledCost"], float)

    listed = {r.id: r for r in await client.cost_reports.list()}
    assert set(listed) == {report_id, as_json.report_id}
    assert listed[report_id].format == "csv"
    assert listed[report_id].start_date == str(_period().start_date)


async def test_cost_report_filters(client: AsyncClient) -> None:
    sub = await _subscription(client)
    mine = await client.cost_reports.generate(_period(format="json", subscription_ids=[sub]))
    assert len(mine.rows()) == 1
    essentials = await client.cost_reports.generate(
        _period(format="json", subscription_type="essentials")
    )
    assert essentials.rows() == []
    elsewhere = await client.cost_reports.generate(_period(format="json", regions=["eu-west-1"]))
    assert elsewhere.rows() == []


async def test_cost_report_errors(client: AsyncClient, fake: FakeRedisCloud) -> None:
    with pytest.raises(NotFoundError):
        await client.cost_reports.get("cost-report-does-not-exist")
    future = datetime.now(UTC).date() + timedelta(days=3)
    with pytest.raises(TaskFailedError) as info:
        await client.cost_reports.generate(CostReportCreateSpec(start_date=future, end_date=future))
    assert info.value.error_type == "COST_REPORT_FUTURE_DATES_NOT_ALLOWED"

    spec = _period()
    object.__setattr__(spec, "end_date", "2999-01-01")
    posts = fake.stats.count("POST")
    with pytest.raises(ValidationError) as too_long:
        await client.cost_reports.create(spec)
    assert too_long.value.field == "CostReportCreateSpec.end_date"
    assert fake.stats.count("POST") == posts
