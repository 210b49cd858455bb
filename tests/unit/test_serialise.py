"""`to_dict()` and `to_json()` of models and specs: API or Python names, every field,
secrets masked unless asked."""

from __future__ import annotations

import json
from typing import Any

from redis_cloud_async import (
    Database,
    DatabaseCreateSpec,
    Subscription,
    Task,
)
from redis_cloud_async._converter import make_converter

ANSWER: dict[str, Any] = {
    "databaseId": 51,
    "name": "cache",
    "status": "active",
    "password": "top-secret-1",  # not declared by the model: kept in `extra`
    "security": {"password": "top-secret-2", "sourceIps": ["0.0.0.0/0"]},
    "privateEndpoint": "redis://default:top-secret-3@db.internal:12000",
    "activatedOn": "2024-05-01T10:00:00Z",
    "replication": True,
}


def database() -> Database:
    return make_converter().structure(ANSWER, Database)


def test_api_names_every_field_and_what_the_model_does_not_declare() -> None:
    data = database().to_dict()
    assert data["databaseId"] == 51
    assert data["activatedOn"] == "2024-05-01T10:00:00Z"
    assert data["status"] == "active"
    assert type(data["status"]) is str
    assert "publicEndpoint" in data
    assert data["publicEndpoint"] is None
    assert data["security"]["sourceIps"] == ["0.0.0.0/0"]


def test_secrets_are_masked_unless_asked_for() -> None:
    masked = json.dumps(database().to_dict())
    assert "top-secret" not in masked
    assert masked.count("***") == 3
    shown = database().to_dict(secrets=True)
    assert shown["password"] == "top-secret-1"
    assert shown["security"]["password"] == "top-secret-2"
    assert "top-secret-3" in shown["privateEndpoint"]


def test_with_secrets_the_api_dict_decodes_back_to_the_same_model() -> None:
    db = database()
    again = make_converter().structure(db.to_dict(secrets=True), Database)
    assert again == db
    assert again.extra == db.extra


def test_python_names_on_request() -> None:
    data = database().to_dict(python_names=True)
    assert data["database_id"] == 51
    assert data["private_endpoint"] == "redis://***@db.internal:12000"
    assert data["security"]["password"] == "***"
    assert data["extra"] == {"password": "***"}
    assert "databaseId" not in data


def test_to_json_is_the_dict_as_json() -> None:
    db = database()
    assert json.loads(db.to_json()) == db.to_dict()
    assert json.loads(db.to_json(python_names=True, secrets=True, indent=2)) == db.to_dict(
        python_names=True, secrets=True
    )


def test_specs_serialise_too_with_their_secrets_masked() -> None:
    spec = DatabaseCreateSpec(name="cache", password="spec-secret-1", replication=False)
    data = spec.to_dict()
    assert data["name"] == "cache"
    assert data["replication"] is False
    assert data["password"] == "***"
    assert spec.to_dict(secrets=True)["password"] == "spec-secret-1"
    assert spec.to_dict(python_names=True)["sasl_password"] is None


def test_nested_models_and_lists() -> None:
    task = make_converter().structure(
        {"taskId": "t-1", "status": "processing-completed", "response": {"resourceId": 7}}, Task
    )
    assert task.to_dict()["response"]["resourceId"] == 7
    sub = make_converter().structure({"id": 3, "name": "s"}, Subscription)
    assert sub.to_dict(python_names=True)["id"] == 3


def test_a_price_per_month_counts_hourly_lines_and_back() -> None:
    from redis_cloud_async import HOURS_PER_MONTH, CostEstimate, PricingItem

    estimate = CostEstimate(
        pricing=[
            PricingItem(quantity=2, price_per_unit=0.5, price_period="hour"),
            PricingItem(quantity=1, price_per_unit=73.0, price_period="Month"),
            PricingItem(quantity=1, price_per_unit=9.0, price_period="year"),  # left out
        ]
    )
    assert estimate.per("month") == 1.0 * HOURS_PER_MONTH + 73.0
    assert estimate.per("hour") == 1.0 + 0.1
    assert estimate.total("hour") == 1.0  # only the lines billed per hour
