"""Secrets that reach a traceback or a log through someone else's words (issue 14.1).

A key read from a secret file often ends in a newline, which no HTTP header may carry:
h11 refused it and its message, with the key, became the cause of our error and a DEBUG
record of httpcore. The client strips the surrounding whitespace of a key and refuses
any other character a header cannot carry when it is made, naming where the key came
from and never its value; and whatever a third party says is redacted all along the
chain of the errors we raise and in the records of our loggers, httpx's and httpcore's.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Iterator

import pytest

from redis_cloud_async import AsyncClient, ConfigurationError, TransportError
from redis_cloud_async._http import httpx
from redis_cloud_async._secrets import register_secret
from redis_cloud_async.testing import FakeRedisCloud, serve_in_thread

KEY = "chain-test-key-1"
SECRET = "chain-test-secret-7f3a"


def _texts(error: BaseException | None, seen: set[int]) -> list[str]:
    """What the error and every error behind it say (causes, contexts, groups)."""
    if error is None or id(error) in seen:
        return []
    seen.add(id(error))
    own = [str(error), repr(error), repr(error.args), *getattr(error, "__notes__", [])]
    behind = [*getattr(error, "exceptions", ()), error.__cause__, error.__context__]
    return own + [text for inner in behind for text in _texts(inner, seen)]


def _every_text(error: BaseException, *, at_least: int = 1) -> str:
    seen: set[int] = set()
    texts = _texts(error, seen) + traceback.format_exception(error)
    assert len(seen) >= at_least, "the chain is shorter than the test built it"
    return "\n".join(texts)


@pytest.fixture
def served() -> Iterator[str]:
    """A simulator over loopback (h11 checks the headers on the way out)."""
    with serve_in_thread(FakeRedisCloud(api_key=KEY, api_secret=SECRET)) as url:
        yield url


@pytest.fixture
def no_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("REDIS_API_KEY", "REDIS_API_SECRET", "REDISCLOUD_ACCESS_KEY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("REDISCLOUD_SECRET_KEY", raising=False)


async def test_a_key_ending_in_a_newline_is_stripped_and_works(
    served: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    async with AsyncClient(KEY + "\n", f"  {SECRET}\r\n", base_url=served) as client:
        account = await client.account.get()
    assert account.id is not None
    assert SECRET not in caplog.text


async def test_a_key_from_the_environment_ending_in_a_newline_works(
    served: str, no_credentials: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REDIS_API_KEY", KEY)
    monkeypatch.setenv("REDIS_API_SECRET", SECRET + "\n")
    async with AsyncClient(base_url=served) as client:
        assert (await client.account.get()).id is not None


@pytest.mark.parametrize("bad", ["inner\nnewline-x", "tab\tinside-x", "caf\u00e9-secret-x", " "])
def test_a_key_a_header_cannot_carry_is_refused_naming_the_argument(bad: str) -> None:
    with pytest.raises(ConfigurationError) as info:
        AsyncClient(KEY, bad, base_url="http://127.0.0.1:9/v1")
    assert "api_secret" in str(info.value)
    if bad.strip():
        assert bad.strip() not in _every_text(info.value)


def test_a_key_a_header_cannot_carry_is_refused_naming_the_variable(
    no_credentials: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REDISCLOUD_ACCESS_KEY", "access\x7fkey-9")
    monkeypatch.setenv("REDISCLOUD_SECRET_KEY", SECRET)
    with pytest.raises(ConfigurationError) as info:
        AsyncClient(base_url="http://127.0.0.1:9/v1")
    assert "REDISCLOUD_ACCESS_KEY" in str(info.value)
    assert "access\x7fkey-9" not in _every_text(info.value)


async def test_a_third_party_error_echoing_a_secret_is_redacted_along_the_chain() -> None:
    """What h11 said of the refused header, with a note and an error behind it."""

    def refuse(request: httpx.Request) -> httpx.Response:
        inner = ValueError(f"header value {SECRET!r} rejected")
        try:
            raise inner
        except ValueError:
            error = httpx.LocalProtocolError(f"Illegal header value b'{SECRET}\\n'")
            error.add_note(f"while sending x-api-secret-key: {SECRET}")
            raise error from inner

    transport = httpx.MockTransport(refuse)
    base_url = "https://api.example"
    async with AsyncClient(KEY, SECRET, base_url=base_url, transport=transport) as client:
        with pytest.raises(TransportError) as info:
            await client.account.get()
    assert SECRET not in _every_text(info.value, at_least=3)


def test_records_of_httpcore_and_httpx_are_redacted(caplog: pytest.LogCaptureFixture) -> None:
    import redis_cloud_async  # noqa: F401 - the library guards these loggers once imported

    register_secret(SECRET)
    caplog.set_level(logging.DEBUG)
    for name in ("httpcore.http11", "httpcore.connection", "httpcore.proxy", "httpx"):
        logging.getLogger(name).debug(
            "send_request_headers.failed exception=LocalProtocolError(%r)", f"b'{SECRET}\\n'"
        )
    assert caplog.records
    assert SECRET not in caplog.text
    assert all(SECRET not in record.getMessage() for record in caplog.records)


@pytest.mark.parametrize("logger", ["redis_cloud_async.http", "httpcore.http11", "httpx"])
def test_a_traceback_in_a_record_is_redacted(logger: str, caplog: pytest.LogCaptureFixture) -> None:
    import redis_cloud_async  # noqa: F401

    register_secret(SECRET)
    caplog.set_level(logging.DEBUG)
    try:
        try:
            raise OSError(f"cannot send {SECRET}")
        except OSError as inner:
            raise RuntimeError("send failed") from inner
    except RuntimeError:
        logging.getLogger(logger).exception("request failed")
    assert caplog.records[-1].exc_info is not None or caplog.records[-1].exc_text
    formatted = logging.Formatter().format(caplog.records[-1])
    assert "cannot send" in formatted
    assert SECRET not in formatted
    assert SECRET not in caplog.text
