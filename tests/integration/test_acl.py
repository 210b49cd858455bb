"""`client.acl` against the simulator: Redis ACL rules, database access roles and ACL
users created, listed, changed and deleted, and the rules that bind them together."""

from __future__ import annotations

import logging

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
from redis_cloud_async._http import httpx
from redis_cloud_async.models.acl import (
    AclRedisRuleSpec,
    AclRoleCreateSpec,
    AclRoleDatabaseSpec,
    AclRoleRuleSpec,
    AclRoleUpdateSpec,
    AclUserCreateSpec,
    AclUserUpdateSpec,
)
from redis_cloud_async.testing import FakeRedisCloud
from redis_cloud_async.testing.frontend.transport import asgi_transport

PASSWORD = "SecurePassword123!"


async def _database(client: AsyncClient, name: str = "acl-sub") -> tuple[int, int]:
    """An active Pro subscription with one database: (subscription id, database id)."""
    spec = SubscriptionCreateSpec(
        name=name,
        cloud_providers=[CloudProviderSpec(regions=[RegionSpec(region="us-east-1")])],
        databases=[SubscriptionDatabaseSpec(name="cache", dataset_size_in_gb=1)],
    )
    task = await (await client.subscriptions.create(spec)).wait()
    assert task.resource_id is not None
    await client.subscriptions.wait_until_active(task.resource_id)
    [db] = await client.databases.list(task.resource_id)
    return task.resource_id, db.database_id


async def _rule(client: AsyncClient, name: str, acl: str) -> int:
    task = await (
        await client.acl.redis_rules.create(AclRedisRuleSpec(name=name, redis_rule=acl))
    ).wait()
    assert task.resource_id is not None
    return task.resource_id


def _role_spec(name: str, rule: str, sub: int, db: int) -> AclRoleCreateSpec:
    target = AclRoleDatabaseSpec(subscription_id=sub, database_id=db)
    return AclRoleCreateSpec(
        name=name, redis_rules=[AclRoleRuleSpec(rule_name=rule, databases=[target])]
    )


# -- Redis ACL rules --------------------------------------------------------------------


async def test_the_default_rules_are_listed_and_got_by_id_from_the_list(
    client: AsyncClient, fake: FakeRedisCloud
) -> None:
    rules = await client.acl.redis_rules.list()
    assert {r.name: r.acl for r in rules} == {
        "Full-Access": "+@all  ~*",
        "Read-Write": "+@all -@dangerous ~*",
        "Read-Only": "+@read ~*",
    }
    assert all(r.is_default for r in rules)
    read_only = next(r for r in rules if r.name == "Read-Only")
    assert await client.acl.redis_rules.get(read_only.id) == read_only
    with pytest.raises(NotFoundError) as info:
        await client.acl.redis_rules.get(999_999)
    assert info.value.path == "/acl/redisRules/999999"
    # served from the published list: the guide-only route is never needed
    assert fake.stats.count("GET", "/acl/redisRules/{aclRedisRuleId}") == 0


async def test_a_rule_is_created_found_updated_and_deleted(client: AsyncClient) -> None:
    rules = client.acl.redis_rules
    rule_id = await _rule(client, "read-only-cache", "+@read ~cache:*")
    found = await rules.find("read-only-cache")
    assert found is not None
    assert (found.id, found.acl, found.is_default) == (rule_id, "+@read ~cache:*", False)

    spec = AclRedisRuleSpec(name="read-write-cache", redis_rule="+@read +@write ~cache:*")
    await (await rules.update(rule_id, spec)).wait()
    changed = await rules.get(rule_id)
    assert (changed.name, changed.acl) == ("read-write-cache", "+@read +@write ~cache:*")
    assert await rules.find("read-only-cache") is None

    with pytest.raises(ConfirmationRequiredError):
        await rules.delete(rule_id)
    await (await rules.delete(rule_id, confirm=True)).wait()
    assert rule_id not in [r.id for r in await rules.list()]


async def test_default_rules_cannot_change(client: AsyncClient) -> None:
    full = await client.acl.redis_rules.find("Full-Access")
    assert full is not None
    spec = AclRedisRuleSpec(name="Full-Access", redis_rule="+@read ~*")
    with pytest.raises(TaskFailedError) as info:
        await (await client.acl.redis_rules.update(full.id, spec)).wait()
    assert info.value.error_type == "ACL_REDIS_RULE_CANNOT_UPDATE_DEFAULT"
    with pytest.raises(TaskFailedError) as deleted:
        await (await client.acl.redis_rules.delete(full.id, confirm=True)).wait()
    assert deleted.value.error_type == "ACL_REDIS_RULE_CANNOT_DELETE_DEFAULT"


async def test_a_duplicate_rule_name_is_a_conflict(client: AsyncClient) -> None:
    from redis_cloud_async import ConflictError

    with pytest.raises(ConflictError):
        await client.acl.redis_rules.create(
            AclRedisRuleSpec(name="Read-Only", redis_rule="+get ~*")
        )


# -- roles ----------------------------------------------------------------------------


async def test_a_role_binds_a_rule_to_a_database(client: AsyncClient, fake: FakeRedisCloud) -> None:
    sub, db = await _database(client)
    await _rule(client, "cache-read", "+@read ~cache:*")
    task = await (
        await client.acl.roles.create(_role_spec("cache-reader", "cache-read", sub, db))
    ).wait()
    role_id = task.resource_id
    assert role_id is not None

    [listed] = await client.acl.roles.list()
    assert listed.id == role_id
    assert listed.name == "cache-reader"
    [bound] = listed.redis_rules
    assert bound.rule_name == "cache-read"
    assert [(d.subscription_id, d.database_id, d.database_name) for d in bound.databases] == [
        (sub, db, "cache")
    ]
    assert listed.users == []
    assert await client.acl.roles.get(role_id) == listed
    assert await client.acl.roles.find("cache-reader") == listed
    with pytest.raises(NotFoundError):
        await client.acl.roles.get(role_id + 1000)
    assert fake.stats.count("GET", "/acl/roles/{aclRoleId}") == 0


async def test_a_role_is_renamed_given_other_rules_and_deleted(client: AsyncClient) -> None:
    sub, db = await _database(client)
    roles = client.acl.roles
    role_id = (
        await (await roles.create(_role_spec("r1", "Read-Only", sub, db))).wait()
    ).resource_id
    assert role_id is not None

    await (await roles.update(role_id, AclRoleUpdateSpec(name="r2"))).wait()
    assert (await roles.get(role_id)).name == "r2"

    rules = [
        AclRoleRuleSpec(
            rule_name="Read-Write",
            databases=[AclRoleDatabaseSpec(subscription_id=sub, database_id=db)],
        )
    ]
    await (await roles.update(role_id, AclRoleUpdateSpec(redis_rules=rules))).wait()
    assert [r.rule_name for r in (await roles.get(role_id)).redis_rules] == ["Read-Write"]

    with pytest.raises(ConfirmationRequiredError):
        await roles.delete(role_id)
    await (await roles.delete(role_id, confirm=True)).wait()
    assert await roles.list() == []


async def test_a_role_on_a_missing_database_fails_with_the_services_code(
    client: AsyncClient,
) -> None:
    sub, _ = await _database(client)
    spec = _role_spec("nowhere", "Read-Only", sub, 424242)
    with pytest.raises(TaskFailedError) as info:
        await (await client.acl.roles.create(spec)).wait()
    assert info.value.error_type == "DATABASE_NOT_FOUND"


async def test_a_role_on_a_missing_subscription_fails_on_the_subscription_first(
    client: AsyncClient,
) -> None:
    """The service checks the subscription before its database (issue 16.6)."""
    spec = _role_spec("nowhere", "Read-Only", 424242, 1)
    with pytest.raises(TaskFailedError) as info:
        await (await client.acl.roles.create(spec)).wait()
    assert info.value.error_type == "SUBSCRIPTION_NOT_FOUND"


# -- users ----------------------------------------------------------------------------


async def test_an_acl_user_is_created_changed_and_deleted(client: AsyncClient) -> None:
    sub, db = await _database(client)
    for name in ("readers", "writers"):
        await (await client.acl.roles.create(_role_spec(name, "Read-Only", sub, db))).wait()
    users = client.acl.users

    spec = AclUserCreateSpec(name="app-user", role="readers", password=PASSWORD)
    user_id = (await (await users.create(spec)).wait()).resource_id
    assert user_id is not None
    user = await users.get(user_id)
    assert (user.name, user.role, user.status) == ("app-user", "readers", "active")
    assert await users.list() == [user]
    assert await users.find("app-user") == user
    readers = await client.acl.roles.find("readers")
    assert readers is not None
    assert [(u.id, u.name) for u in readers.users] == [(user_id, "app-user")]

    update = AclUserUpdateSpec(role="writers", password="NewSecurePassword456!")
    await (await users.update(user_id, update)).wait()
    assert (await users.get(user_id)).role == "writers"

    with pytest.raises(ConfirmationRequiredError):
        await users.delete(user_id)
    await (await users.delete(user_id, confirm=True)).wait()
    with pytest.raises(NotFoundError):
        await users.get(user_id)


async def test_what_is_in_use_cannot_be_deleted(client: AsyncClient) -> None:
    sub, db = await _database(client)
    rule_id = await _rule(client, "mine", "+@read ~app:*")
    role_id = (
        await (await client.acl.roles.create(_role_spec("app", "mine", sub, db))).wait()
    ).resource_id
    assert role_id is not None
    await (
        await client.acl.users.create(AclUserCreateSpec(name="app", role="app", password=PASSWORD))
    ).wait()

    with pytest.raises(TaskFailedError) as role_in_use:
        await (await client.acl.roles.delete(role_id, confirm=True)).wait()
    assert role_in_use.value.error_type == "ACL_ROLE_HAS_ACTIVE_USERS_AND_CANNOT_BE_DELETED"
    with pytest.raises(TaskFailedError) as rule_in_use:
        await (await client.acl.redis_rules.delete(rule_id, confirm=True)).wait()
    assert rule_in_use.value.error_type == "ACL_REDIS_RULE_CANNOT_DELETE_WHEN_ASSOCIATED_WITH_ROLES"


async def test_a_user_with_an_unknown_role_fails(client: AsyncClient) -> None:
    spec = AclUserCreateSpec(name="ghost", role="no-such-role", password=PASSWORD)
    with pytest.raises(TaskFailedError) as info:
        await (await client.acl.users.create(spec)).wait()
    assert info.value.error_type == "ACL_ROLE_DOES_NOT_EXISTS"


# -- nothing sent when a rule is broken or a confirmation is missing ---------------------


async def test_broken_specs_and_missing_confirmations_send_nothing(
    client: AsyncClient, fake: FakeRedisCloud
) -> None:
    rule = AclRedisRuleSpec(name="r", redis_rule="+@read ~*")
    object.__setattr__(rule, "redis_rule", "+@read >password")  # bypass the frozen class
    with pytest.raises(ValidationError) as info:
        await client.acl.redis_rules.create(rule)
    assert info.value.field == "AclRedisRuleSpec.redis_rule"

    user = AclUserUpdateSpec(password=PASSWORD)
    object.__setattr__(user, "password", "short")
    with pytest.raises(ValidationError) as short:
        await client.acl.users.update(1, user)
    assert short.value.field == "AclUserUpdateSpec.password"
    assert "short" not in str(short.value)

    for delete in (
        client.acl.redis_rules.delete,
        client.acl.roles.delete,
        client.acl.users.delete,
    ):
        with pytest.raises(ConfirmationRequiredError):
            await delete(1)
    assert fake.stats.count() == 0


async def test_passwords_never_reach_the_logs(
    client: AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    sub, db = await _database(client)
    await (await client.acl.roles.create(_role_spec("r", "Read-Only", sub, db))).wait()
    caplog.set_level(logging.DEBUG, logger="redis_cloud_async")
    spec = AclUserCreateSpec(name="logged", role="r", password=PASSWORD)
    assert PASSWORD not in repr(spec)
    user_id = (await (await client.acl.users.create(spec)).wait()).resource_id
    assert user_id is not None
    await (
        await client.acl.users.update(user_id, AclUserUpdateSpec(password=PASSWORD + "2"))
    ).wait()
    assert caplog.records
    assert PASSWORD not in caplog.text


async def test_the_simulator_answers_the_guide_only_routes(fake: FakeRedisCloud) -> None:
    headers = {"x-api-key": fake.api_key, "x-api-secret-key": fake.api_secret}
    async with httpx.AsyncClient(
        transport=asgi_transport(fake.app), base_url="http://localhost/v1", headers=headers
    ) as http:
        rules = (await http.get("/acl/redisRules")).json()["redisRules"]
        one = await http.get(f"/acl/redisRules/{rules[0]['id']}")
        assert one.status_code == 200
        assert one.json() == rules[0]
        assert (await http.get("/acl/roles/999")).status_code == 404
