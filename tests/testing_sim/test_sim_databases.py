"""Pro databases and the sub-operations shared with Essentials."""

from __future__ import annotations

import httpx
import pytest

from redis_cloud_async.testing import FakeRedisCloud
from tests.helpers.simulator import active_active_body, active_subscription, settle, submit

pytestmark = pytest.mark.looptime


async def database(fake: FakeRedisCloud, http: httpx.AsyncClient, **spec: object) -> str:
    """An active database in a fresh subscription; returns its API path."""
    sub_id = await active_subscription(fake, http)
    body = {"name": "cache", "datasetSizeInGb": 2, **spec}
    task = await submit(http, "POST", f"/subscriptions/{sub_id}/databases", body)
    assert task["status"] == "processing-completed", task
    assert task["response"]["additionalResourceId"] == sub_id
    await settle(fake)
    return f"/subscriptions/{sub_id}/databases/{task['response']['resourceId']}"


async def test_create_provisions_then_shows_endpoints(
    fake: FakeRedisCloud, http: httpx.AsyncClient
) -> None:
    sub_id = await active_subscription(fake, http)
    spec = {"name": "cache", "password": "chosen-password", "modules": [{"name": "RedisJSON"}]}
    task = await submit(http, "POST", f"/subscriptions/{sub_id}/databases", spec)
    path = f"/subscriptions/{sub_id}/databases/{task['response']['resourceId']}"
    pending = (await http.get(path)).json()
    assert pending["status"] == "pending"
    assert "publicEndpoint" not in pending
    await settle(fake)
    db = (await http.get(path)).json()
    assert db["status"] == "active"
    assert db["security"]["password"] == "chosen-password"
    assert db["modules"][0]["name"] == "RedisJSON"
    assert db["publicEndpoint"].startswith("redis-")
    assert "activatedOn" in db


async def test_invalid_specs_fail_as_the_service_does(
    fake: FakeRedisCloud, http: httpx.AsyncClient
) -> None:
    sub_id = await active_subscription(fake, http)
    path = f"/subscriptions/{sub_id}/databases"
    both = {"name": "x", "memoryLimitInGb": 1, "datasetSizeInGb": 1}
    assert (await http.post(path, json=both)).status_code == 400
    assert (await http.post(path, json={"datasetSizeInGb": 1})).status_code == 400
    module = await submit(http, "POST", path, {"name": "x", "modules": [{"name": "Nope"}]})
    assert module["response"]["error"]["type"] == "DATABASE_INVALID_MODULE"
    name = await submit(http, "POST", path, {"name": "-bad-"})
    assert name["response"]["error"]["type"] == "DATABASE_INVALID_NAME"


async def test_update_dry_run_and_delete(fake: FakeRedisCloud, http: httpx.AsyncClient) -> None:
    path = await database(fake, http)
    dry = await submit(http, "PUT", path, {"datasetSizeInGb": 50, "dryRun": True})
    assert dry["response"]["resource"]["pricing"]
    assert (await http.get(path)).json()["datasetSizeInGb"] == 2
    update = await submit(http, "PUT", path, {"datasetSizeInGb": 5, "name": "renamed"})
    assert update["status"] == "processing-completed"
    changed = (await http.get(path)).json()
    assert (changed["status"], changed["name"], changed["datasetSizeInGb"]) == (
        "active-change-pending",
        "renamed",
        5,
    )
    await settle(fake)
    assert (await http.get(path)).json()["status"] == "active"
    await submit(http, "DELETE", path)
    await settle(fake)
    assert (await http.get(path)).status_code == 404


async def test_tags_all_five_operations(fake: FakeRedisCloud, http: httpx.AsyncClient) -> None:
    path = await database(fake, http)
    assert (await http.get(path + "/tags")).json()["tags"] == []
    added = await http.post(path + "/tags", json={"key": "team", "value": "a"})
    assert added.status_code == 200
    assert added.json()["key"] == "team"
    assert (await http.post(path + "/tags", json={"key": "team", "value": "b"})).status_code == 409
    updated = await http.put(path + "/tags/team", json={"value": "b"})
    assert updated.json()["value"] == "b"
    assert (await http.put(path + "/tags/none", json={"value": "b"})).status_code == 404
    replaced = await http.put(path + "/tags", json={"tags": [{"key": "env", "value": "prod"}]})
    assert [t["key"] for t in replaced.json()["tags"]] == ["env"]
    assert (await http.delete(path + "/tags/env")).json() == {}
    assert (await http.delete(path + "/tags/env")).status_code == 404


async def test_backup_and_import_with_their_status_tasks(
    fake: FakeRedisCloud, http: httpx.AsyncClient
) -> None:
    path = await database(fake, http)
    status = await submit(http, "GET", path + "/backup")
    assert status["response"]["resource"] == {"status": "none"}
    missing = await submit(http, "POST", path + "/backup", {})
    assert missing["response"]["error"]["type"] == "DATABASE_BACKUP_NOT_CONFIGURED"
    backup = await submit(http, "POST", path + "/backup", {"adhocBackupPath": "s3://bucket/x"})
    assert backup["status"] == "processing-completed"
    assert (await submit(http, "GET", path + "/backup"))["response"]["resource"]["status"] == (
        "in-progress"
    )
    await settle(fake)
    done = (await submit(http, "GET", path + "/backup"))["response"]["resource"]
    assert done["status"] == "success"
    assert "lastBackupTime" in done
    assert (await http.post(path + "/import", json={"sourceType": "http"})).status_code == 400
    body = {"sourceType": "http", "importFromUri": ["https://example.com/dump.rdb"]}
    await submit(http, "POST", path + "/import", body)
    assert (await http.get(path)).json()["status"] == "active-change-pending"
    await settle(fake)
    imported = (await submit(http, "GET", path + "/import"))["response"]["resource"]
    assert imported["status"] == "success"


async def test_upgrade_certificate_slow_log_and_traffic(
    fake: FakeRedisCloud, http: httpx.AsyncClient
) -> None:
    path = await database(fake, http, redisVersion="7.2")
    targets = (await http.get(path + "/available-target-versions")).json()["targets"]
    assert [t["redisVersion"] for t in targets] == ["7.4", "8.0"]
    assert (await http.get(path + "/upgrade")).status_code == 404
    wrong = await submit(http, "POST", path + "/upgrade", {"targetRedisVersion": "6.2"})
    assert wrong["response"]["error"]["type"] == "DATABASE_UPGRADE_INVALID_REDIS_VERSION"
    await submit(http, "POST", path + "/upgrade", {"targetRedisVersion": "7.4"})
    assert (await http.get(path + "/upgrade")).json()["upgradeStatus"] == "in-progress"
    await settle(fake)
    assert (await http.get(path + "/upgrade")).json()["upgradeStatus"] == "done"
    assert (await http.get(path)).json()["redisVersion"] == "7.4"
    pem = (await http.get(path + "/certificate")).json()["publicCertificatePEMString"]
    assert pem.startswith("-----BEGIN CERTIFICATE-----")
    assert len((await http.get(path + "/slow-log")).json()["entries"]) == 3
    assert (await http.get(path + "/traffic")).status_code == 404
    assert (await http.post(path + "/traffic/resume")).status_code == 404
    sub_id, db_id = (int(part) for part in path.split("/")[2::2])
    fake.stop_traffic(sub_id, db_id, "redirect")
    traffic = (await http.get(path + "/traffic")).json()
    assert (traffic["canResume"], traffic["stopReason"]) == (True, "redirect")
    assert (await http.post(path + "/traffic/resume")).status_code == 204
    assert (await http.get(path + "/traffic")).json()["trafficStatus"] == "active"


async def test_flush_and_regional_updates_are_for_active_active(
    fake: FakeRedisCloud, http: httpx.AsyncClient
) -> None:
    single = await database(fake, http)
    flush = await submit(http, "PUT", single + "/flush", {})
    assert flush["response"]["error"]["type"] == (
        "CRDB_FLUSH_ACTION_NOT_ALLOWED_WITH_SINGLE_REGION_SUBSCRIPTION"
    )
    assert (await http.put(single + "/regions", json={})).status_code == 422
    task = await submit(http, "POST", "/subscriptions", active_active_body())
    await settle(fake)
    sub_id = task["response"]["resourceId"]
    db_id = task["response"]["resource"]["databases"][0]["databaseId"]
    crdb = f"/subscriptions/{sub_id}/databases/{db_id}"
    assert (await submit(http, "PUT", crdb + "/flush", {}))["status"] == "processing-completed"
    assert (await submit(http, "POST", crdb + "/flush", {}))["status"] == "processing-completed"
    throughput = {"region": "eu-west-1", "readOperationsPerSecond": 5000}
    local = {"regions": [{"region": "eu-west-1", "localThroughputMeasurement": throughput}]}
    assert (await submit(http, "PUT", crdb + "/regions", local))["status"] == (
        "processing-completed"
    )
    unknown = {"regions": [{"region": "ap-south-1"}]}
    assert (await http.put(crdb + "/regions", json=unknown)).status_code == 422


async def test_secrets_stay_out_of_reprs(fake: FakeRedisCloud, http: httpx.AsyncClient) -> None:
    path = await database(fake, http, password="hunter2-hunter2")
    sub_id, db_id = (int(part) for part in path.split("/")[2::2])
    db = fake.sim.account.subscriptions[sub_id].databases[db_id]
    assert db.password == "hunter2-hunter2"
    assert "hunter2" not in repr(db)
    assert "hunter2" not in repr(fake.sim.account)
    assert "test-secret" not in repr(fake)
