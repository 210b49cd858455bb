"""Keeping secrets out of logs, reprs and error messages.

Three layers: credentials live in `Credentials` (never in a repr), the library's loggers
carry a filter that redacts password-like fields, credentials in URIs, the API key
headers and every secret value the process registered, and error bodies are redacted
before they are stored on an exception.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Collection, Mapping
from typing import Any

import attrs

__all__ = [
    "REDACTED",
    "SECRET_FIELDS",
    "Credentials",
    "RedactingFilter",
    "get_logger",
    "redact_data",
    "redact_text",
    "register_secret",
    "register_secrets_of",
]

REDACTED = "***"

#: JSON field names whose values are secrets, wherever they appear.
SECRET_FIELDS = frozenset(
    {
        "password",
        "globalPassword",
        "accessSecretKey",
        "consolePassword",
        "accessKeyId",
        "saslPassword",
        "secretKey",
        "apiSecret",
        "api_secret",
        "x-api-secret-key",
        "x-api-key",
        "serviceAccountKey",
        "encryptionKey",
    }
)

_FIELD_NAMES = "|".join(re.escape(name) for name in sorted(SECRET_FIELDS, key=len, reverse=True))
# "password": "value"  /  'password': 'value'  /  password=value  /  x-api-key: value
_FIELD_VALUE = re.compile(
    rf"""(?P<key>["']?(?:{_FIELD_NAMES})["']?\s*[:=]\s*)(?P<q>["']?)(?P<value>[^"',\s}}\]]*)(?P=q)""",
    re.IGNORECASE,
)
# scheme://user:password@host
_URI_CREDENTIALS = re.compile(
    r"(?P<scheme>[a-zA-Z][a-zA-Z0-9+.-]*://)(?P<cred>[^/\s@:]*:[^/\s@]*)@"
)

_registered: set[str] = set()
_registered_lock = threading.Lock()


def register_secret(value: str | None) -> None:
    """Redact this exact value from every log line from now on (API keys, passwords)."""
    if value and len(value) >= 4:
        with _registered_lock:
            _registered.add(value)


def register_secrets_of(obj: Any) -> None:
    """Register every string held by a `repr=False` field of an attrs object (and of
    the attrs objects nested in it): what a spec hides from its repr stays out of logs."""
    if not attrs.has(type(obj)):
        return
    for field in attrs.fields(type(obj)):
        value = getattr(obj, field.name)
        if not field.repr and isinstance(value, str):
            register_secret(value)
        for item in value if isinstance(value, list | tuple) else [value]:
            register_secrets_of(item)


def redact_text(text: str) -> str:
    """Replace every secret this module knows of in `text`."""
    with _registered_lock:
        values = sorted(_registered, key=len, reverse=True)
    for value in values:
        if value in text:
            text = text.replace(value, REDACTED)
    text = _FIELD_VALUE.sub(
        lambda m: f"{m['key']}{m['q']}{REDACTED}{m['q']}" if m["value"] else m[0], text
    )
    return _URI_CREDENTIALS.sub(lambda m: f"{m['scheme']}{REDACTED}@", text)


def redact_data(data: Any, fields: Collection[str] = SECRET_FIELDS) -> Any:
    """A copy of JSON data with every secret field's value (the keys in `fields`) and URI
    credential redacted."""
    if isinstance(data, Mapping):
        return {
            k: (REDACTED if k in fields and v not in (None, "") else redact_data(v, fields))
            for k, v in data.items()
        }
    if isinstance(data, list):
        return [redact_data(v, fields) for v in data]
    if isinstance(data, str):
        return redact_text(data)
    return data


class RedactingFilter(logging.Filter):
    """Rewrites each record's message with its secrets redacted (keeps the record)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = redact_text(message)
        if redacted != message or record.args:
            record.msg = redacted
            record.args = None
        return True


_FILTER = RedactingFilter()


def get_logger(name: str) -> logging.Logger:
    """A library logger with the redacting filter attached (filters do not inherit)."""
    logger = logging.getLogger(name)
    if _FILTER not in logger.filters:
        logger.addFilter(_FILTER)
    return logger


@attrs.frozen
class Credentials:
    """The API key pair. Neither value ever appears in a repr or a log line."""

    api_key: str = attrs.field(repr=False)
    api_secret: str = attrs.field(repr=False)

    def __attrs_post_init__(self) -> None:
        register_secret(self.api_key)
        register_secret(self.api_secret)

    def __repr__(self) -> str:
        return "Credentials(api_key=***, api_secret=***)"
