"""Keeping secrets out of logs, reprs and error messages.

Three layers: credentials live in `Credentials` (never in a repr), the library's loggers
carry a filter that redacts password-like fields, credentials in URIs, the API key
headers and every secret value the process registered, and error bodies are redacted
before they are stored on an exception.

Someone else's words may echo a secret too (h11 quotes a header value it refuses): the
same filter guards the loggers of httpx and httpcore, a record's traceback included, and
`scrub` redacts a third party's error, and every error behind it, where it enters.
"""

from __future__ import annotations

import contextlib
import logging
import re
import threading
from collections.abc import Collection, Mapping
from typing import Any
from urllib.parse import unquote

import attrs

__all__ = [
    "CREDENTIAL_URI",
    "REDACTED",
    "SECRET_FIELDS",
    "Credentials",
    "RedactingFilter",
    "get_logger",
    "mask_uri",
    "redact_data",
    "redact_text",
    "register_field_secrets",
    "register_secret",
    "register_secrets_of",
    "scrub",
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
# scheme://user:password@host, scheme://token@host
_URI_CREDENTIALS = re.compile(r"(?P<scheme>[a-zA-Z][a-zA-Z0-9+.-]*://)(?P<cred>[^/\s@?#'\"]+)@")
# The signing parameters of a signed URL (Azure SAS, S3 and GCS presigned URLs).
_URI_SIGNATURE = re.compile(
    r"(?P<key>[?&](?:sig|signature|token|access_token|x-amz-signature|x-amz-credential"
    r"|x-amz-security-token|x-goog-signature|x-goog-credential)=)(?P<value>[^&#\s'\"]+)",
    re.IGNORECASE,
)
#: Metadata key of an attrs field holding URIs that may carry credentials (see `mask_uri`).
CREDENTIAL_URI = "redis_cloud_async.credential_uri"

_registered: set[str] = set()
_registered_lock = threading.Lock()


def register_secret(value: str | None) -> None:
    """Redact this exact value from every log line from now on (API keys, passwords)."""
    if value and len(value) >= 4:
        with _registered_lock:
            _registered.add(value)


def mask_uri(text: str, *, whole: bool = False) -> str:
    """`text` with the credentials of its URIs masked: ``redis://***@host``, ``sig=***``.

    `whole`: `text` is meant to be one URI (a field's value): without a ``scheme://``,
    whatever precedes its last ``@`` is masked too (``user:pass@host`` typed bare).
    """
    masked = _URI_CREDENTIALS.sub(lambda m: f"{m['scheme']}{REDACTED}@", text)
    masked = _URI_SIGNATURE.sub(lambda m: f"{m['key']}{REDACTED}", masked)
    if whole and "://" not in text and "@" in text:
        masked = REDACTED + masked[masked.rindex("@") :]
    return masked


def _uri_credentials(text: str) -> list[str]:
    """The credentials in a URI: user info, its password, signatures (each also
    percent-decoded); without a ``scheme://``, whatever precedes its last ``@``."""
    found: list[str] = []
    for match in _URI_CREDENTIALS.finditer(text):
        found += [match["cred"], match["cred"].partition(":")[2]]
    if "://" not in text and "@" in text:
        bare = text[: text.rindex("@")]
        found += [bare, bare.rpartition(":")[2]]
    found += [match["value"] for match in _URI_SIGNATURE.finditer(text)]
    return [v for value in found for v in {value, unquote(value)} if v]


def register_field_secrets(field: attrs.Attribute[Any], value: Any) -> None:
    """Register what an attrs field's value hides: all of it for a `repr=False` field
    (a string, or each string of a list), the credentials for a `CREDENTIAL_URI` field."""
    items = value if isinstance(value, list | tuple) else [value]
    texts = [item for item in items if isinstance(item, str)]
    hidden = texts if field.repr is False else []
    if field.metadata.get(CREDENTIAL_URI):
        hidden += [credential for text in texts for credential in _uri_credentials(text)]
    for text in hidden:
        register_secret(text)


def register_secrets_of(obj: Any) -> None:
    """Register what every field of an attrs object hides (see `register_field_secrets`),
    and of the attrs objects nested in it: what a spec hides from its repr stays out of
    logs."""
    if not attrs.has(type(obj)):
        return
    for field in attrs.fields(type(obj)):
        value = getattr(obj, field.name)
        register_field_secrets(field, value)
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
    return mask_uri(text)


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


def _behind(error: BaseException) -> list[BaseException]:
    """The errors an error carries: its cause, its context, a group's members."""
    inner = [e for e in (error.__cause__, error.__context__) if e is not None]
    if isinstance(error, BaseExceptionGroup):
        inner += list(error.exceptions)
    return inner


def scrub(error: BaseException) -> BaseException:
    """Redact, in place, the arguments and notes of `error` and of every error behind
    it (causes, contexts, group members), and return it.

    For errors that come from elsewhere (httpx, h11, cattrs): their text is built from
    their arguments, which may quote what was sent (a header, a URL, a value).
    """
    seen: set[int] = set()
    todo = [error]
    while todo:
        current = todo.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        args = tuple(redact_text(a) if isinstance(a, str) else a for a in current.args)
        if args != current.args:
            with contextlib.suppress(AttributeError, TypeError):  # a read-only `args`
                current.args = args
        notes = getattr(current, "__notes__", None)
        if isinstance(notes, list):
            notes[:] = [redact_text(n) if isinstance(n, str) else n for n in notes]
        todo += _behind(current)
    return error


class RedactingFilter(logging.Filter):
    """Rewrites each record with its secrets redacted (keeps the record): the message,
    the error of `exc_info` and every error behind it, a formatted traceback, a stack."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = redact_text(message)
        if redacted != message or record.args:
            record.msg = redacted
            record.args = None
        if record.exc_info and record.exc_info[1] is not None:
            scrub(record.exc_info[1])
        if record.exc_text:
            record.exc_text = redact_text(record.exc_text)
        if record.stack_info:
            record.stack_info = redact_text(record.stack_info)
        return True


_FILTER = RedactingFilter()


def get_logger(name: str) -> logging.Logger:
    """A library logger with the redacting filter attached (filters do not inherit)."""
    logger = logging.getLogger(name)
    if _FILTER not in logger.filters:
        logger.addFilter(_FILTER)
    return logger


#: The loggers of the HTTP stack under the client: a logger's filter sees only the
#: records logged on that very logger, so each is guarded by name.
THIRD_PARTY_LOGGERS = (
    "httpx",
    "httpcore",
    "httpcore.connection",
    "httpcore.http11",
    "httpcore.http2",
    "httpcore.proxy",
    "httpcore.socks",
)
for _name in THIRD_PARTY_LOGGERS:
    get_logger(_name)


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
