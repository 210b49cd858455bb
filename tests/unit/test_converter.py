"""The converter: camelCase both ways, lenient in production, strict in tests."""

from __future__ import annotations

import cattrs
import pytest

from redis_cloud_async._converter import make_converter
from redis_cloud_async.models import (
    Database,
    DatabaseCreateSpec,
    Task,
    TaskStatus,
    ThroughputMeasurementSpec,
)

TASK = {
    "taskId": "8a1c4a8e-0000-4000-8000-000000000001",
    "commandType": "subscriptionCreateRequest",
    "status": "processing-completed",
    "description": "done",
    "timestamp": "2024-01-15T10:30:00Z",
    "response": {"resourceId": 42, "additionalResourceId": 7},
    "links": [{"rel": "self", "type": "GET", "href": "https://x/v1/tasks/1"}],
}


def test_lenient_keeps_unknown_fields_and_statuses() -> None:
    conv = make_converter(strict=False)
    task = conv.structure({**TASK, "status": "brand-new-status", "shinyField": [1]}, Task)
    assert task.status == "brand-new-status"
    assert task.extra == {"shinyField": [1]}
    assert task.resource_id == 42


def test_strict_rejects_unknown_fields_and_statuses() -> None:
    conv = make_converter(strict=True)
    with pytest.raises(cattrs.BaseValidationError):
        conv.structure({**TASK, "shinyField": 1}, Task)
    with pytest.raises(cattrs.BaseValidationError):
        conv.structure({**TASK, "status": "brand-new-status"}, Task)


def test_known_status_is_the_enum() -> None:
    task = make_converter(strict=True).structure(TASK, Task)
    assert task.status is TaskStatus.PROCESSING_COMPLETED
    assert task.is_terminal
    assert task.succeeded


def test_old_links_object_is_accepted() -> None:
    data = {k: v for k, v in TASK.items() if k != "links"} | {
        "_links": {"self": {"href": "h", "type": "GET"}}
    }
    task = make_converter(strict=True).structure(data, Task)
    assert task.links == [{"rel": "self", "href": "h", "type": "GET"}]


def test_error_as_bare_code() -> None:
    data = {**TASK, "status": "processing-error", "response": {"error": "SUBSCRIPTION_NOT_ACTIVE"}}
    task = make_converter(strict=True).structure(data, Task)
    assert task.response is not None
    assert task.response.error is not None
    assert task.response.error.type == "SUBSCRIPTION_NOT_ACTIVE"


def test_spec_unstructures_to_camel_case_without_unset_fields() -> None:
    spec = DatabaseCreateSpec(
        name="cache-1",
        dataset_size_in_gb=1,
        support_oss_cluster_api=True,
        throughput_measurement=ThroughputMeasurementSpec(by="operations-per-second", value=1000),
    )
    assert make_converter().unstructure(spec) == {
        "name": "cache-1",
        "datasetSizeInGb": 1,
        "supportOSSClusterApi": True,
        "throughputMeasurement": {"by": "operations-per-second", "value": 1000},
    }


def test_password_not_in_model_repr() -> None:
    db = make_converter().structure(
        {"databaseId": 1, "name": "d", "security": {"password": "repr-sentinel-pw"}}, Database
    )
    assert db.password == "repr-sentinel-pw"
    assert "repr-sentinel-pw" not in repr(db)
