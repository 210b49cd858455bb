"""`redis-cloud export` in-process against a simulator served over loopback."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from redis_cloud_async.bulk import load_plan, plan_from_data
from redis_cloud_async.testing import FakeRedisCloud
from tests.helpers.cli import FAST, RunCli

pytestmark = pytest.mark.usefixtures("keys")


def test_export_prints_the_account_as_a_plan_in_each_format(
    served: tuple[FakeRedisCloud, str], plan_file: Path, run_cli: RunCli
) -> None:
    _, url = served
    assert run_cli("apply", plan_file, "--base-url", url, *FAST).code == 0

    toml = run_cli("export", "--base-url", url, *FAST)
    assert toml.code == 0, toml.err
    exported = plan_from_data(tomllib.loads(toml.out))
    planned = load_plan(plan_file)
    assert [s.name for s in exported.subscriptions] == ["cli-sub"]
    assert exported.subscriptions[0].database_names() == planned.subscriptions[0].database_names()

    as_json = run_cli("export", "--format", "json", "--base-url", url, *FAST)
    assert as_json.code == 0, as_json.err
    assert plan_from_data(json.loads(as_json.out)) == exported
    yaml = pytest.importorskip("yaml")
    as_yaml = run_cli("export", "--format", "yaml", "--base-url", url, *FAST)
    assert plan_from_data(yaml.safe_load(as_yaml.out)) == exported

    # The export applied again changes nothing.
    path = plan_file.with_name("exported.toml")
    path.write_text(toml.out)
    again = run_cli("apply", path, "--base-url", url, *FAST)
    assert again.code == 0, again.err
    assert "0 writes" in again.out


def test_export_takes_subscriptions_by_id(
    served: tuple[FakeRedisCloud, str], plan_file: Path, run_cli: RunCli
) -> None:
    fake, url = served
    assert run_cli("apply", plan_file, "--base-url", url, *FAST).code == 0
    (sub_id,) = fake.sim.account.subscriptions
    picked = run_cli("export", "--subscription", sub_id, "--base-url", url, *FAST)
    assert picked.code == 0, picked.err
    assert [s["spec"]["name"] for s in tomllib.loads(picked.out)["subscriptions"]] == ["cli-sub"]
    missing = run_cli("export", "--subscription", 999999, "--base-url", url, *FAST)
    assert missing.code == 4
    assert "999999" in missing.err
    assert missing.out == ""
