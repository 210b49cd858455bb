"""Specs of the account-level areas (RBAC, cloud accounts, account users, cost reports)
check the guide's rules locally, name the field, and keep secrets out of reprs."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

import pytest

from redis_cloud_async import ValidationError
from redis_cloud_async._converter import make_converter
from redis_cloud_async.models import Tag
from redis_cloud_async.models.acl import (
    AclRedisRuleSpec,
    AclRoleCreateSpec,
    AclRoleDatabaseSpec,
    AclRoleRuleSpec,
    AclRoleUpdateSpec,
    AclUserCreateSpec,
    AclUserUpdateSpec,
)
from redis_cloud_async.models.cloud_accounts import CloudAccountCreateSpec, CloudAccountUpdateSpec
from redis_cloud_async.models.cost_reports import CostReport, CostReportCreateSpec
from redis_cloud_async.models.users import (
    AccountUserInviteSpec,
    AccountUserRole,
    AccountUserUpdateSpec,
)

KEY_ID = "AKIAIOSFODNN7EXAMPLE"
SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
CONSOLE_PASSWORD = "console-pa55word!"
SIGN_IN = "https://123456789012.signin.aws.amazon.com/console"


def _cloud(**changes: Any) -> CloudAccountCreateSpec:
    fields: dict[str, Any] = {
        "name": "production-aws",
        "access_key_id": KEY_ID,
        "access_secret_key": SECRET,
        "console_username": "redis-cloud-user",
        "console_password": CONSOLE_PASSWORD,
        "sign_in_login_url": SIGN_IN,
        **changes,
    }
    return CloudAccountCreateSpec(**fields)


def _role(**changes: Any) -> AclRoleCreateSpec:
    fields: dict[str, Any] = {
        "name": "cache-reader",
        "redis_rules": [
            AclRoleRuleSpec(
                rule_name="Read-Only",
                databases=[AclRoleDatabaseSpec(subscription_id=12345, database_id=67890)],
            )
        ],
        **changes,
    }
    return AclRoleCreateSpec(**fields)


INVALID: list[tuple[str, Callable[[], object]]] = [
    ("AclRedisRuleSpec.name", lambda: AclRedisRuleSpec(name=" ", redis_rule="+@read ~*")),
    ("AclRedisRuleSpec.redis_rule", lambda: AclRedisRuleSpec(name="r", redis_rule="")),
    ("AclRedisRuleSpec.redis_rule", lambda: AclRedisRuleSpec(name="r", redis_rule="read ~*")),
    ("AclRedisRuleSpec.redis_rule", lambda: AclRedisRuleSpec(name="r", redis_rule="+@ ~*")),
    ("AclRedisRuleSpec.redis_rule", lambda: AclRedisRuleSpec(name="r", redis_rule="+get ~")),
    ("AclRedisRuleSpec.redis_rule", lambda: AclRedisRuleSpec(name="r", redis_rule="on +@all ~*")),
    ("AclRedisRuleSpec.redis_rule", lambda: AclRedisRuleSpec(name="r", redis_rule="+@all >pw1")),
    ("AclRedisRuleSpec.redis_rule", lambda: AclRedisRuleSpec(name="r", redis_rule="nopass ~*")),
    ("AclRoleCreateSpec.name", lambda: _role(name="")),
    ("AclRoleCreateSpec.redis_rules", lambda: _role(redis_rules=[])),
    ("AclRoleRuleSpec.rule_name", lambda: AclRoleRuleSpec(rule_name="", databases=[])),
    ("AclRoleRuleSpec.databases", lambda: AclRoleRuleSpec(rule_name="Read-Only", databases=[])),
    (
        "AclRoleDatabaseSpec.subscription_id",
        lambda: AclRoleDatabaseSpec(subscription_id=0, database_id=1),
    ),
    (
        "AclRoleDatabaseSpec.database_id",
        lambda: AclRoleDatabaseSpec(subscription_id=1, database_id=-4),
    ),
    (
        "AclRoleDatabaseSpec.regions[1]",
        lambda: AclRoleDatabaseSpec(subscription_id=1, database_id=1, regions=["us-east-1", ""]),
    ),
    ("AclRoleUpdateSpec", lambda: AclRoleUpdateSpec()),
    ("AclRoleUpdateSpec.redis_rules", lambda: AclRoleUpdateSpec(redis_rules=[])),
    (
        "AclUserCreateSpec.name",
        lambda: AclUserCreateSpec(name="app user", role="r", password="Secure-pass-1"),
    ),
    (
        "AclUserCreateSpec.name",
        lambda: AclUserCreateSpec(name="default", role="r", password="Secure-pass-1"),
    ),
    (
        "AclUserCreateSpec.password",
        lambda: AclUserCreateSpec(name="app-user", role="r", password="short"),
    ),
    (
        "AclUserCreateSpec.password",
        lambda: AclUserCreateSpec(name="app-user", role="r", password="x" * 129),
    ),
    ("AclUserCreateSpec.role", lambda: AclUserCreateSpec(name="u", role=" ", password="x" * 8)),
    ("AclUserUpdateSpec", lambda: AclUserUpdateSpec()),
    ("AclUserUpdateSpec.password", lambda: AclUserUpdateSpec(password="1234567")),
    ("CloudAccountCreateSpec.name", lambda: _cloud(name="")),
    ("CloudAccountCreateSpec.access_key_id", lambda: _cloud(access_key_id="akia-lowercase")),
    ("CloudAccountCreateSpec.access_key_id", lambda: _cloud(access_key_id="AKIA123")),
    ("CloudAccountCreateSpec.access_secret_key", lambda: _cloud(access_secret_key="")),
    ("CloudAccountCreateSpec.console_password", lambda: _cloud(console_password="")),
    (
        "CloudAccountCreateSpec.sign_in_login_url",
        lambda: _cloud(sign_in_login_url="http://123456789012.signin.aws.amazon.com/console"),
    ),
    ("CloudAccountCreateSpec.provider", lambda: _cloud(provider="Azure")),
    (
        "CloudAccountUpdateSpec.access_key_id",
        lambda: CloudAccountUpdateSpec(
            access_key_id="short",
            access_secret_key=SECRET,
            console_username="u",
            console_password=CONSOLE_PASSWORD,
        ),
    ),
    ("AccountUserUpdateSpec.name", lambda: AccountUserUpdateSpec(name="")),
    ("AccountUserUpdateSpec.role", lambda: AccountUserUpdateSpec(name="Jane", role="superuser")),
    ("AccountUserInviteSpec.email", lambda: AccountUserInviteSpec(name="J", email="jane@")),
    (
        "AccountUserInviteSpec.role",
        lambda: AccountUserInviteSpec(name="J", email="j@x.io", role="x"),
    ),
    (
        "CostReportCreateSpec.start_date",
        lambda: CostReportCreateSpec(start_date="01/10/2025", end_date="2025-10-31"),
    ),
    (
        "CostReportCreateSpec.end_date",
        lambda: CostReportCreateSpec(start_date="2025-10-01", end_date="2025-02-30"),
    ),
    (
        "CostReportCreateSpec.end_date",
        lambda: CostReportCreateSpec(start_date="2025-10-10", end_date="2025-10-01"),
    ),
    (
        "CostReportCreateSpec.end_date",
        lambda: CostReportCreateSpec(start_date="2025-10-01", end_date="2025-11-11"),
    ),
    (
        "CostReportCreateSpec.format",
        lambda: CostReportCreateSpec(start_date="2025-10-01", end_date="2025-10-02", format="pdf"),
    ),
    (
        "CostReportCreateSpec.subscription_type",
        lambda: CostReportCreateSpec(
            start_date="2025-10-01", end_date="2025-10-02", subscription_type="free"
        ),
    ),
    (
        "CostReportCreateSpec.subscription_ids[0]",
        lambda: CostReportCreateSpec(
            start_date="2025-10-01", end_date="2025-10-02", subscription_ids=[0]
        ),
    ),
]


@pytest.mark.parametrize(("field", "build"), INVALID, ids=[f for f, _ in INVALID])
def test_invalid_specs_name_the_field(field: str, build: Callable[[], object]) -> None:
    with pytest.raises(ValidationError) as info:
        build()
    assert info.value.field == field
    assert field in str(info.value)


@pytest.mark.parametrize(
    "rule",
    [
        "+@read ~cache:*",
        "+@all  ~*",
        "+@all -@dangerous ~*",
        "+get +mget +hget +hgetall ~*",
        "+@pubsub &notifications:*",
        "+set allkeys allchannels",
        "+config|get %R~logs:* %RW~app:*",
    ],
)
def test_the_guides_acl_rules_are_accepted(rule: str) -> None:
    assert AclRedisRuleSpec(name="r", redis_rule=rule).redis_rule == rule


def test_a_bad_acl_token_is_named() -> None:
    with pytest.raises(ValidationError, match="'read'"):
        AclRedisRuleSpec(name="r", redis_rule="+@all read ~*")


def test_secrets_stay_out_of_reprs_and_errors() -> None:
    cloud = _cloud()
    user = AclUserCreateSpec(name="app-user", role="r", password="SecurePassword123!")
    for secret in (KEY_ID, SECRET, CONSOLE_PASSWORD):
        assert secret not in repr(cloud)
    assert "SecurePassword123!" not in repr(user)
    assert "SecurePassword123!" not in repr(AclUserUpdateSpec(password="SecurePassword123!"))
    with pytest.raises(ValidationError) as info:
        _cloud(access_key_id="not-a-key-but-a-secret")
    assert "not-a-key-but-a-secret" not in str(info.value)


def test_gcp_cloud_accounts_skip_the_aws_formats() -> None:
    spec = _cloud(provider="GCP", access_key_id="gcp-key", sign_in_login_url="https://gcp")
    assert spec.provider == "GCP"


def test_bodies_use_the_published_names() -> None:
    conv = make_converter()
    assert conv.unstructure(AclRedisRuleSpec(name="r", redis_rule="+@read ~*")) == {
        "name": "r",
        "redisRule": "+@read ~*",
    }
    assert conv.unstructure(_role()) == {
        "name": "cache-reader",
        "redisRules": [
            {"ruleName": "Read-Only", "databases": [{"subscriptionId": 12345, "databaseId": 67890}]}
        ],
    }
    assert conv.unstructure(_cloud()) == {
        "name": "production-aws",
        "accessKeyId": KEY_ID,
        "accessSecretKey": SECRET,
        "consoleUsername": "redis-cloud-user",
        "consolePassword": CONSOLE_PASSWORD,
        "signInLoginUrl": SIGN_IN,
    }
    report = CostReportCreateSpec(
        start_date=date(2025, 10, 1),
        end_date=datetime(2025, 11, 6, 12, 30),
        format="json",
        subscription_type="pro",
        tags=[Tag(key="team", value="payments")],
    )
    assert conv.unstructure(report) == {
        "startDate": "2025-10-01",
        "endDate": "2025-11-06",
        "format": "json",
        "subscriptionType": "pro",
        "tags": [{"key": "team", "value": "payments"}],
    }


@pytest.mark.parametrize(
    ("given", "sent"),
    [
        ("owner", "Owner"),
        ("viewer", "Viewer"),
        ("Billing Admin", "Billing Admin"),
        ("logs viewer", "Logs Viewer (API use only)"),
        (AccountUserRole.MANAGER, "Manager"),
    ],
)
def test_account_user_roles_take_the_guides_spelling(given: str, sent: str) -> None:
    spec = AccountUserUpdateSpec(name="Jane", role=given)
    assert make_converter().unstructure(spec) == {"name": "Jane", "role": sent}


def test_cost_report_rows_from_csv_and_json() -> None:
    csv_report = CostReport(
        report_id="r", content=b"ResourceId,BilledCost\r\n7,1.24\r\n", media_type="text/csv"
    )
    assert csv_report.format == "csv"
    assert csv_report.rows() == [{"ResourceId": "7", "BilledCost": "1.24"}]
    json_report = CostReport(report_id="r", content=b'[{"BilledCost": 1.24}]')
    assert json_report.format == "json"
    assert json_report.rows() == [{"BilledCost": 1.24}]
    assert CostReport(report_id="r", content=b"").rows() == []
