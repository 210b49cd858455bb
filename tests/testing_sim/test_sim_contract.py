"""The contract checker itself, and the observer hook it is attached through."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from redis_cloud_async.testing import FakeRedisCloud, ObservedExchange
from tests.helpers.ci import unavailable
from tests.helpers.contract import ContractChecker, ContractViolation, checker_for_run
from tests.helpers.simulator import http_client, subscription_body

pytestmark = pytest.mark.looptime


@pytest.fixture
def checker(contract_checker: ContractChecker | None) -> ContractChecker:
    if contract_checker is None:
        unavailable("the published OpenAPI document is not available")
    return contract_checker


def test_declared_types_are_checked(checker: ContractChecker) -> None:
    route = "/subscriptions/{subscriptionId}"
    assert checker.problems("GET", route, 200, {"id": 1, "name": "x", "extra": [1]}) == []
    found = checker.problems("GET", route, 200, {"id": "one"})
    assert found
    assert "id" in found[0]
    with pytest.raises(ContractViolation, match="subscriptionId"):
        checker.check("GET", route, 200, {"numberOfDatabases": "many"})


def test_task_answers_use_any_declared_success_schema(checker: ContractChecker) -> None:
    task = {"taskId": "5f0a1c6e-0000-4000-8000-000000000000", "status": "received", "response": {}}
    assert checker.problems("POST", "/subscriptions", 202, task) == []
    # The document says 200 for this write; the service answers 202 all the same.
    assert checker.problems("PUT", "/subscriptions/{subscriptionId}", 202, task) == []
    assert checker.problems("POST", "/subscriptions", 202, {**task, "status": "done"})
    error = {"type": "SUBSCRIPTION_NOT_ACTIVE", "status": "400 BAD_REQUEST", "description": "x"}
    failed = {**task, "status": "processing-error", "response": {"error": error}}
    assert checker.problems("GET", "/tasks/{taskId}", 200, failed) == []
    bad_error = {**failed, "response": {"error": {"type": "X"}}}
    assert checker.problems("GET", "/tasks/{taskId}", 200, bad_error)


def test_errors_are_checked_as_spring_bodies(checker: ContractChecker) -> None:
    spring = {"timestamp": "t", "status": 404, "error": "Not Found", "message": "m", "path": "/v1"}
    assert checker.problems("GET", "/subscriptions", 404, spring) == []
    assert checker.problems("GET", "/subscriptions", 404, {"message": "m"})


def test_routes_only_the_guide_describes_are_not_checked(checker: ContractChecker) -> None:
    assert checker.operation("GET", "/acl/roles/{aclRoleId}") is None
    assert checker.problems("GET", "/acl/roles/{aclRoleId}", 200, {"id": "x"}) == []


async def test_an_observer_sees_every_exchange_and_can_fail_a_request() -> None:
    fake = FakeRedisCloud()
    seen: list[ObservedExchange] = []
    fake.observers.append(seen.append)
    async with http_client(fake) as http:
        await http.post("/subscriptions", json=subscription_body())
        await http.get("/nowhere")
        assert [(e.method, e.route, e.status) for e in seen] == [
            ("POST", "/subscriptions", 202),
            ("GET", None, 404),
        ]
        assert seen[0].request_body["name"] == "sub"
        assert seen[0].headers["X-Rate-Limit-Remaining"] == "399"

        def refuse(exchange: ObservedExchange) -> None:
            raise ContractViolation(f"refused {exchange.path}")

        fake.observers.append(refuse)
        with pytest.raises(ContractViolation, match="refused /v1/"):
            await http.get("/")


async def test_class_level_observers_reach_every_simulator() -> None:
    seen: list[str] = []
    FakeRedisCloud.default_observers.append(lambda exchange: seen.append(exchange.path))
    try:
        for fake in (FakeRedisCloud(), FakeRedisCloud()):
            async with http_client(fake) as http:
                await http.get("/")
    finally:
        FakeRedisCloud.default_observers.pop()
    assert seen == ["/v1/", "/v1/"]


async def test_the_simulator_answers_within_the_contract(
    checker: ContractChecker, http: httpx.AsyncClient
) -> None:
    """Reference data, straight from the checker (the conftest also checks every answer)."""
    for path in ("/", "/regions", "/database-modules", "/data-persistence", "/payment-methods",
                 "/query-performance-factors", "/subscriptions/redis-versions", "/fixed/plans",
                 "/acl/redisRules", "/acl/roles", "/acl/users", "/users", "/cloud-accounts",
                 "/subscriptions", "/fixed/subscriptions", "/tasks"):  # fmt: skip
        answer = await http.get(path)
        assert answer.status_code == 200, path
        route = "/" if path == "/" else path
        assert checker.problems("GET", route, 200, answer.json()) == [], path


def test_a_run_without_the_document_fails_in_ci_and_skips_the_check_elsewhere(
    tmp_path: Path,
) -> None:
    missing = tmp_path / "cloud_openapi.json"
    assert checker_for_run(missing, in_ci=False) is None
    with pytest.raises(pytest.UsageError, match="CI=true"):
        checker_for_run(missing, in_ci=True)
