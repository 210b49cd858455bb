"""The command line in-process (`main(argv)`) against a simulator served over loopback."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from redis_cloud_async.bulk import Journal
from redis_cloud_async.cli import _listing
from redis_cloud_async.testing import FakeRedisCloud, Faults
from redis_cloud_async.testing._server import serve_in_thread
from tests.helpers.cli import FAST, KEY, SECRET, RunCli, make_fake

pytestmark = pytest.mark.usefixtures("keys")

TASK_ID = re.compile(r"task ([0-9a-f-]{36})")


def test_help_lists_every_command_and_the_exit_codes(run_cli: RunCli) -> None:
    ran = run_cli("--help")
    assert ran.code == 0
    for command in (
        "serve",
        "demo",
        "plan",
        "apply",
        "destroy",
        "estimate",
        "export",
        "watch",
        "list",
    ):
        assert f"    {command} " in ran.out
    for line in ("0    success", "1    some item or task failed", "2    usage error",
                 "3    configuration or credentials error", "4    API error",
                 "130  interrupted"):  # fmt: skip
        assert line in ran.out
    applying = run_cli("apply", "--help")
    assert applying.code == 0
    assert "--journal PATH" in applying.out
    assert "--base-url" in applying.out
    assert "--api-key" not in applying.out  # keys come from the environment only


def test_apply_list_and_destroy_a_plan_file(
    served: tuple[FakeRedisCloud, str], plan_file: Path, run_cli: RunCli
) -> None:
    fake, url = served
    applied = run_cli("apply", plan_file, "--base-url", url, *FAST)
    assert applied.code == 0, applied.err
    assert "pro-database:cli-sub/cache: created" in applied.out
    assert "3 items in " in applied.out
    assert "3 created; 2 writes" in applied.out

    table = run_cli("list", "subscriptions", "--base-url", url)
    assert table.code == 0
    header, row = table.out.splitlines()
    assert header.split() == ["ID", "NAME", "STATUS", "DEPLOYMENT", "DATABASES"]
    assert row.split()[1:] == ["cli-sub", "active", "single-region", "2"]

    listed = json.loads(run_cli("list", "subscriptions", "--json", "--base-url", url).out)
    assert [s["name"] for s in listed] == ["cli-sub"]
    sub_id = listed[0]["id"]
    dbs = run_cli("list", "databases", sub_id, "--json", "--base-url", url)
    assert sorted(db["name"] for db in json.loads(dbs.out)) == ["cache", "main"]
    db_table = run_cli("list", "databases", sub_id, "--base-url", url)
    assert db_table.out.splitlines()[0].split()[:3] == ["ID", "NAME", "STATUS"]
    tasks = run_cli("list", "tasks", "--base-url", url)
    assert tasks.out.count("processing-completed") == 2

    again = run_cli("apply", plan_file, "--base-url", url, *FAST)
    assert again.code == 0
    assert "3 present; 0 writes" in again.out

    destroyed = run_cli("destroy", plan_file, "--yes", "--base-url", url, *FAST)
    assert destroyed.code == 0, destroyed.err
    assert "3 deleted; 3 writes" in destroyed.out
    assert json.loads(run_cli("list", "subscriptions", "--json", "--base-url", url).out) == []
    assert fake.stats.duplicates() == {}
    for ran in (applied, table, dbs, tasks, again, destroyed):
        assert SECRET not in ran.out + ran.err
        assert KEY not in ran.out + ran.err


def test_apply_records_a_journal(
    served: tuple[FakeRedisCloud, str], plan_file: Path, tmp_path: Path, run_cli: RunCli
) -> None:
    _, url = served
    path = tmp_path / "fleet.journal"
    assert run_cli("apply", plan_file, "--journal", path, "--base-url", url, *FAST).code == 0
    journal = Journal(path)
    try:
        entries = journal.entries()
    finally:
        journal.close()
    assert set(entries) == {
        "pro-subscription:cli-sub",
        "pro-database:cli-sub/main",
        "pro-database:cli-sub/cache",
    }


def test_estimate_prices_the_plan_and_creates_nothing(
    served: tuple[FakeRedisCloud, str], plan_file: Path, run_cli: RunCli
) -> None:
    fake, url = served
    table = run_cli("estimate", plan_file, "--base-url", url)
    assert table.code == 0, table.err
    rows = [line.split() for line in table.out.splitlines()]
    assert rows[0] == ["SUBSCRIPTION", "LINES", "PER", "HOUR", "PER", "MONTH", "CURRENCY"]
    assert [row[0] for row in rows[1:]] == ["cli-sub", "total"]
    priced = json.loads(run_cli("estimate", plan_file, "--json", "--base-url", url).out)
    assert priced["per_hour"] > 0
    assert priced["subscriptions"]["cli-sub"]["per_hour"] == priced["per_hour"]
    # The simulator prices Pro lines per hour: a month is 730 of them, not 0.
    assert priced["per_month"] == pytest.approx(730 * priced["per_hour"])
    total = rows[-1]
    assert float(total[3]) == pytest.approx(730 * float(total[2]), rel=1e-3)
    assert fake.sim.account.subscriptions == {}


def test_watch_follows_tasks_until_they_end(
    served: tuple[FakeRedisCloud, str], plan_file: Path, run_cli: RunCli
) -> None:
    _, url = served
    applied = run_cli("apply", plan_file, "--base-url", url, *FAST)
    ids = TASK_ID.findall(applied.out)
    assert len(ids) == 2
    watched = run_cli("watch", *ids, "--base-url", url, *FAST)
    assert watched.code == 0, watched.err
    lines = watched.out.splitlines()
    for task_id in ids:
        assert any(line.startswith(f"{task_id}  processing-completed") for line in lines)
    assert lines[-1] == "2 tasks ended: 2 completed, 0 failed"


def test_a_failed_task_exits_1_from_apply_and_from_watch(plan_file: Path, run_cli: RunCli) -> None:
    with serve_in_thread(make_fake(faults=Faults(task_failure_rate=1.0))) as url:
        applied = run_cli("apply", plan_file, "--base-url", url, *FAST)
        assert applied.code == 1
        assert "pro-subscription:cli-sub: failed (task " in applied.out
        assert "skipped because pro-subscription:cli-sub failed" in applied.out
        failed_id = TASK_ID.findall(applied.out)[-1]
        watched = run_cli("watch", failed_id, "--base-url", url, *FAST)
    assert watched.code == 1
    assert f"{failed_id}  processing-error  subscriptionCreateRequest" in watched.out
    assert watched.out.splitlines()[-1] == "1 tasks ended: 0 completed, 1 failed"


def test_missing_or_invalid_plan_files_exit_2(
    tmp_path: Path, plan_file: Path, run_cli: RunCli
) -> None:
    url = "http://127.0.0.1:9/v1"  # never reached: the plan is read first
    missing = run_cli("apply", tmp_path / "nope.toml", "--base-url", url)
    assert missing.code == 2
    assert "cannot read the plan file" in missing.err
    bad = tmp_path / "bad.toml"
    bad.write_text(plan_file.read_text().replace("dataset_size_in_gb", "colour"))
    invalid = run_cli("destroy", bad, "--base-url", url)
    assert invalid.code == 2
    assert "subscriptions[0]" in invalid.err
    wrong_suffix = run_cli("estimate", plan_file.with_suffix(".txt"), "--base-url", url)
    assert wrong_suffix.code == 2


@pytest.mark.parametrize(
    "argv",
    [[], ["list"], ["watch"], ["list", "databases", "x"], ["apply"],
     ["watch", "t", "--poll-interval", "0"], ["destroy", "p.toml", "--timeout", "x"],
     ["apply", "p.toml", "--max-pending-subscriptions", "0"], ["nope"]],
)  # fmt: skip
def test_usage_errors_exit_2(argv: list[str], run_cli: RunCli) -> None:
    ran = run_cli(*argv)
    assert ran.code == 2
    assert "usage: redis-cloud" in ran.err


def test_credentials_come_from_the_environment_only(
    served: tuple[FakeRedisCloud, str],
    plan_file: Path,
    run_cli: RunCli,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fake, url = served
    monkeypatch.setenv("REDIS_API_SECRET", "wrong-secret")
    rejected = run_cli("list", "tasks", "--base-url", url)
    assert rejected.code == 3
    assert "401" in rejected.err
    assert "wrong-secret" not in rejected.err
    preflight = run_cli("apply", plan_file, "--base-url", url)
    assert preflight.code == 3
    assert fake.stats.count(method="POST") == 0  # wrong keys stop the run before a write

    monkeypatch.delenv("REDIS_API_KEY")
    monkeypatch.delenv("REDIS_API_SECRET")
    missing = run_cli("list", "tasks", "--base-url", url)
    assert missing.code == 3
    assert "set REDIS_API_KEY and REDIS_API_SECRET" in missing.err

    monkeypatch.setenv("REDISCLOUD_ACCESS_KEY", KEY)
    monkeypatch.setenv("REDISCLOUD_SECRET_KEY", SECRET)
    monkeypatch.setenv("REDIS_CLOUD_BASE_URL", url)
    assert run_cli("list", "tasks").code == 0  # the Terraform names, and the URL's variable


def test_plain_http_to_a_remote_host_is_refused(run_cli: RunCli) -> None:
    ran = run_cli("list", "tasks", "--base-url", "http://example.com/v1")
    assert ran.code == 3
    assert "refusing to send credentials" in ran.err


def test_an_api_error_exits_4(served: tuple[FakeRedisCloud, str], run_cli: RunCli) -> None:
    _, url = served
    ran = run_cli("list", "databases", "424242", "--base-url", url)
    assert ran.code == 4
    assert "404" in ran.err
    unknown = run_cli("watch", "no-such-task", "--base-url", url, *FAST)
    assert unknown.code == 4


def test_an_interrupt_exits_130(run_cli: RunCli, monkeypatch: pytest.MonkeyPatch) -> None:
    async def interrupted(*_: object) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(_listing, "_run", interrupted)
    ran = run_cli("list", "tasks")
    assert ran.code == 130
    assert "interrupted" in ran.err


def test_serve_and_demo_hand_the_rest_of_the_line_to_their_own_parsers(
    run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    served = run_cli("serve", "--help")
    assert served.code == 0
    assert "--fault-5xx-rate" in served.out
    assert served.out.startswith("usage: redis-cloud serve ")
    seen: list[tuple[list[str], str]] = []

    def demo(argv: list[str], prog: str) -> int:
        seen.append((argv, prog))
        return 0

    monkeypatch.setattr("redis_cloud_async.cli._demo.main", demo)
    assert run_cli("demo", "--speed", "5", "--plain").code == 0
    assert seen == [(["--speed", "5", "--plain"], "redis-cloud demo")]
