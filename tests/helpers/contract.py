"""Checks simulator answers against the published OpenAPI document's response schemas.

The document (``../shared/reference/cloud_openapi.json`` from the repository root) is read
only here, in the tests; `ContractChecker.load` returns None when it is absent, and the
checks are skipped, but under ``CI=true`` a run without it fails (`checker_for_run`).

What is checked: the declared properties' JSON types, enums and required fields, with
``$ref`` resolved; undeclared properties are allowed, because the document's schemas list
only a few properties (their examples are richer). Error answers (4xx/5xx) are checked
against the Spring error body the service sends.

Known inconsistencies of the document, accepted on purpose:
- task answers are declared 200 on some writes, 202 or 204 on others; the real service
  answers 202, so any declared 2xx schema is used for a 2xx answer;
- ``ProcessorResponse.error`` is declared a string enum but is an object
  ``{type, status, description}`` in practice (see api-facts.md).

Wiring (e.g. in a conftest)::

    checker = ContractChecker.load()
    FakeRedisCloud.default_observers.append(checker.check_exchange)
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from redis_cloud_async.testing import ObservedExchange
from tests.helpers.ci import IN_CI

#: ``../shared/reference/cloud_openapi.json`` relative to the repository root.
DOCUMENT = Path(__file__).resolve().parents[3] / "shared" / "reference" / "cloud_openapi.json"

SPRING_ERROR = {
    "type": "object",
    "required": ["timestamp", "status", "error", "message", "path"],
    "properties": {
        "timestamp": {"type": "string"},
        "status": {"type": "integer"},
        "error": {"type": "string"},
        "message": {"type": "string"},
        "path": {"type": "string"},
    },
}

TASK_ERROR = {
    "anyOf": [
        {"type": "string"},
        {
            "type": "object",
            "required": ["type", "status", "description"],
            "properties": {
                "type": {"type": "string"},
                "status": {"type": "string", "pattern": "^[0-9]{3} [A-Z_]+$"},
                "description": {"type": "string"},
            },
        },
    ]
}


class ContractViolation(AssertionError):
    """A simulator answer does not match the published document."""


def _to_json_schema(node: Any) -> Any:
    """OpenAPI 3.0 schema -> JSON Schema: ``nullable`` becomes a type union."""
    if isinstance(node, list):
        return [_to_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    converted = {key: _to_json_schema(value) for key, value in node.items()}
    if converted.pop("nullable", False) and "type" in converted:
        converted["type"] = [converted["type"], "null"]
    return converted


class ContractChecker:
    """Validates (method, route template, status, JSON body) against the document."""

    def __init__(self, document: dict[str, Any]) -> None:
        self._paths: dict[str, Any] = document["paths"]
        components = _to_json_schema(copy.deepcopy(document["components"]))
        processor = components["schemas"]["ProcessorResponse"]["properties"]
        processor["error"] = TASK_ERROR
        self._components = components
        self._validators: dict[tuple[str, str, int], Draft202012Validator | None] = {}

    @classmethod
    def load(cls, path: Path = DOCUMENT) -> ContractChecker | None:
        if not path.exists():
            return None
        return cls(json.loads(path.read_text()))

    def operation(self, method: str, route: str) -> dict[str, Any] | None:
        """The document's operation, or None for routes only the guide describes."""
        operation = self._paths.get(route, {}).get(method.lower())
        return operation if isinstance(operation, dict) else None

    def response_schema(self, method: str, route: str, status: int) -> dict[str, Any] | None:
        operation = self.operation(method, route)
        if operation is None:
            return None
        if status >= 400:
            return SPRING_ERROR
        responses = operation.get("responses", {})
        candidates = [str(status)] + [code for code in responses if code.startswith("2")]
        for code in candidates:
            for content in responses.get(code, {}).get("content", {}).values():
                if content.get("schema"):
                    return {**_to_json_schema(content["schema"]), "components": self._components}
        return None

    def problems(self, method: str, route: str, status: int, body: Any) -> list[str]:
        """Every mismatch between the answer and the document (empty when it conforms)."""
        key = (method, route, status)
        if key not in self._validators:
            schema = self.response_schema(method, route, status)
            self._validators[key] = None if schema is None else Draft202012Validator(schema)
        validator = self._validators[key]
        if validator is None or body is None:
            return []
        return [
            f"{'/'.join(str(p) for p in error.absolute_path) or '<body>'}: {error.message}"
            for error in validator.iter_errors(body)
        ]

    def check(self, method: str, route: str, status: int, body: Any) -> None:
        found = self.problems(method, route, status, body)
        if found:
            raise ContractViolation(f"{method} {route} -> {status}: " + "; ".join(found[:5]))

    def check_exchange(self, exchange: ObservedExchange) -> None:
        """An observer for `FakeRedisCloud`: raises on an answer off the contract."""
        if exchange.route is None or exchange.status is None:
            return
        self.check(exchange.method, exchange.route, exchange.status, exchange.response_body)


def checker_for_run(path: Path = DOCUMENT, *, in_ci: bool = IN_CI) -> ContractChecker | None:
    """The checker a test run wires into every simulator: None when the document is
    absent (the contract check is off), but under ``CI=true`` a `pytest.UsageError`: the
    run fails instead of passing without the check."""
    checker = ContractChecker.load(path)
    if checker is None and in_ci:
        raise pytest.UsageError(
            f"CI=true: the contract check needs the published document at {path}"
        )
    return checker
