"""The models hold every field the service's answers carry (issue 16.11-16.12).

The answers below have the shape of the service's answers recorded in the official Go
SDK's tests (values are ours): the strict converter, which refuses a field a model does
not declare, decodes each of them. And every enum-typed field of every model keeps a
value it does not know in production, while the strict converter refuses it.
"""

from __future__ import annotations

import enum
import json
import typing
from typing import Any

import attrs
import pytest

from redis_cloud_async._converter import make_converter
from redis_cloud_async._decode import decode
from redis_cloud_async._errors import DecodeError
from redis_cloud_async.models import (
    Database,
    EssentialsDatabase,
    ImportStatus,
    PaymentMethod,
    PeeringCidr,
    PrivateLinkConfig,
    PrivateLinkEndpointScript,
    PrivateLinkStatus,
    Subscription,
    Task,
)
from redis_cloud_async.models._base import Model, json_name
from tests.helpers.ci import unavailable
from tests.helpers.contract import DOCUMENT

STRICT = make_converter(strict=True)
LENIENT = make_converter(strict=False)

ACTIVE_ACTIVE_DATABASE: dict[str, Any] = {
    "databaseId": 1466,
    "name": "aa-db",
    "protocol": "redis",
    "status": "active",
    "activeActiveRedis": True,
    "globalDataPersistence": "none",
    "globalSourceIp": ["0.0.0.0/0"],
    "globalPassword": "global-secret-1",
    "globalEnableDefaultUser": True,
    "globalAlerts": [{"name": "dataset-size", "value": 80}],
    "globalModules": [],
    "prometheusEndpoint": "internal.c1.us-east-1.example:8070",
    "replicaOf": {"endpoints": ["redis://source.example:12000"]},
    "crdbDatabases": [
        {
            "provider": "AWS",
            "region": "us-east-1",
            "redisVersionCompliance": "7.2.4",
            "respVersion": "resp2",
            "queryPerformanceFactor": "Standard",
            "alerts": [
                {"id": "51054122-2", "name": "dataset-size", "value": 80, "defaultValue": 80}
            ],
            "backup": {
                "enableRemoteBackup": True,
                "interval": "every-12-hours",
                "timeUTC": "10:00",
            },
            "links": [],
        }
    ],
}
ESSENTIALS_DATABASE: dict[str, Any] = {
    "databaseId": 51055029,
    "name": "fixed-db",
    "replicaOf": None,
    "replica": None,
    "backup": {"remoteBackupEnabled": False, "status": "idle"},
    "alerts": [{"name": "datasets-size", "value": 80, "defaultValue": 80}],
}
SUBSCRIPTION: dict[str, Any] = {
    "id": 111478,
    "name": "sub",
    "status": "active",
    "cloudDetails": [
        {
            "provider": "AWS",
            "cloudAccountId": 1,
            "totalSizeInGb": 1.5,
            "resourceTags": [{"key": "team", "value": "core"}],
            "regions": [],
        }
    ],
}


def test_an_active_active_database_decodes_strictly() -> None:
    db = STRICT.structure(ACTIVE_ACTIVE_DATABASE, Database)
    region = db.crdb_databases[0]
    assert (region.alerts[0].id, region.alerts[0].default_value) == ("51054122-2", 80)
    assert region.backup is not None
    assert (region.backup.interval, region.backup.time_utc) == ("every-12-hours", "10:00")
    assert (db.global_data_persistence, db.global_source_ip) == ("none", ["0.0.0.0/0"])
    assert db.global_alerts[0].value == 80
    assert db.prometheus_endpoint == "internal.c1.us-east-1.example:8070"
    assert db.replica_of is not None
    assert db.replica_of.endpoints == ["redis://source.example:12000"]
    assert "global-secret-1" not in repr(db)


def test_an_essentials_database_decodes_strictly() -> None:
    db = STRICT.structure(ESSENTIALS_DATABASE, EssentialsDatabase)
    assert db.backup is not None
    assert (db.backup.status, db.replica_of) == ("idle", None)
    assert db.alerts[0].default_value == 80


def test_the_other_recorded_fields_decode_strictly() -> None:
    sub = STRICT.structure(SUBSCRIPTION, Subscription)
    assert sub.cloud_details[0].resource_tags[0].key == "team"
    failed = STRICT.structure({"status": "failed", "failureReason": "file not found"}, ImportStatus)
    assert failed.failure_reason == "file not found"
    script = {"resourceEndpointScript": "#!/bin/sh", "terraformAwsScript": "resource {}"}
    assert STRICT.structure(script, PrivateLinkEndpointScript).terraform_aws_script
    card = {"id": 2, "type": "Visa", "creditCardEndsWith": 9349}
    assert STRICT.structure(card, PaymentMethod).credit_card_ends_with == 9349
    assert STRICT.structure({"vpcCidr": "10.0.0.0/16", "active": "active"}, PeeringCidr).active
    link = STRICT.structure({"status": "received", "links": []}, PrivateLinkConfig)
    assert link.status == PrivateLinkStatus.RECEIVED
    task = {
        "taskId": "4e62bd68-06ce-4207-91cd-62b9d8b60dff",
        "status": "processing-error",
        "response": {
            "error": {"type": "ACL_USER_PASSWORD_NOT_VALID", "status": "400 BAD_REQUEST"},
            "additionalInfo": "cluster-user-password-wrong-pattern",
        },
    }
    decoded = STRICT.structure(task, Task)
    assert decoded.response is not None
    assert decoded.response.additional_info == "cluster-user-password-wrong-pattern"


# -- enums: production keeps a new value, the strict converter reports it ---------------
def _enum_of(annotation: Any) -> type[enum.Enum] | None:
    for arg in typing.get_args(annotation):
        found = _enum_of(arg)
        if found is not None:
            return found
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return annotation
    return None


def _enum_fields() -> list[Any]:
    import redis_cloud_async.models as models

    cases = []
    for name, cls in sorted(vars(models).items()):
        if not (isinstance(cls, type) and issubclass(cls, Model)) or cls is Model:
            continue
        hints = typing.get_type_hints(cls)
        for field in attrs.fields(cls):
            kind = _enum_of(hints[field.name])
            if kind is not None and typing.get_origin(hints[field.name]) is not list:
                cases.append(pytest.param(cls, field, id=f"{name}.{field.name}"))
    return cases


@pytest.mark.parametrize(("cls", "field"), _enum_fields())
def test_a_new_enum_value_is_kept_in_production_and_refused_when_strict(
    cls: type[Model], field: attrs.Attribute[Any]
) -> None:
    required = {
        json_name(f): 1 if f.type in ("int", int) else "x"
        for f in attrs.fields(cls)
        if f.default is attrs.NOTHING
    }
    data = {**required, json_name(field): "a-value-from-next-year"}
    kept = LENIENT.structure(data, cls)
    assert getattr(kept, field.name) == "a-value-from-next-year"
    where = rf"\$\.({json_name(field)}|{field.name})\b"  # the field, by either name
    with pytest.raises(DecodeError, match=where):
        decode(STRICT, data, cls, method="GET", path="/x")


# -- the published document: every property and example of an answer's schema -------------
#: The model that decodes each answer schema of the published document.
SCHEMA_MODELS = {
    "ACLUser": "AclUser",
    "AccountACLRedisRules": "AclRedisRuleList",
    "AccountACLRoles": "AclRoleList",
    "AccountACLUsers": "AclUserList",
    "AccountFixedSubscriptionDatabases": "EssentialsDatabaseList",
    "AccountSessionLogEntry": "SessionLogEntry",
    "AccountSubscriptionDatabases": "DatabaseList",
    "AccountSubscriptions": "SubscriptionList",
    "AccountSystemLogEntry": "SystemLogEntry",
    "AccountUser": "AccountUser",
    "AccountUserOptions": "AccountUserOptions",
    "AccountUsers": "AccountUserList",
    "ActiveActiveSubscriptionRegions": "ActiveActiveRegions",
    "BdbAvailableVersionsResponse": "TargetVersions",
    "BdbVersionUpgradeStatus": "UpgradeStatus",
    "CloudAccount": "CloudAccount",
    "CloudAccounts": "CloudAccountList",
    "CloudTag": "DatabaseTag",
    "CloudTags": "DatabaseTags",
    "DataPersistenceEntry": "DataPersistenceOption",
    "Database": "Database",
    "DatabaseCertificate": "DatabaseCertificate",
    "DatabaseSlowLogEntries": "SlowLog",
    "DatabaseSlowLogEntry": "SlowLogEntry",
    "DatabaseTrafficStateResponse": "TrafficState",
    "FixedDatabase": "EssentialsDatabase",
    "FixedSubscription": "EssentialsSubscription",
    "FixedSubscriptions": "EssentialsSubscriptionList",
    "FixedSubscriptionsPlan": "EssentialsPlan",
    "FixedSubscriptionsPlans": "EssentialsPlanList",
    "MaintenanceWindow": "MaintenanceWindow",
    "MaintenanceWindowSkipStatus": "MaintenanceWindowSkipStatus",
    "Module": "ModuleInfo",
    "PaymentMethods": "PaymentMethodList",
    "ProcessorResponse": "TaskResponse",
    "RedisVersion": "RedisVersion",
    "RedisVersions": "RedisVersions",
    "Region": "CloudRegion",
    "Subscription": "Subscription",
    "SubscriptionMaintenanceWindows": "MaintenanceWindows",
    "SubscriptionPricing": "PricingItem",
    "SubscriptionPricings": "CostEstimate",
    "TargetVersion": "TargetVersion",
    "TaskStateUpdate": "Task",
}


def _model(name: str) -> type[Model]:
    import importlib
    import pkgutil

    import redis_cloud_async.models as models

    for module in pkgutil.iter_modules(models.__path__):
        found = getattr(importlib.import_module(f"{models.__name__}.{module.name}"), name, None)
        if isinstance(found, type) and issubclass(found, Model):
            return found
    raise LookupError(name)


def test_every_property_and_example_of_the_documents_answers_decodes_strictly() -> None:
    if not DOCUMENT.exists():
        unavailable(f"{DOCUMENT} is not present")
    schemas = json.loads(DOCUMENT.read_text())["components"]["schemas"]
    for schema, name in SCHEMA_MODELS.items():
        cls = _model(name)
        declared = {json_name(f) for f in attrs.fields(cls)}
        missing = set(schemas[schema].get("properties", {})) - declared
        assert not missing, f"{name} lacks {sorted(missing)} of {schema}"
        example = schemas[schema].get("example")
        if isinstance(example, dict):
            STRICT.structure(example, cls)
