"""The redaction that keeps secrets out of logs and error bodies."""

from __future__ import annotations

import logging

import pytest

from redis_cloud_async._secrets import (
    REDACTED,
    get_logger,
    redact_data,
    redact_text,
    register_secret,
)


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ('{"password": "hunter2-pw"}', "hunter2-pw"),
        ("{'globalPassword': 'gp-secret-1'}", "gp-secret-1"),
        ('"accessSecretKey":"ask-123456"', "ask-123456"),
        ("consolePassword=cp-987654 next", "cp-987654"),
        ("x-api-secret-key: hdr-secret-1", "hdr-secret-1"),
        ("redis://default:uri-pass-1@redis-1.example.com:6379", "uri-pass-1"),
        ("https://user:url-pass-2@host/path", "url-pass-2"),
    ],
)
def test_redact_text(text: str, secret: str) -> None:
    out = redact_text(text)
    assert secret not in out
    assert REDACTED in out


def test_registered_values_are_redacted_anywhere() -> None:
    register_secret("registered-sentinel-77")
    assert "registered-sentinel-77" not in redact_text("key=registered-sentinel-77 in a URL")


def test_redact_data_keeps_shape() -> None:
    data = {
        "name": "db",
        "security": {"password": "p-1234567", "enableTls": True},
        "list": [{"globalPassword": "g"}],
    }
    out = redact_data(data)
    assert out == {
        "name": "db",
        "security": {"password": REDACTED, "enableTls": True},
        "list": [{"globalPassword": REDACTED}],
    }
    assert data["security"]["password"] == "p-1234567"  # the input is untouched


def test_library_logger_redacts_arguments(caplog: pytest.LogCaptureFixture) -> None:
    log = get_logger("redis_cloud_async.test")
    with caplog.at_level(logging.DEBUG, logger="redis_cloud_async"):
        log.debug("body %s", {"password": "log-secret-42", "name": "x"})
    assert "log-secret-42" not in caplog.text
    assert "name" in caplog.text
