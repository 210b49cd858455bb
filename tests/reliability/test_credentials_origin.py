"""The API keys go to the configured origin only, seen through `AsyncClient`.

Never across a redirect (to another host, port or scheme, or even the same origin),
never over plain http to a host that is not this machine, never to an absolute URL
handed to the client's pool, and never off the configured host through a hostile id.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from redis_cloud_async import (
    APIError,
    AsyncClient,
    ConfigurationError,
    RetryPolicy,
    ValidationError,
)
from redis_cloud_async._http import httpx

KEY = "origin-key-4c1e"
SECRET = "origin-secret-8b2d"
BASE = "https://api.redislabs.com/v1"
KEY_HEADERS = ("x-api-key", "x-api-secret-key")


class Recorder:
    """A mock server that records every request it gets and answers with `answer`."""

    def __init__(self, answer: Callable[[httpx.Request], httpx.Response] | None = None) -> None:
        self.requests: list[httpx.Request] = []
        self.answer = answer or (lambda _: httpx.Response(200, json={"subscriptions": []}))

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return self.answer(request)

    def keyed(self) -> list[httpx.URL]:
        """The URLs of the requests that carried either key."""
        return [r.url for r in self.requests if any(h in r.headers for h in KEY_HEADERS)]


def _client(recorder: Recorder, base_url: str = BASE, **kwargs: object) -> AsyncClient:
    return AsyncClient(
        KEY,
        SECRET,
        base_url=base_url,
        transport=httpx.MockTransport(recorder),
        retry=RetryPolicy(attempts=2, timeout=30, backoff_initial=0, backoff_max=0),
        **kwargs,  # type: ignore[arg-type]
    )


async def test_calls_carry_the_keys_to_the_configured_origin() -> None:
    recorder = Recorder()
    async with _client(recorder) as client:
        await client.subscriptions.list()
    (request,) = recorder.requests
    assert (request.url.scheme, request.url.host, request.url.port) == (
        "https",
        *BASE[8:].split("/")[:1],
        None,
    )
    assert request.headers["x-api-key"] == KEY
    assert request.headers["x-api-secret-key"] == SECRET


REDIRECT_TARGETS = [
    "https://evil.example.com/v1/subscriptions",  # another host
    "https://api.redislabs.com:8443/v1/subscriptions",  # another port
    "http://api.redislabs.com/v1/subscriptions",  # another scheme
    "//evil.example.com/v1/subscriptions",  # scheme-relative
    "https://api.redislabs.com.evil.example.com/v1/subscriptions",  # a lookalike host
    "https://api.redislabs.com/v1/subscriptions?page=2",  # the same origin
]


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
@pytest.mark.parametrize("location", REDIRECT_TARGETS)
async def test_a_redirect_is_never_followed(status: int, location: str) -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        if len(redirect.requests) == 1:
            return httpx.Response(status, headers={"location": location})
        return httpx.Response(200, json={"subscriptions": []})

    redirect = Recorder(answer)
    async with _client(redirect) as client:
        with pytest.raises(APIError) as info:
            await client.subscriptions.list()
        assert info.value.status == status
        assert await client.subscriptions.list() == []  # the client is fine afterwards
    assert all(r.url.host == "api.redislabs.com" and r.url.port is None for r in redirect.requests)
    assert len(redirect.requests) == 2
    for text in (str(info.value), repr(info.value), repr(info.value.body)):
        assert SECRET not in text
        assert KEY not in text


async def test_a_pool_that_follows_redirects_still_does_not_for_the_client() -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.host == "api.redislabs.com":
            return httpx.Response(307, headers={"location": "https://evil.example.com/steal"})
        return httpx.Response(200, json={"subscriptions": []})

    recorder = Recorder(answer)
    pool = httpx.AsyncClient(transport=httpx.MockTransport(recorder), follow_redirects=True)
    async with pool, AsyncClient(KEY, SECRET, http_client=pool) as client:
        with pytest.raises(APIError):
            await client.subscriptions.list()
    assert [r.url.host for r in recorder.requests] == ["api.redislabs.com"]


@pytest.mark.parametrize(
    "base_url",
    [
        "http://api.redislabs.com/v1",
        "http://10.0.0.1/v1",
        "http://192.168.1.10:8080/v1",
        "http://0.0.0.0:8080/v1",
        "http://localhost.evil.example.com/v1",
        "http://127.0.0.1.nip.io/v1",
        "http://[::ffff:10.0.0.1]/v1",  # IPv4-mapped: judged by its IPv4 address
        "http://[::ffff:a00:1]/v1",
        "http://127.1/v1",
        "ws://localhost/v1",
        "ftp://localhost/v1",
    ],
)
def test_plain_http_to_a_host_that_is_not_this_machine_is_refused(base_url: str) -> None:
    recorder = Recorder()
    with pytest.raises(ConfigurationError) as info:
        _client(recorder, base_url)
    assert recorder.requests == []
    assert SECRET not in str(info.value)


@pytest.mark.parametrize(
    "base_url",
    [
        "http://localhost:8765/v1",
        "http://127.0.0.1/v1",
        "http://[::1]:9/v1",
        # 127.0.0.1 through an IPv6 socket: this machine, on every Python version
        "http://[::ffff:127.0.0.1]/v1",
        "http://[::ffff:7f00:1]:8765/v1",
    ],
)
async def test_plain_http_is_allowed_to_this_machine_only(base_url: str) -> None:
    recorder = Recorder()
    async with _client(recorder, base_url) as client:
        await client.subscriptions.list()
    assert recorder.keyed() == [httpx.URL(base_url + "/subscriptions")]


@pytest.mark.parametrize(
    "url",
    [
        "https://evil.example.com/v1/subscriptions",
        "https://api.redislabs.com:8443/v1/subscriptions",
        "http://api.redislabs.com/v1/subscriptions",
        BASE + "/subscriptions",  # even the API itself: only the client's calls are keyed
    ],
)
async def test_an_absolute_url_handed_to_the_pool_gets_no_keys(url: str) -> None:
    recorder = Recorder()
    async with _client(recorder) as client:
        await client._http.get(url)
        await client._http.request("POST", url, json={"name": "x"})
    assert len(recorder.requests) == 2
    assert recorder.keyed() == []


@pytest.mark.parametrize(
    "task_id",
    [
        "//evil.example.com/steal",
        "@evil.example.com",
        "https://evil.example.com/steal",
        "../../../../steal",
        "x?redirect=https://evil.example.com",
        "x#@evil.example.com",
        "%2F%2Fevil.example.com",
        "\\\\evil.example.com",
    ],
)
async def test_a_hostile_id_cannot_move_a_call_off_the_configured_host(task_id: str) -> None:
    """An id that is not one path segment as written is refused before anything is sent;
    any other goes, percent-encoded, to the configured host."""
    recorder = Recorder(lambda _: httpx.Response(404, json={"status": 404}))
    async with _client(recorder) as client:
        for call in (
            lambda: client.tasks.get(task_id),
            lambda: client.databases.delete_tag(1, 2, task_id, confirm=True),
        ):
            sent = len(recorder.requests)
            with pytest.raises((APIError, ValidationError)) as info:
                await call()
            if isinstance(info.value, ValidationError):
                assert len(recorder.requests) == sent
    refused = any(c in task_id for c in "/\\?#")
    assert bool(recorder.requests) is not refused
    for request in recorder.requests:
        assert (request.url.scheme, request.url.host, request.url.port) == (
            "https",
            "api.redislabs.com",
            None,
        )
