"""Hostile bodies end in the library's own errors, with bounded memory (issue 14, point 10).

- A compressed answer is inflated while it streams and reading stops at the size cap: a
  small gzip body that inflates to hundreds of megabytes never does.
- JSON nested deeper than any answer of the API is not kept: a deep error body still
  raises the error of its status (it used to raise `RecursionError` from redaction), a
  deep field is a `DecodeError`.
- `X-Rate-Limit-Remaining` written with digits of other scripts, or far too long, is
  ignored: an accepted write stays accepted (it used to raise a bare `ValueError`).
- One garbled task in a `GET /tasks` sweep fails the waits on that task only.

Fake loop time (looptime) where anything waits; mock transports, in-process.
"""

from __future__ import annotations

import asyncio
import gzip
import json
import tracemalloc
import zlib
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest

from redis_cloud_async import (
    APIError,
    DatabaseCreateSpec,
    DecodeError,
    NotFoundError,
    RateBudget,
    ServerError,
    Task,
)
from redis_cloud_async._core import MAX_BODY_BYTES
from redis_cloud_async._http import httpx
from redis_cloud_async._json import MAX_DEPTH
from tests.helpers.mock_api import mock_client

pytestmark = pytest.mark.looptime(end=3600)

MB = 1024 * 1024
SUBSCRIPTIONS = {"accountId": 1, "subscriptions": []}
TASK_ID = "00000000-0000-4000-8000-000000000001"
OTHER_ID = "00000000-0000-4000-8000-000000000002"


class Streamed(httpx.AsyncByteStream):
    """A body that arrives as it would from the network: not read in advance."""

    def __init__(self, *chunks: bytes) -> None:
        self._chunks = chunks

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for chunk in self._chunks:
            yield chunk


def _gzip_bomb(inflated: int) -> bytes:
    """A gzip body of `inflated` bytes of spaces (a few hundred kilobytes)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = b" " * MB
    return b"".join([*(packer.compress(block) for _ in range(inflated // MB)), packer.flush()])


def _nested(depth: int, leaf: Any = "deep") -> Any:
    value = leaf
    for _ in range(depth):
        value = {"inner": value}
    return value


# -- the decompressed size is capped while streaming ---------------------------------------
async def test_a_gzip_bomb_stops_at_the_cap_without_inflating_it_whole() -> None:
    bomb = _gzip_bomb(4 * MAX_BODY_BYTES)  # 128 MiB of spaces from ~130 kB
    assert len(bomb) < MB
    requests: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        return httpx.Response(
            200, headers={"content-encoding": "gzip"}, stream=Streamed(bomb[:1000], bomb[1000:])
        )

    tracemalloc.start()
    try:
        async with mock_client(handler) as client:
            with pytest.raises(DecodeError, match=f"larger than {MAX_BODY_BYTES} bytes"):
                await client.subscriptions.list()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < MAX_BODY_BYTES + 16 * MB  # the cap and a chunk, not the 128 MiB
    assert len(requests) == 1  # not retried: the same answer would come again
    assert requests[0].headers["accept-encoding"] == "gzip, deflate"


@pytest.mark.parametrize(
    "encode",
    [
        ("gzip", gzip.compress),
        ("deflate", zlib.compress),
        ("deflate", lambda data: zlib.compress(data)[2:-4]),  # raw deflate, as some servers
        ("identity", lambda data: data),
    ],
    ids=["gzip", "deflate", "raw-deflate", "identity"],
)
async def test_a_compressed_answer_within_the_cap_is_read(
    encode: tuple[str, Callable[[bytes], bytes]],
) -> None:
    encoding, compress = encode
    body = compress(json.dumps(SUBSCRIPTIONS).encode())

    def handler(request: httpx.Request) -> httpx.Response:
        headers = {"content-encoding": encoding}
        return httpx.Response(200, headers=headers, stream=Streamed(body[:5], body[5:]))

    async with mock_client(handler) as client:
        assert await client.subscriptions.list() == []


async def test_an_encoding_the_client_did_not_ask_for_is_refused() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers={"content-encoding": "br"}, stream=Streamed(b"\x00"))

    async with mock_client(handler) as client:
        with pytest.raises(DecodeError, match="content-encoding 'br' is not supported"):
            await client.subscriptions.list()


async def test_a_plain_body_over_the_cap_is_refused_as_it_streams() -> None:
    chunk = b" " * MB

    def handler(request: httpx.Request) -> httpx.Response:
        count = MAX_BODY_BYTES // MB + 1
        return httpx.Response(200, stream=Streamed(*[chunk] * count))

    async with mock_client(handler) as client:
        with pytest.raises(DecodeError, match="larger than"):
            await client.subscriptions.list()


# -- JSON nesting is bounded ----------------------------------------------------------------
@pytest.mark.parametrize(("status", "error"), [(404, NotFoundError), (503, ServerError)])
async def test_a_deeply_nested_error_body_raises_the_error_of_its_status(
    status: int, error: type[APIError]
) -> None:
    body = {"message": "nope", "detail": _nested(600)}  # redaction used to recurse on it

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, json=body)

    async with mock_client(handler) as client:
        with pytest.raises(error) as info:
            await client.subscriptions.list()
    assert info.value.status == status
    assert info.value.body == {}


async def test_an_error_body_within_the_bound_is_kept_and_redacted() -> None:
    body = {"message": "nope", "detail": _nested(MAX_DEPTH - 2, {"password": "p-123456"})}

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(404, json=body)

    async with mock_client(handler) as client:
        with pytest.raises(NotFoundError) as info:
            await client.subscriptions.list()
    assert "p-123456" not in repr(info.value.body)
    assert info.value.body["message"] == "nope"


@pytest.mark.parametrize("strict", [False, True])
async def test_a_deeply_nested_field_is_a_decode_error(strict: bool) -> None:
    # An unknown field (kept in `extra` by lenient decoding) and a field typed as any JSON.
    answers = {
        "/v1/subscriptions/1": {"id": 1, "name": "s", "surprise": _nested(MAX_DEPTH + 1)},
        f"/v1/tasks/{TASK_ID}": {
            "taskId": TASK_ID,
            "status": "processing-completed",
            "response": {"resource": _nested(600)},
        },
    }

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=answers[request.url.path])

    async with mock_client(handler, strict=strict) as client:
        with pytest.raises(DecodeError):
            await client.subscriptions.get(1)
        with pytest.raises(DecodeError):
            await client.tasks.get(TASK_ID)


# -- X-Rate-Limit-Remaining with digits of other scripts ------------------------------------
@pytest.mark.parametrize(
    "remaining",
    ["\u00b2", "\u00b9\u00b2", "\u0663\u0660", "\u0e53", "1" * 5000, "-1", " 12 ", "12.5"],
    ids=["superscript", "superscripts", "arabic-indic", "thai", "5000-digits", "-1", "sp", "."],
)
async def test_an_odd_remaining_header_never_fails_an_accepted_write(remaining: str) -> None:
    task = {"taskId": TASK_ID, "commandType": "databaseCreateRequest", "status": "received"}

    def handler(request: httpx.Request) -> httpx.Response:
        headers = [(b"X-Rate-Limit-Remaining", remaining.encode())]
        return httpx.Response(202, headers=headers, json=task)

    budget = RateBudget(400)
    async with mock_client(handler, rate_budget=budget) as client:
        handle = await client.databases.create(1, DatabaseCreateSpec(name="db"))
        assert handle.task_id == TASK_ID
        # Only a plain count re-syncs the budget; anything else is as good as absent.
        expected = 400 - int(remaining) if remaining.strip() == "12" else 1
        assert budget.capacity - budget.available == expected


async def test_an_odd_remaining_header_on_a_429_is_taken_as_absent() -> None:
    sent = 0

    def handler(request: httpx.Request) -> httpx.Response:
        nonlocal sent
        sent += 1
        if sent == 1:
            return httpx.Response(429, headers=[(b"X-Rate-Limit-Remaining", "\u00b2".encode())])
        return httpx.Response(200, json=SUBSCRIPTIONS)

    async with mock_client(handler) as client:
        assert await client.subscriptions.list() == []
        assert client.rate_budget.pauses == 1  # type: ignore[attr-defined]


# -- one garbled task in a sweep fails only the waits on it --------------------------------
@pytest.mark.parametrize(
    "garbled",
    [
        {"taskId": TASK_ID, "status": "received", "response": ["not", "an", "object"]},
        {"taskId": TASK_ID, "status": {"not": "a status"}},
        {"taskId": TASK_ID, "status": "processing-completed", "timestamp": "yesterday"},
    ],
    ids=["response", "status", "timestamp"],
)
async def test_one_garbled_task_in_the_sweep_fails_only_its_own_waits(
    garbled: dict[str, Any],
) -> None:
    good = {"taskId": OTHER_ID, "status": "processing-completed", "response": {"resourceId": 7}}

    def handler(request: httpx.Request) -> httpx.Response:
        assert request.url.path == "/v1/tasks"  # the sweep shows both: no lookup needed
        return httpx.Response(200, json={"tasks": [garbled, good]})

    async with mock_client(handler) as client:
        bad, done = await asyncio.gather(
            client.tasks.wait(TASK_ID), client.tasks.wait(OTHER_ID), return_exceptions=True
        )
    assert isinstance(bad, DecodeError)
    assert TASK_ID in str(bad)
    assert isinstance(done, Task)
    assert done.resource_id == 7
