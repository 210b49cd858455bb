"""The options every API command shares, and the one client a command opens from them.

Credentials come from the environment only (`REDIS_API_KEY`/`REDIS_API_SECRET`, then
`REDISCLOUD_ACCESS_KEY`/`REDISCLOUD_SECRET_KEY`): an argument would land in the shell's
history and in the process list.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable
from typing import TypeVar

from .._auth import ENV_PAIRS, resolve_credentials
from .._client import BASE_URL_ENV, DEFAULT_BASE_URL, AsyncClient
from .._errors import ConfigurationError
from .._polling import PollPolicy

__all__ = [
    "BASE_URL_ENV",
    "CREDENTIALS_HELP",
    "api_options",
    "connect",
    "count",
    "positive",
    "verify_credentials",
]

N = TypeVar("N", int, float)

#: Where the keys come from, for the help texts.
CREDENTIALS_HELP = "keys from the environment only: " + ", else ".join(
    f"{key} and {secret}" for key, secret in ENV_PAIRS
)
#: Polling backs off to this many times its first interval while nothing changes.
_POLL_BACKOFF = 15.0


def positive(text: str) -> float:
    """An argparse type: a number of seconds greater than zero."""
    return _above_zero(text, float, "a number")


def count(text: str) -> int:
    """An argparse type: a whole number of at least one."""
    return _above_zero(text, int, "a whole number")


def _above_zero(text: str, kind: Callable[[str], N], what: str) -> N:
    try:
        value = kind(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not {what}: {text!r}") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be greater than 0, got {value:g}")
    return value


def api_options() -> argparse.ArgumentParser:
    """A parent parser with the options of every command that talks to the API."""
    parent = argparse.ArgumentParser(add_help=False)
    group = parent.add_argument_group("connection", CREDENTIALS_HELP)
    group.add_argument(
        "--base-url",
        default=os.environ.get(BASE_URL_ENV) or DEFAULT_BASE_URL,
        help=f"API base URL (default: ${BASE_URL_ENV}, else {DEFAULT_BASE_URL}); "
        "plain http only to a loopback host",
    )
    group.add_argument(
        "--poll-interval",
        type=positive,
        default=1.0,
        metavar="SECONDS",
        help="first interval of the shared task and readiness polling; it backs off to "
        f"{_POLL_BACKOFF:g} times that while nothing changes (default: 1)",
    )
    return parent


def connect(args: argparse.Namespace) -> AsyncClient:
    """The command's client: keys from the environment, the URL and pace from `args`."""
    try:
        resolve_credentials(None, None)
    except ConfigurationError:
        names = " or ".join(f"{key} and {secret}" for key, secret in ENV_PAIRS)
        raise ConfigurationError(f"no credentials: set {names} in the environment") from None
    interval: float = args.poll_interval
    poll = PollPolicy(initial=interval, maximum=interval * _POLL_BACKOFF)
    return AsyncClient(base_url=args.base_url, poll=poll)


async def verify_credentials(client: AsyncClient) -> None:
    """One cheap read, so that wrong keys stop a run before its first write."""
    await client.account.get()
