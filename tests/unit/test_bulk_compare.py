"""Comparing an item with the plan, like for like, and the journal's fingerprints."""

from __future__ import annotations

from pathlib import Path

import pytest

from redis_cloud_async.bulk import Journal
from redis_cloud_async.bulk._compare import compare, fingerprints, matches
from redis_cloud_async.bulk._fields import (
    HIDDEN,
    UNKNOWN,
    Observed,
    fixed,
    plain,
    setting,
    unordered,
    words,
)
from redis_cloud_async.bulk._fingerprint import fingerprint
from redis_cloud_async.models import ThroughputMeasurementSpec
from redis_cloud_async.models.common import DataPersistence, ThroughputMeasurement
from redis_cloud_async.models.databases import DatabaseAlert, DatabaseAlertSpec

FIELDS = (
    setting("memory_limit_in_gb"),
    setting("data_persistence"),
    setting("source_ip", canon=unordered),
    setting("throughput_measurement"),
    setting("password", secret=True, shown=False),
    setting("remote_backup", shown=False),
    setting("use_external", along=("cluster_api",)),
    setting("cluster_api"),
    setting("redis_version", "upgrade", only_up=True),
    fixed("protocol", "chosen at creation"),
)


def test_like_is_compared_with_like() -> None:
    assert plain(1) == plain(1.0)
    assert plain(DataPersistence.NONE) == plain("none")
    assert plain(True) is True
    spec = ThroughputMeasurementSpec(by="operations-per-second", value=25000)
    model = ThroughputMeasurement(by="operations-per-second", value=25000, extra={"x": 1})
    assert plain(spec) == plain(model) == {"by": "operations-per-second", "value": 25000.0}
    assert unordered(["10.1.0.0/16", "10.0.0.0/16"]) == unordered(["10.0.0.0/16", "10.1.0.0/16"])
    alerts = [
        DatabaseAlertSpec(name="latency", value=5),
        DatabaseAlertSpec(name="dataset-size", value=80),
    ]
    shown = [DatabaseAlert(name="dataset-size", value=80), DatabaseAlert(name="latency", value=5)]
    assert unordered(alerts) == unordered(shown)
    assert words(" +@read   ~* ") == words("+@read ~*")


def test_only_what_the_plan_sets_and_the_account_shows_is_compared() -> None:
    observed = Observed(
        {"memory_limit_in_gb": 1.0, "data_persistence": "none", "source_ip": ["b", "a"]}
    )
    same = compare("k", FIELDS, {"memory_limit_in_gb": 1, "source_ip": ["a", "b"]}, observed, None)
    assert same.action == "keep"
    unshown = compare("k", FIELDS, {"cluster_api": True}, observed, None)  # not observed
    assert unshown.action == "keep"
    changed = compare(
        "k", FIELDS, {"memory_limit_in_gb": 2, "data_persistence": "none"}, observed, None
    )
    assert changed.action == "update"
    assert changed.fields == {"memory_limit_in_gb": (1.0, 2.0)}
    assert changed.steps == {"settings": {"memory_limit_in_gb": 2}}


def test_what_no_update_takes_is_a_replace_with_its_reason() -> None:
    observed = Observed({"protocol": "redis", "redis_version": "7.4"})
    replace = compare("k", FIELDS, {"protocol": "memcached"}, observed, None)
    assert replace.action == "replace"
    assert replace.reasons == ("protocol: chosen at creation",)
    up = compare("k", FIELDS, {"redis_version": "8.0"}, observed, None)
    assert (up.action, up.steps) == ("update", {"upgrade": {"redis_version": "8.0"}})
    down = compare("k", FIELDS, {"redis_version": "7.2"}, observed, None)
    assert down.action == "replace"
    assert "7.4" in down.reasons[0]
    kept_by_own_rules = compare("k", FIELDS, {}, Observed({}, ("plan: elsewhere",)), None)
    assert kept_by_own_rules.reasons == ("plan: elsewhere",)


def test_a_field_sent_along_goes_with_the_one_that_changed() -> None:
    observed = Observed({"use_external": False, "cluster_api": True})
    change = compare("k", FIELDS, {"use_external": True, "cluster_api": True}, observed, None)
    assert set(change.fields) == {"use_external"}
    assert change.steps == {"settings": {"use_external": True, "cluster_api": True}}


def test_values_not_shown_back_compare_through_the_journal(tmp_path: Path) -> None:
    planned = {"password": "s3cret-pass", "remote_backup": {"path": "s3://b"}}
    observed = Observed({})
    blind = compare("db", FIELDS, planned, observed, None)
    assert blind.action == "keep"
    assert blind.unverified == ("password", "remote_backup")
    journal = Journal(tmp_path / "j.sqlite")
    try:
        first = compare("db", FIELDS, planned, observed, journal)
        assert first.fields == {
            "password": (UNKNOWN, HIDDEN),
            "remote_backup": (UNKNOWN, {"path": "s3://b"}),
        }
        journal.remember("db", fingerprints("db", FIELDS, planned, journal))
        assert compare("db", FIELDS, planned, observed, journal).action == "keep"
        rotated = compare("db", FIELDS, {**planned, "password": "other-pass"}, observed, journal)
        assert rotated.fields == {"password": (UNKNOWN, HIDDEN)}
        assert compare("other", FIELDS, planned, observed, journal).action == "update"
    finally:
        journal.close()


def test_a_secret_compared_directly_is_never_shown() -> None:
    fields = (setting("password", secret=True),)
    change = compare("db", fields, {"password": "new-one"}, Observed({"password": "old-one"}), None)
    assert change.fields == {"password": (HIDDEN, HIDDEN)}
    assert "new-one" not in repr(change)
    assert "old-one" not in repr(change)


def test_matches_says_whether_the_values_sent_are_shown() -> None:
    observed = Observed({"memory_limit_in_gb": 2.0})
    assert matches(FIELDS, {"memory_limit_in_gb": 2}, observed) is True
    assert matches(FIELDS, {"memory_limit_in_gb": 3}, observed) is False
    assert matches(FIELDS, {"password": "x"}, observed) is None


def test_a_fingerprint_is_keyed_and_bound_to_its_journal_item_and_field() -> None:
    secret = fingerprint(b"salt-1", "acl-user:app", "password", "pw-123456", secret=True)
    assert secret.startswith("scrypt:")
    assert "pw-123456" not in secret
    assert secret == fingerprint(b"salt-1", "acl-user:app", "password", "pw-123456", secret=True)
    others = {
        fingerprint(b"salt-2", "acl-user:app", "password", "pw-123456", secret=True),
        fingerprint(b"salt-1", "acl-user:web", "password", "pw-123456", secret=True),
        fingerprint(b"salt-1", "acl-user:app", "other", "pw-123456", secret=True),
    }
    assert secret not in others
    assert len(others) == 3
    assert fingerprint(b"s", "i", "f", {"a": 1}, secret=False).startswith("sha256:")


def test_the_journal_keeps_its_salt_fingerprints_and_update_steps(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite"
    journal = Journal(path)
    salt = journal.salt()
    journal.remember("item", {"password": "scrypt:00"})
    journal.record_update("item@settings", "updating", horizon=frozenset({"t1"}), intended="x")
    journal.record_update("item@settings", "submitted", task_id="t2")
    journal.close()
    again = Journal(path)
    try:
        assert again.salt() == salt
        assert len(salt) == 16
        assert again.fingerprint("item", "password") == "scrypt:00"
        assert again.fingerprint("item", "other") is None
        (entry,) = again.updates().values()
        assert (entry.state, entry.task_id, entry.horizon, entry.intended) == (
            "submitted",
            "t2",
            frozenset({"t1"}),
            "x",
        )
        again.end_update("item@settings")
        assert again.updates() == {}
    finally:
        again.close()
    assert Journal(tmp_path / "other.sqlite").salt() != salt


@pytest.mark.parametrize("value", [None, []])
def test_an_empty_plan_value_is_handled(value: object) -> None:
    fields = (setting("source_ip", canon=unordered),)
    change = compare("k", fields, {"source_ip": value}, Observed({"source_ip": ["a"]}), None)
    assert change.action == ("keep" if value is None else "update")
