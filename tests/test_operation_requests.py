"""What each catalogued method really sends, generated from the catalogue.

- Every method sends the request its declaration names (`Operation.sends`): the method
  and path the catalogue lists cannot differ from what goes on the wire.
- Every id parameter of every method refuses what is not an id (a path, a query, a float,
  a bool) with a `ValidationError` naming the parameter, before anything is sent.
- Every query parameter the published document gives a GET (and the ones the service
  takes beyond it) reaches the server as a query parameter, never inside the path.
"""

from __future__ import annotations

import inspect
import json
import re
from datetime import UTC, datetime
from typing import Any

import pytest

from redis_cloud_async import APIError, ValidationError
from redis_cloud_async._catalogue import Operation, catalogue
from tests.helpers.ci import unavailable
from tests.helpers.contract import DOCUMENT
from tests.helpers.operations import Calls, Recorder, matches, query_of, recording_client

OPERATIONS = catalogue()
BAD_IDS = ["../x", "a?b=c", 3.99, True]
#: Query parameters the service takes beyond the published document: the Go SDK sends
#: ``includeTerraformAwsScript=true`` to both PrivateLink endpoint-script reads, and the
#: service's answer then carries ``terraformAwsScript``.
BEYOND_THE_DOCUMENT = {
    ("GET", "/subscriptions/{subscriptionId}/private-link/endpoint-script"): [
        "includeTerraformAwsScript"
    ],
    ("GET", "/subscriptions/{subscriptionId}/regions/{regionId}/private-link/endpoint-script"): [
        "includeTerraformAwsScript"
    ],
}
#: A value for each query parameter, by the method parameter that carries it.
QUERY_VALUES: dict[str, Any] = {
    "offset": 5,
    "limit": 7,
    "page_size": 7,
    "region_name": "us-east-1",
    "subscription_id": 1,
    "resource_id": 3,
    "provider": "AWS",
    "redis_flex": True,
    "include_terraform_aws_script": True,
    "start_time": datetime(2025, 1, 1, tzinfo=UTC),
    "end_time": datetime(2025, 1, 2, tzinfo=UTC),
}


def _id(op: Operation) -> str:
    return op.qualname


def _sent(request: Any) -> tuple[str, str]:
    path = request.url.path
    assert path.startswith("/v1")
    return request.method, path.removeprefix("/v1") or "/"


@pytest.mark.parametrize("op", OPERATIONS, ids=_id)
async def test_every_method_sends_the_request_it_declares(op: Operation) -> None:
    recorder = Recorder()
    async with recording_client(recorder) as client:
        with pytest.raises(APIError):
            await Calls(client).call(op)
    assert recorder.requests, f"{op.qualname} sent nothing"
    method, path = _sent(recorder.requests[0])
    expected_method, template = op.sends[0]
    assert method == expected_method
    assert matches(template, path), f"{op.qualname} sent {path}, declares {template}"


def _id_parameters(op: Operation, calls: Calls) -> list[str]:
    """The catalogue's id parameters of the method, and any other named ``*_id``."""
    names = list(calls.arguments(op)) + list(op.ids)
    return sorted({n for n in names if n in op.ids or n.endswith("_id")})


def _id_cases() -> list[Any]:
    calls = Calls(recording_client(Recorder()))
    return [
        pytest.param(op, name, id=f"{op.qualname}-{name}")
        for op in OPERATIONS
        for name in _id_parameters(op, calls)
    ]


@pytest.mark.parametrize(("op", "parameter"), _id_cases())
async def test_every_id_parameter_refuses_what_is_not_one_id_before_sending(
    op: Operation, parameter: str
) -> None:
    recorder = Recorder()
    async with recording_client(recorder) as client:
        calls = Calls(client)
        for bad in BAD_IDS:
            with pytest.raises(ValidationError) as info:
                await calls.call(op, **{parameter: bad})
            assert info.value.field == parameter, (bad, info.value)
    assert recorder.requests == []


def test_every_placeholder_of_every_path_is_an_id_parameter() -> None:
    """The id parameters the test above tries cover every placeholder of every path."""
    for op in OPERATIONS:
        placeholders = re.findall(r"\{(\w+)\}", op.path)
        if op.sent_as_declared:
            assert len(op.ids) >= len(placeholders), op.qualname


def _documented_queries() -> dict[tuple[str, str], list[str]] | None:
    """The query parameters of each GET: the document's, and those beyond it."""
    if not DOCUMENT.exists():
        return None
    paths = json.loads(DOCUMENT.read_text())["paths"]
    found = {
        ("GET", path): [p["name"] for p in item["get"].get("parameters", []) if p["in"] == "query"]
        for path, item in paths.items()
        if "get" in item
    }
    for key, names in BEYOND_THE_DOCUMENT.items():
        found[key] = found.get(key, []) + names
    return {key: names for key, names in found.items() if names}


def _query_cases() -> list[Any]:
    queries = _documented_queries()
    if queries is None:
        return [pytest.param(None, [], id="no-document")]
    by_key = {op.key: op for op in OPERATIONS}
    return [pytest.param(by_key[key], names, id=key[1]) for key, names in sorted(queries.items())]


@pytest.mark.parametrize(("op", "documented"), _query_cases())
async def test_every_query_parameter_of_every_get_reaches_the_server_as_a_query(
    op: Operation | None, documented: list[str]
) -> None:
    if op is None:
        unavailable(f"{DOCUMENT} is not present")
    assert set(documented) <= set(op.query), f"{op.qualname} cannot send {documented}"
    recorder = Recorder()
    async with recording_client(recorder) as client:
        calls = Calls(client)
        taken = inspect.signature(calls.method(op)).parameters
        with pytest.raises(APIError):
            await calls.call(op, **{n: v for n, v in QUERY_VALUES.items() if n in taken})
    (request,) = recorder.requests
    method, path = _sent(request)
    assert (method, matches(op.path, path)) == ("GET", True)
    assert "?" not in path
    assert "%3F" not in request.url.raw_path.decode().upper()
    assert set(documented) <= set(query_of(request)), query_of(request)


async def test_the_reported_ids_are_refused_and_nothing_is_sent() -> None:
    """Issue 14.3's cases, and the methods that build no request of their own (waits)."""
    recorder = Recorder()
    async with recording_client(recorder) as client:
        calls = [
            (client.tasks.get("../subscriptions"), "task_id"),
            (client.tasks.get("abc?offset=5"), "task_id"),
            (client.subscriptions.delete(3.99, confirm=True), "subscription_id"),  # type: ignore[arg-type]
            (client.subscriptions.delete(True, confirm=True), "subscription_id"),
            (client.subscriptions.wait_until_active(2.5), "subscription_id"),  # type: ignore[arg-type]
            (client.databases.wait_until_gone(1, False), "database_id"),
            (client.tasks.wait("a/b"), "task_id"),
            (client.databases.list_page(1, offset=-1), "offset"),
        ]
        for call, parameter in calls:
            with pytest.raises(ValidationError) as info:
                await call
            assert info.value.field == parameter
    assert recorder.requests == []
