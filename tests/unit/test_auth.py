"""Credentials: where they come from and where they may go."""

from __future__ import annotations

import pytest

from redis_cloud_async import APIError, AsyncClient, ConfigurationError
from redis_cloud_async._auth import ApiKeyAuth, check_transport_security, resolve_credentials
from redis_cloud_async._http import httpx
from redis_cloud_async._secrets import Credentials


def test_arguments_win_over_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REDIS_API_KEY", "env-key")
    monkeypatch.setenv("REDIS_API_SECRET", "env-secret")
    creds = resolve_credentials("arg-key", "arg-secret")
    assert (creds.api_key, creds.api_secret) == ("arg-key", "arg-secret")


def test_guide_variables_then_terraform_variables() -> None:
    env = {
        "REDISCLOUD_ACCESS_KEY": "tf-key",
        "REDISCLOUD_SECRET_KEY": "tf-secret",
    }
    assert resolve_credentials(None, None, env).api_key == "tf-key"
    env |= {"REDIS_API_KEY": "guide-key", "REDIS_API_SECRET": "guide-secret"}
    assert resolve_credentials(None, None, env).api_key == "guide-key"


def test_half_a_pair_in_the_environment_is_skipped() -> None:
    env = {"REDIS_API_KEY": "only-key", "REDISCLOUD_ACCESS_KEY": "k", "REDISCLOUD_SECRET_KEY": "s"}
    assert resolve_credentials(None, None, env).api_key == "k"


def test_missing_credentials_name_the_variables() -> None:
    with pytest.raises(ConfigurationError) as info:
        resolve_credentials(None, None, {})
    message = str(info.value)
    for name in (
        "REDIS_API_KEY",
        "REDIS_API_SECRET",
        "REDISCLOUD_ACCESS_KEY",
        "REDISCLOUD_SECRET_KEY",
    ):
        assert name in message


def test_half_a_pair_in_arguments_is_an_error() -> None:
    with pytest.raises(ConfigurationError, match="api_secret"):
        resolve_credentials("key", None, {})


@pytest.mark.parametrize(
    "url",
    [
        "https://api.redislabs.com/v1",
        "http://localhost:8080/v1",
        "http://127.0.0.1/v1",
        "http://[::1]:9/v1",
    ],
)
def test_allowed_urls(url: str) -> None:
    check_transport_security(httpx.URL(url))


@pytest.mark.parametrize(
    "url", ["http://api.redislabs.com/v1", "http://10.0.0.1/v1", "ftp://localhost/v1"]
)
def test_plain_http_to_other_hosts_is_refused(url: str) -> None:
    with pytest.raises(ConfigurationError, match="refusing"):
        check_transport_security(httpx.URL(url))


def test_client_refuses_plain_http_before_any_request() -> None:
    with pytest.raises(ConfigurationError):
        AsyncClient("k" * 8, "s" * 8, base_url="http://example.com/v1")


async def test_keys_go_only_to_the_configured_origin() -> None:
    seen: dict[str, httpx.Headers] = {}

    def handler(request: httpx.Request) -> httpx.Response:
        seen[str(request.url)] = request.headers
        return httpx.Response(200, json={})

    auth = ApiKeyAuth(
        Credentials("the-key", "the-secret"), httpx.URL("https://api.redislabs.com/v1")
    )
    async with httpx.AsyncClient(transport=httpx.MockTransport(handler), auth=auth) as http:
        await http.get("https://api.redislabs.com/v1/subscriptions")
        await http.get("https://evil.example.com/v1/subscriptions")
        await http.get("http://api.redislabs.com/v1/subscriptions")
        await http.get("https://api.redislabs.com:8443/v1/subscriptions")
    ours = seen["https://api.redislabs.com/v1/subscriptions"]
    assert ours["x-api-key"] == "the-key"
    assert ours["x-api-secret-key"] == "the-secret"
    for url, headers in seen.items():
        if url != "https://api.redislabs.com/v1/subscriptions":
            assert "x-api-key" not in headers, url
            assert "x-api-secret-key" not in headers, url


async def test_redirects_are_not_followed_and_keys_do_not_cross_them() -> None:
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        if request.url.host == "api.redislabs.com":
            return httpx.Response(302, headers={"location": "https://evil.example.com/steal"})
        return httpx.Response(200, json={})

    client = AsyncClient("the-key-1234", "the-secret-1234", transport=httpx.MockTransport(handler))
    async with client:
        with pytest.raises(APIError) as info:
            await client.subscriptions.list()
    assert [r.url.host for r in sent] == ["api.redislabs.com"]
    assert "302" in str(info.value)
    assert "the-secret-1234" not in str(info.value)


def test_reprs_carry_no_secret() -> None:
    creds = Credentials("sentinel-key-abc", "sentinel-secret-xyz")
    auth = ApiKeyAuth(creds, httpx.URL("https://api.redislabs.com/v1"))
    client = AsyncClient("sentinel-key-abc", "sentinel-secret-xyz")
    for text in (repr(creds), str(creds), repr(auth), repr(client), repr(vars(client))):
        assert "sentinel-key-abc" not in text
        assert "sentinel-secret-xyz" not in text
