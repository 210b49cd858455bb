"""Credentials inside URIs and echoed by the service (issue 14.7).

A replication source ``redis://user:pass@host``, a backup path ``ftp://user:pass@host``,
an import URI, a signed URL's ``sig=``: each spec shows them with the credential masked
(``redis://***@host``) in its repr and str, and registers the credential as a secret
the moment it is built, so that no log line, error or validation message shows it. A
task whose error description echoes a registered secret (an ACL password) raises a
`TaskFailedError` without it. A `ValidationError` never shows a secret field's value.
"""

from __future__ import annotations

import json
import logging
from typing import Any

import attrs
import pytest

from redis_cloud_async import (
    AclUserCreateSpec,
    AsyncClient,
    TaskFailedError,
    ValidationError,
)
from redis_cloud_async._http import httpx
from redis_cloud_async._secrets import redact_text
from redis_cloud_async.models import (
    DatabaseBackupConfigSpec,
    DatabaseBackupSpec,
    DatabaseCreateSpec,
    DatabaseImportSpec,
    ReplicaSpec,
    SyncSourceSpec,
)
from redis_cloud_async.models.databases import SyncSource
from redis_cloud_async.models.essentials import EssentialsDatabaseCreateSpec
from redis_cloud_async.models.tasks import Task

REDIS_PASSWORD = "redis-src-pass-41"
FTP_PASSWORD = "ftp-backup-pass-42"
S3_PASSWORD = "s3-adhoc-pass-43"
SIGNATURE = "sv2024Sig0nATUREabc44"
ESSENTIALS_PASSWORD = "fixed-backup-pass-45"

SPECS: list[tuple[Any, str, str]] = [
    (
        SyncSourceSpec(endpoint=f"redis://repl:{REDIS_PASSWORD}@10.0.0.5:6379"),
        REDIS_PASSWORD,
        "redis://***@10.0.0.5:6379",
    ),
    (
        DatabaseCreateSpec(
            name="replica",
            replica=ReplicaSpec(
                sync_sources=[SyncSourceSpec(endpoint=f"rediss://:{REDIS_PASSWORD}@src:6380")]
            ),
        ),
        REDIS_PASSWORD,
        "rediss://***@src:6380",
    ),
    (
        DatabaseBackupConfigSpec(
            active=True, storage_type="ftp", storage_path=f"ftp://bk:{FTP_PASSWORD}@ftp.example/db"
        ),
        FTP_PASSWORD,
        "ftp://***@ftp.example/db",
    ),
    (
        DatabaseBackupSpec(adhoc_backup_path=f"s3://key:{S3_PASSWORD}@bucket/now"),
        S3_PASSWORD,
        "s3://***@bucket/now",
    ),
    (
        DatabaseImportSpec(
            source_type="http",
            import_from_uri=[f"https://acct.blob.example/c/dump.rdb?sv=2024&sig={SIGNATURE}"],
        ),
        SIGNATURE,
        "DatabaseImportSpec(source_type='http')",  # its URIs are hidden whole
    ),
    (
        EssentialsDatabaseCreateSpec(
            name="small", periodic_backup_path=f"ftp://u:{ESSENTIALS_PASSWORD}@ftp.example/x"
        ),
        ESSENTIALS_PASSWORD,
        "ftp://***@ftp.example/x",
    ),
]


@pytest.mark.parametrize(("spec", "secret", "masked"), SPECS)
def test_a_uri_credential_is_masked_in_repr_and_str(spec: Any, secret: str, masked: str) -> None:
    for text in (repr(spec), str(spec), f"{spec}", repr([spec])):
        assert secret not in text
        assert masked in text


@pytest.mark.parametrize(("spec", "secret", "masked"), SPECS)
def test_a_uri_credential_is_registered_when_the_spec_is_built(
    spec: Any, secret: str, masked: str, caplog: pytest.LogCaptureFixture
) -> None:
    assert secret not in redact_text(f"password was {secret} all along")
    caplog.set_level(logging.DEBUG)
    logging.getLogger("redis_cloud_async.http").debug("body %s", json.dumps({"x": secret}))
    assert secret not in caplog.text


def test_a_model_the_server_sent_masks_its_uri() -> None:
    source = SyncSource(endpoint="redis://u:model-pass-46@host:1")
    assert "model-pass-46" not in repr(source)
    assert "redis://***@host:1" in repr(source)


def test_a_uri_without_a_credential_is_shown_as_it_is() -> None:
    spec = SyncSourceSpec(endpoint="redis://10.0.0.5:6379")
    assert "redis://10.0.0.5:6379" in repr(spec)
    assert spec.endpoint == "redis://10.0.0.5:6379"  # the value itself is untouched


def test_the_value_sent_keeps_its_credential() -> None:
    from redis_cloud_async._converter import make_converter

    body = make_converter().unstructure(SPECS[0][0])
    assert body["endpoint"] == f"redis://repl:{REDIS_PASSWORD}@10.0.0.5:6379"


def test_a_validation_error_never_shows_a_uri_credential() -> None:
    uri = "https://acct.blob.example/c/d.rdb?sig=listed-twice-sig-47"
    with pytest.raises(ValidationError) as twice:
        DatabaseImportSpec(source_type="http", import_from_uri=[uri, uri])
    with pytest.raises(ValidationError) as scheme:
        SyncSourceSpec(endpoint="http://tokenonly-user-48@host:6379")
    with pytest.raises(ValidationError) as path:
        DatabaseBackupSpec(adhoc_backup_path="no-scheme:bad-pass-49@host")
    for error, secret in (
        (twice, "listed-twice-sig-47"),
        (scheme, "tokenonly-user-48"),
        (path, "bad-pass-49"),
    ):
        assert secret not in str(error.value)
        assert secret not in repr(vars(error.value))


def test_a_validation_error_never_shows_a_secret_fields_value() -> None:
    """Every secret field (repr=False) of every spec, given a value its rules refuse."""
    from tests.helpers.spec_catalogue import baseline, covered_specs

    checked = 0
    for cls in covered_specs():
        for field in attrs.fields(cls):
            if field.repr is not False:
                continue
            for value in ("", " ", "x", "short-secret-50", "\u00e9" * 200, 7, ["list-secret-51"]):
                try:
                    cls(**{**baseline(cls.__name__), field.name: value})
                except ValidationError as error:
                    text = str(error) + repr(getattr(error, "__dict__", {}))
                    for shown in ("short-secret-50", "list-secret-51", "\u00e9" * 20):
                        assert shown not in text, (cls, field.name)
                    checked += 1
    assert checked > 20


def _echoing_service(password: str) -> httpx.MockTransport:
    """POST /acl/users answers a task that then fails quoting the password."""
    task = {"taskId": "t-echo", "commandType": "aclUserCreateRequest", "status": "received"}
    failed = {
        **task,
        "status": "processing-error",
        "description": f"User creation failed for password {password}",
        "response": {
            "error": {
                "type": "ACL_USER_PASSWORD_NOT_VALID",
                "status": "400 BAD_REQUEST",
                "description": f"Password '{password}' is too weak",
            },
            "additionalInfo": f"cluster-user-password-wrong-pattern: {password}",
        },
    }

    def answer(request: httpx.Request) -> httpx.Response:
        if request.method == "POST":
            return httpx.Response(202, json=task)
        if request.url.path.endswith("/tasks"):
            return httpx.Response(200, json={"tasks": [failed]})
        return httpx.Response(200, json=failed)

    return httpx.MockTransport(answer)


async def test_a_task_error_echoing_a_registered_secret_is_redacted() -> None:
    password = "acl-user-pass-52"
    transport = _echoing_service(password)
    base_url = "https://api.example"
    async with AsyncClient("k" * 8, "s" * 8, base_url=base_url, transport=transport) as c:
        handle = await c.acl.users.create(
            AclUserCreateSpec(name="app", role="reader", password=password)
        )
        with pytest.raises(TaskFailedError) as info:
            await handle.wait(timeout=60)
    error = info.value
    assert error.task_id == "t-echo"
    assert error.error_type == "ACL_USER_PASSWORD_NOT_VALID"
    for text in (
        str(error),
        repr(error),
        repr(vars(error)),
        error.description or "",
        error.additional_info or "",
    ):
        assert password not in text
    assert "too weak" in (error.description or "")
    # The service's own words stay, as redaction renders them: the registry is process-wide, so
    # a short secret another test registered (e.g. "wrong") is masked here as well.
    reason = redact_text("cluster-user-password-wrong-pattern")
    assert (error.additional_info or "").startswith(reason)
    assert reason in str(error)


def test_a_task_shows_its_description_redacted() -> None:
    AclUserCreateSpec(name="app", role="reader", password="acl-user-pass-53")
    task = Task(task_id="t", description="bad password acl-user-pass-53", status="processing-error")
    assert "acl-user-pass-53" not in repr(task)
