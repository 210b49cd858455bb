"""Sentinel secrets at DEBUG logging: in no log line, repr, error string or traceback."""

from __future__ import annotations

import logging
import traceback

import pytest

from redis_cloud_async import (
    APIError,
    AsyncClient,
    AuthenticationError,
    CloudProviderSpec,
    DatabaseCreateSpec,
    DatabaseUpdateSpec,
    PollPolicy,
    RegionSpec,
    RetryPolicy,
    SubscriptionCreateSpec,
    SubscriptionDatabaseSpec,
)
from redis_cloud_async._http import httpx
from redis_cloud_async.testing import FakeRedisCloud

KEY = "SENTINEL-KEY-4f1d2c"
SECRET = "SENTINEL-SECRET-9a8b7c"
DB_PASSWORD = "SENTINEL-DBPASS-77aa"
SENTINELS = (KEY, SECRET, DB_PASSWORD)


def _assert_clean(*texts: str) -> None:
    for text in texts:
        for sentinel in SENTINELS:
            assert sentinel not in text, f"{sentinel} leaked into: {text[:200]!r}"


async def test_no_secret_reaches_logs_reprs_or_errors(
    caplog: pytest.LogCaptureFixture, fast_poll: PollPolicy
) -> None:
    caplog.set_level(logging.DEBUG)
    fake = FakeRedisCloud(api_key=KEY, api_secret=SECRET, speed=18000)
    texts: list[str] = []
    async with fake.client(strict=True, poll=fast_poll) as client:
        texts += [repr(client), repr(vars(client))]
        task = await (
            await client.subscriptions.create(
                SubscriptionCreateSpec(
                    name="secrets",
                    cloud_providers=[CloudProviderSpec(regions=[RegionSpec(region="us-east-1")])],
                    databases=[SubscriptionDatabaseSpec(name="first", dataset_size_in_gb=1)],
                )
            )
        ).wait()
        assert task.resource_id is not None
        sub = await client.subscriptions.wait_until_active(task.resource_id)
        spec = DatabaseCreateSpec(name="guarded", password=DB_PASSWORD)
        texts.append(repr(spec))
        handle = await client.databases.create(sub.id, spec)
        texts.append(repr(handle))
        done = await handle.wait()
        texts.append(repr(done))
        assert done.resource_id is not None
        await client.databases.wait_until_active(sub.id, done.resource_id)
        db = await client.databases.get(sub.id, done.resource_id)
        assert db.password == DB_PASSWORD  # the user can read it...
        texts += [repr(db), str(db), repr(db.security)]  # ...but it is never shown
        texts += [repr(d) for d in await client.databases.list(sub.id)]

    # A wrong key: the error names the status, never the keys.
    async with AsyncClient(
        KEY,
        "WRONG-" + SECRET,
        base_url="http://localhost/v1",
        transport=httpx.ASGITransport(app=fake.app),
    ) as wrong:
        with pytest.raises(AuthenticationError) as info:
            await wrong.subscriptions.list()
        texts += [
            str(info.value),
            repr(info.value),
            "".join(traceback.format_exception(info.value)),
        ]

    texts.append(caplog.text)
    texts += [record.getMessage() for record in caplog.records]
    assert any("POST" in r.getMessage() for r in caplog.records)  # we did log at DEBUG
    _assert_clean(*texts)


async def test_error_bodies_are_redacted(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)

    def handler(request: httpx.Request) -> httpx.Response:
        # A server that echoes what it was sent, in prose, in a URI and in fields.
        return httpx.Response(
            400,
            json={
                "status": 400,
                "error": "Bad Request",
                "message": f"password {DB_PASSWORD} is too weak; redis://u:{DB_PASSWORD}@h:1",
                "password": DB_PASSWORD,
                "globalPassword": DB_PASSWORD,
            },
        )

    async with AsyncClient(
        KEY, SECRET, transport=httpx.MockTransport(handler), retry=RetryPolicy(attempts=1)
    ) as client:
        with pytest.raises(APIError) as info:
            await client.databases.update(1, 2, DatabaseUpdateSpec(password=DB_PASSWORD))
    error = info.value
    assert error.status == 400
    texts = [str(error), repr(error), repr(error.body), "".join(traceback.format_exception(error))]
    texts.append(caplog.text)
    _assert_clean(*texts)
