"""Credentials: where they come from, and the only place they are put on a request.

A key is sent in a header, so it is cleaned where it comes in: surrounding whitespace
(the newline a secret file ends with) is dropped, and any other character a header
cannot carry is refused at once, naming the argument or the variable, never the value.
"""

from __future__ import annotations

import ipaddress
import os
import re
from collections.abc import Generator, Mapping

from ._errors import ConfigurationError
from ._http import httpx
from ._secrets import Credentials

__all__ = ["ENV_PAIRS", "ApiKeyAuth", "check_transport_security", "resolve_credentials"]

#: Environment variables read for credentials, in order: the guide's, then Terraform's.
ENV_PAIRS: tuple[tuple[str, str], ...] = (
    ("REDIS_API_KEY", "REDIS_API_SECRET"),
    ("REDISCLOUD_ACCESS_KEY", "REDISCLOUD_SECRET_KEY"),
)


#: What a key may hold once stripped: visible ASCII, as a header value may carry.
_HEADER_SAFE = re.compile(r"[\x21-\x7e]+")


def _header_value(value: str, origin: str) -> str:
    """`value` without surrounding whitespace; `ConfigurationError` naming `origin` (the
    argument or variable) if it is empty or holds a character a header cannot carry."""
    cleaned = value.strip()
    if not cleaned:
        raise ConfigurationError(f"{origin} is empty")
    if not _HEADER_SAFE.fullmatch(cleaned):
        raise ConfigurationError(
            f"{origin} holds a character an HTTP header cannot carry (a control character, "
            "a space or a non-ASCII letter); the value is not shown"
        )
    return cleaned


def _credentials(key: str, secret: str, key_origin: str, secret_origin: str) -> Credentials:
    return Credentials(_header_value(key, key_origin), _header_value(secret, secret_origin))


def resolve_credentials(
    api_key: str | None, api_secret: str | None, env: Mapping[str, str] | None = None
) -> Credentials:
    """Arguments win; else the first environment pair that is fully set. Surrounding
    whitespace is stripped; a key a header cannot carry raises `ConfigurationError`."""
    if api_key and api_secret:
        return _credentials(api_key, api_secret, "api_key", "api_secret")
    if api_key or api_secret:
        missing = "api_secret" if api_key else "api_key"
        raise ConfigurationError(f"{missing} is missing: pass both api_key and api_secret")
    environ = os.environ if env is None else env
    for key_var, secret_var in ENV_PAIRS:
        key, secret = environ.get(key_var), environ.get(secret_var)
        if key and secret:
            return _credentials(key, secret, key_var, secret_var)
    names = " or ".join(f"{k}/{s}" for k, s in ENV_PAIRS)
    raise ConfigurationError(
        f"no Redis Cloud credentials: pass api_key and api_secret, or set {names}"
    )


def _is_loopback(host: str) -> bool:
    """This machine: `localhost`, 127.0.0.0/8, `::1`, or an IPv4-mapped loopback address.

    `::ffff:127.0.0.1` is 127.0.0.1 reached through an IPv6 socket, so it stays on this
    machine; it is unwrapped here because `is_loopback` says so only from Python 3.13 on.
    """
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped.is_loopback
    return address.is_loopback


def check_transport_security(url: httpx.URL) -> None:
    """Credentials never travel over plain http, except to this machine."""
    if url.scheme == "https":
        return
    if url.scheme == "http" and _is_loopback(url.host):
        return
    raise ConfigurationError(
        f"refusing to send credentials to {url.scheme}://{url.host}: "
        "use https (plain http is allowed only for loopback hosts)"
    )


class ApiKeyAuth(httpx.Auth):
    """Adds the key headers only to requests for the configured origin.

    A request to any other scheme, host or port (a redirect, an absolute link followed by
    user code) goes out without them.
    """

    def __init__(self, credentials: Credentials, base_url: httpx.URL) -> None:
        self._credentials = credentials
        self._origin = (base_url.scheme, base_url.host, base_url.port)

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        if (request.url.scheme, request.url.host, request.url.port) == self._origin:
            request.headers["x-api-key"] = self._credentials.api_key
            request.headers["x-api-secret-key"] = self._credentials.api_secret
        yield request

    def __repr__(self) -> str:
        scheme, host, port = self._origin
        return f"ApiKeyAuth(origin={scheme}://{host}{f':{port}' if port else ''})"
