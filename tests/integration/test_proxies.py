"""Proxy variables (issue 14.9): never for plain http, still for https.

Plain http is allowed only to a loopback host; sending its requests, keys in clear text,
to a proxy named by `HTTP_PROXY` would put them on the network. Over https the keys
travel inside the tunnel the proxy opens (CONNECT), so proxies keep working there.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator

import pytest

from redis_cloud_async import AsyncClient, RetryPolicy, TransportError
from redis_cloud_async.testing import FakeRedisCloud, serve_in_thread

KEY = "proxy-test-key"
SECRET = "proxy-test-secret-0c1d"
#: One attempt: the hung-up connection is not retried.
ONCE = RetryPolicy(attempts=1)
PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY")


class RecordingProxy:
    """A loopback 'proxy' that records the first line of each request and hangs up."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.url = ""

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.lines.append((await reader.readline()).decode(errors="replace").strip())
        writer.close()


@pytest.fixture
async def proxy() -> AsyncIterator[RecordingProxy]:
    recording = RecordingProxy()
    server = await asyncio.start_server(recording._handle, "127.0.0.1", 0)
    recording.url = f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}"
    async with server:
        yield recording


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)
    return monkeypatch


@pytest.fixture
def served() -> Iterator[str]:
    with serve_in_thread(FakeRedisCloud(api_key=KEY, api_secret=SECRET)) as url:
        yield url


@pytest.mark.parametrize("variable", ["HTTP_PROXY", "http_proxy", "ALL_PROXY"])
async def test_plain_http_to_loopback_ignores_proxy_variables(
    variable: str, proxy: RecordingProxy, served: str, clean_env: pytest.MonkeyPatch
) -> None:
    clean_env.setenv(variable, proxy.url)
    async with AsyncClient(KEY, SECRET, base_url=served, timeout=5, retry=ONCE) as client:
        account = await client.account.get()
    assert account.id is not None
    assert proxy.lines == []  # the keys never went to the proxy


async def test_https_still_goes_through_the_proxy(
    proxy: RecordingProxy, clean_env: pytest.MonkeyPatch
) -> None:
    clean_env.setenv("HTTPS_PROXY", proxy.url)
    base_url = "https://api.example.invalid/v1"
    async with AsyncClient(KEY, SECRET, base_url=base_url, timeout=5, retry=ONCE) as c:
        with pytest.raises(TransportError):  # the 'proxy' hangs up after the first line
            await c.account.get()
    assert proxy.lines == ["CONNECT api.example.invalid:443 HTTP/1.1"]
