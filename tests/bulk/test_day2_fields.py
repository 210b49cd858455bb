"""Every updatable field of every item kind: plan changed -> `diff` names the field ->
`apply` says ``updated`` -> `diff` is empty.

The changes go in rounds over one account (each item at most once per round, each
round on top of the previous ones), so that every field is changed on its own.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from redis_cloud_async.bulk import DatabaseRef, RoleRulePlan, apply, diff
from redis_cloud_async.bulk._fields import HIDDEN, UNKNOWN
from redis_cloud_async.models import LocalThroughputSpec, Tag, ThroughputMeasurementSpec
from redis_cloud_async.models.databases import (
    DatabaseAlertSpec,
    DatabaseBackupConfigSpec,
    ReplicaSpec,
    SyncSourceSpec,
)
from redis_cloud_async.models.subscription_settings import (
    CidrAllowlistSpec,
    MaintenanceWindowSpec,
    MaintenanceWindowsSpec,
)
from tests.helpers.bulk import make_client, make_fake
from tests.helpers.day2 import (
    AA_REGIONS,
    ITEMS,
    OTHER_ESSENTIALS_PLAN,
    day2_plan,
    own_cloud_account,
    update_tasks,
)

pytestmark = pytest.mark.looptime

SPEED = 18000.0
CERTIFICATE = [{"publicCertificatePEMString": "-----BEGIN CERTIFICATE-----\nMIIB\n-----END"}]
BACKUP = DatabaseBackupConfigSpec(
    active=True, interval="every-12-hours", storage_type="aws-s3", storage_path="s3://b/d2"
)
REPLICA = ReplicaSpec(sync_sources=[SyncSourceSpec(endpoint="redis://10.9.9.9:12000")])
ALERTS = [DatabaseAlertSpec(name="dataset-size", value=75)]
WINDOWS = MaintenanceWindowsSpec(
    mode="manual",
    windows=[
        MaintenanceWindowSpec(days=["Sunday", "Wednesday"], start_hour=2, duration_in_hours=4)
    ],
)
REFS = [
    DatabaseRef(subscription="d2-single", database="orders"),
    DatabaseRef(subscription="d2-aa", database="sessions", regions=["us-east-1"]),
]

#: (item, {field: new value}), in the order they are applied (later ones build on
#: earlier ones: the cluster API before its external endpoint, clustering before rules).
CASES: list[tuple[str, dict[str, Any]]] = [
    # a single-region Pro database
    ("orders", {"memory_limit_in_gb": 2}),
    ("orders", {"dataset_size_in_gb": 3, "memory_limit_in_gb": None}),
    ("orders", {"redis_version": "7.4"}),
    ("orders", {"auto_minor_version_upgrade": True}),
    ("orders", {"resp_version": "resp2"}),
    ("orders", {"support_oss_cluster_api": True}),
    ("orders", {"use_external_endpoint_for_oss_cluster_api": True}),
    ("orders", {"data_persistence": "aof-every-1-second"}),
    ("orders", {"data_eviction_policy": "noeviction"}),
    ("orders", {"replication": False}),
    ("orders", {"replica": REPLICA}),
    (
        "orders",
        {
            "throughput_measurement": ThroughputMeasurementSpec(
                by="operations-per-second", value=50000
            )
        },
    ),
    ("orders", {"remote_backup": BACKUP}),
    ("orders", {"source_ip": ["10.8.0.0/16", "10.7.0.0/16"]}),
    ("orders", {"client_tls_certificates": CERTIFICATE}),
    ("orders", {"enable_tls": True}),
    ("orders", {"password": "Orders-new-pw-2"}),
    ("orders", {"sasl_username": "orders-app"}),
    ("orders", {"sasl_password": "Sasl-new-pw-3"}),
    ("orders", {"alerts": ALERTS}),
    ("orders", {"query_performance_factor": "2x"}),
    # an Active-Active database
    ("sessions", {"dataset_size_in_gb": 2}),
    ("sessions", {"redis_version": "8.0"}),
    ("sessions", {"auto_minor_version_upgrade": False}),
    ("sessions", {"resp_version": "resp2"}),
    ("sessions", {"support_oss_cluster_api": True}),
    ("sessions", {"use_external_endpoint_for_oss_cluster_api": True}),
    ("sessions", {"data_persistence": "snapshot-every-1-hour"}),
    ("sessions", {"data_eviction_policy": "allkeys-lfu"}),
    (
        "sessions",
        {
            "local_throughput_measurement": [
                LocalThroughputSpec(region=r, write_operations_per_second=2000) for r in AA_REGIONS
            ]
        },
    ),
    ("sessions", {"remote_backup": BACKUP}),
    ("sessions", {"source_ip": ["10.6.0.0/16"]}),
    ("sessions", {"client_tls_certificates": CERTIFICATE}),
    ("sessions", {"enable_tls": True}),
    ("sessions", {"password": "Sessions-new-pw-4"}),
    ("sessions", {"alerts": ALERTS}),
    # an Essentials database
    ("cache", {"redis_version": "7.4"}),
    ("cache", {"resp_version": "resp2"}),
    ("cache", {"data_persistence": "aof-every-write"}),
    ("cache", {"data_eviction_policy": "volatile-ttl"}),
    ("cache", {"replication": False}),
    ("cache", {"periodic_backup_path": "s3://b/cache"}),
    ("cache", {"source_ips": ["10.5.0.0/16"]}),
    ("cache", {"enable_default_user": False}),
    ("cache", {"password": "Cache-new-pw-5"}),
    ("cache", {"enable_tls": True}),
    ("cache", {"client_ssl_certificate": "-----BEGIN CERTIFICATE-----\nMIIC\n-----END"}),
    ("cache", {"client_tls_certificates": CERTIFICATE}),
    ("cache", {"alerts": ALERTS}),
    ("cache", {"replica": REPLICA}),
    ("cache", {"memory_limit_in_gb": 2}),
    ("cache", {"dataset_size_in_gb": 1, "memory_limit_in_gb": None}),
    ("cache", {"support_oss_cluster_api": True}),
    ("cache", {"use_external_endpoint_for_oss_cluster_api": True}),
    ("cache", {"enable_database_clustering": True}),
    ("cache", {"number_of_shards": 2}),
    ("cache", {"regex_rules": [".*\\{(?<tag>.*)\\}.*"]}),
    # subscriptions
    ("single", {"public_endpoint_access": False}),
    ("single", {"payment_method": "marketplace"}),
    ("single", {"resource_tags": [Tag(key="team", value="payments")]}),
    ("single", {"cidr_allowlist": CidrAllowlistSpec(cidr_ips=["10.1.0.0/16"])}),
    ("single", {"maintenance_windows": WINDOWS}),
    ("aa", {"maintenance_windows": WINDOWS}),
    ("fixed", {"plan_id": OTHER_ESSENTIALS_PLAN}),
    ("fixed", {"payment_method": "marketplace"}),
    # peerings
    ("peering", {"vpc_cidrs": ["172.31.0.0/16", "172.29.0.0/16"]}),
    ("aa-peering", {"vpc_cidrs": ["172.28.0.0/16"]}),
    # ACL
    ("rule", {"redis_rule": "+@read +@hash ~cache:*"}),
    ("role", {"rules": [RoleRulePlan(rule="d2-readers", databases=REFS)]}),
    ("user", {"role": "d2-writer"}),
    ("user", {"password": "App-new-pw-6"}),
]

SECRETS = {
    "password",
    "sasl_password",
    "client_tls_certificates",
    "client_ssl_certificate",
    "replica",
}
NOT_SHOWN = {
    "auto_minor_version_upgrade",
    "remote_backup",
    "sasl_username",
    "query_performance_factor",
    "periodic_backup_path",
    "number_of_shards",
    "regex_rules",
    "client_tls_certificates",
    "client_ssl_certificate",
    "replica",
    "sasl_password",
}


def _rounds() -> list[list[tuple[str, dict[str, Any]]]]:
    """The cases in rounds, each item at most once per round, in order."""
    rounds: list[list[tuple[str, dict[str, Any]]]] = []
    last: dict[str, int] = {}
    for name, values in CASES:
        index = last.get(name, -1) + 1
        while len(rounds) <= index:
            rounds.append([])
        rounds[index].append((name, values))
        last[name] = index
    return rounds


async def test_every_updatable_field_is_named_updated_then_kept(tmp_path: Path) -> None:
    journal = tmp_path / "fleet.journal"
    fake = make_fake(SPEED)
    settings: dict[str, dict[str, Any]] = {}
    async with make_client(fake) as client:
        cloud = await own_cloud_account(client)
        first = await apply(client, day2_plan(cloud_account_id=cloud), journal=journal)
        assert [o.describe() for o in first if not o.ok] == []
        assert not (
            await diff(client, day2_plan(cloud_account_id=cloud), journal=journal)
        ).has_changes
        before = update_tasks(fake)
        expected_tasks = 0
        for round_ in _rounds():
            for name, values in round_:
                settings.setdefault(name, {}).update(values)
            plan = day2_plan(settings, cloud_account_id=cloud)
            changed = {
                ITEMS[name]: {f for f, v in values.items() if v is not None}
                for name, values in round_
            }

            planned = await diff(client, plan, journal=journal)
            assert {c.item: set(c.fields) for c in planned if c.action != "keep"} == changed
            assert {c.item for c in planned if c.action == "update"} == set(changed)
            for name, _ in round_:
                for field, (old, new) in planned[ITEMS[name]].fields.items():
                    if field in SECRETS:
                        assert new is HIDDEN
                        assert old in (HIDDEN, UNKNOWN)
                    elif field in NOT_SHOWN:
                        assert old is UNKNOWN

            result = await apply(client, plan, journal=journal)
            assert [o.describe() for o in result if not o.ok] == []
            updated = {o.item: set(o.fields) for o in result if o.status == "updated"}
            assert updated == changed
            assert set(result.counts()) == {"present", "updated"}
            expected_tasks += len(changed)  # one request each (every case is one step)

            after = await diff(client, plan, journal=journal)
            assert [c.describe() for c in after if c.action != "keep" or c.unverified] == []
        sent = update_tasks(fake) - before
        assert sum(sent.values()) == expected_tasks
        assert all(resource is not None for _, resource in sent)  # no task failed
    assert fake.stats.too_many_requests == 0
    assert b"new-pw" not in _journal_bytes(tmp_path)


def _journal_bytes(folder: Path) -> bytes:
    """The journal's files (its WAL too): no password may be in them."""
    return b"".join(path.read_bytes() for path in folder.glob("fleet.journal*"))
