"""Malformed answers from the server: each raises a typed error, and the client recovers.

Wrong types, missing fields, HTML pages (200 and 502), truncated JSON, empty, huge and
deeply nested bodies, other content types, a write's answer without a task id. A mock
server answers badly once, then well: the next call on the same client succeeds. Fake
loop time (looptime) covers the retries of a GET.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from redis_cloud_async import (
    AmbiguousWriteError,
    APIError,
    AsyncClient,
    DatabaseCreateSpec,
    DecodeError,
    PollPolicy,
    RedisCloudError,
    RetryPolicy,
    ServerError,
    ServiceUnavailableError,
)
from redis_cloud_async._core import MAX_BODY_BYTES
from redis_cloud_async._http import httpx

pytestmark = pytest.mark.looptime(end=3600)

TASK_ID = "00000000-0000-4000-8000-00000000c0de"
TASK = {"taskId": TASK_ID, "commandType": "databaseCreateRequest", "status": "received"}
DONE = {**TASK, "status": "processing-completed", "response": {"resourceId": 7}}
SUBSCRIPTION = {"id": 1, "name": "sub", "status": "active"}
MB = 1024 * 1024

Answer = Callable[[], httpx.Response]


def _html(status: int) -> Answer:
    page = b"<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>"
    return lambda: httpx.Response(status, content=page, headers={"content-type": "text/html"})


def _raw(status: int, content: bytes, kind: str = "application/json") -> Answer:
    return lambda: httpx.Response(status, content=content, headers={"content-type": kind})


def _json(status: int, body: Any) -> Answer:
    return lambda: httpx.Response(status, json=body)


#: Bad answers to a read (`GET /subscriptions/1`) and the error each must raise.
READS: dict[str, tuple[Answer, type[RedisCloudError]]] = {
    "wrong types": (_json(200, {"id": {"nested": 1}, "name": 5}), DecodeError),
    "missing required field": (_json(200, {"name": "sub", "status": "active"}), DecodeError),
    "not an object": (_json(200, ["id", 1]), DecodeError),
    "json null": (_raw(200, b"null"), DecodeError),
    "NaN where a number is due": (_raw(200, b'{"id": NaN}'), DecodeError),
    "html page 200": (_html(200), DecodeError),
    "html page 502": (_html(502), ServerError),
    "truncated json": (_raw(200, b'{"id": 1, "name": "tru'), DecodeError),
    "empty body": (_raw(200, b""), DecodeError),
    "blank body": (_raw(200, b" \r\n"), DecodeError),
    "invalid utf-8": (_raw(200, b'{"id": 1, "name": "\xff\xfe"}'), DecodeError),
    "10 MB of junk": (_raw(200, b"x" * (10 * MB)), DecodeError),
    "10 MB of json of the wrong shape": (_raw(200, b"[" + b"1," * (5 * MB) + b"1]"), DecodeError),
    "over the body limit": (_raw(200, b" " * (MAX_BODY_BYTES + 1)), DecodeError),
    "deeply nested json": (_raw(200, b"[" * 200_000 + b"]" * 200_000), DecodeError),
    "plain text 200": (_raw(200, b"OK", "text/plain"), DecodeError),
    "plain text 503": (_raw(503, b"Service Unavailable", "text/plain"), ServiceUnavailableError),
    "xml 200": (_raw(200, b"<error>nope</error>", "application/xml"), DecodeError),
}

#: Bad answers to a write (`POST /subscriptions/1/databases`).
WRITES: dict[str, tuple[Answer, type[RedisCloudError]]] = {
    "task without taskId": (_json(202, {"status": "received"}), DecodeError),
    "task with wrong types": (
        _json(202, {"taskId": TASK_ID, "status": {"x": 1}, "response": "done"}),
        DecodeError,
    ),
    "task id of the wrong type": (_json(202, {"taskId": {"id": 1}}), DecodeError),
    "task that is a list": (_json(202, [TASK]), DecodeError),
    "empty 202": (_raw(202, b""), DecodeError),
    "html page 200": (_html(200), DecodeError),
    "truncated task": (_raw(202, json.dumps(TASK).encode()[:-5]), DecodeError),
    "html page 502": (_html(502), AmbiguousWriteError),
}

#: Bad answers to the task watcher's requests (`GET /tasks`, `GET /tasks/{id}`).
WAITS: dict[str, tuple[Answer, type[RedisCloudError]]] = {
    "html page 200": (_html(200), DecodeError),
    "truncated json": (_raw(200, b'{"tasks": [{"taskId": "'), DecodeError),
    "task without taskId": (_json(200, {"tasks": [{"status": "received"}]}), DecodeError),
    "unhashable taskId": (_json(200, {"tasks": [{"taskId": [TASK_ID]}]}), DecodeError),
    "task with wrong types": (_json(200, {**DONE, "response": ["x"]}), DecodeError),
    "status of the wrong type": (_json(200, {**DONE, "status": 3}), DecodeError),
}


class FlakyServer:
    """Answers every request with `bad()` while `broken`, and like the service after."""

    def __init__(self, bad: Answer) -> None:
        self.bad = bad
        self.broken = True
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if self.broken:
            return self.bad()
        path = request.url.path.removeprefix("/v1")
        if request.method == "POST":
            return httpx.Response(202, json=TASK)
        if path == "/tasks":
            return httpx.Response(200, json={"tasks": [DONE]})
        if path.startswith("/tasks/"):
            return httpx.Response(200, json=DONE)
        return httpx.Response(200, json=SUBSCRIPTION)


def _client(server: FlakyServer) -> AsyncClient:
    return AsyncClient(
        "key-0123456789",
        "secret-0123456789",
        transport=httpx.MockTransport(server),
        retry=RetryPolicy(attempts=3, timeout=120, backoff_initial=1, backoff_max=4),
        poll=PollPolicy(initial=1, maximum=5, grace=0),
        strict=False,  # production decoding: lenient, and still typed errors
    )


def _check(error: BaseException, expected: type[RedisCloudError]) -> None:
    assert isinstance(error, expected), repr(error)
    assert len(str(error)) < 1000  # a huge body is never copied into the message
    if isinstance(error, APIError | DecodeError):
        assert error.path.startswith(("/subscriptions", "/tasks"))


async def _read(client: AsyncClient) -> int | None:
    return (await client.subscriptions.get(1)).id


async def _write(client: AsyncClient) -> int | None:
    handle = await client.databases.create(1, DatabaseCreateSpec(name="db"))
    return (await handle.wait()).resource_id


async def _wait(client: AsyncClient) -> int | None:
    return (await client.tasks.wait(TASK_ID)).resource_id


#: What each kind of call is, its table of bad answers, and what it returns when all is well.
CALLS = {"read": (_read, READS, 1), "write": (_write, WRITES, 7), "wait": (_wait, WAITS, 7)}
CASES = [(kind, case) for kind, (_, table, _) in CALLS.items() for case in table]


@pytest.mark.parametrize(("kind", "case"), CASES, ids=[f"{k}: {c}" for k, c in CASES])
async def test_a_malformed_answer_raises_a_typed_error_and_the_client_recovers(
    kind: str, case: str
) -> None:
    call, table, good = CALLS[kind]
    answer, expected = table[case]
    server = FlakyServer(answer)
    async with _client(server) as client:
        with pytest.raises(RedisCloudError) as info:
            await call(client)
        _check(info.value, expected)
        if kind == "write":
            assert len(server.requests) == 1  # a write is never sent twice
            assert client.write_gate.in_flight == 0  # its permit went back
        elif isinstance(info.value, ServerError):
            assert len(server.requests) == 3  # a GET is retried on a 5xx, then gives up
        server.broken = False
        assert await call(client) == good  # the same client works again
