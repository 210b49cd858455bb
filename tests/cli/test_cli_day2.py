"""`plan`, and `apply` and `destroy` that show what they do and ask first.

In-process (`main(argv)`) against a simulator served over loopback. Standard input is
not a terminal unless a test makes it one (`terminal`): then the command asks and
reads the answer from it.
"""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from redis_cloud_async.bulk._fields import HIDDEN, UNKNOWN
from redis_cloud_async.cli._diffview import value
from redis_cloud_async.testing import FakeRedisCloud
from tests.helpers.cli import FAST, KEY, SECRET, RunCli

pytestmark = pytest.mark.usefixtures("keys")

#: The password the changed plan gives the cache (never shown, anywhere).
PASSWORD = "Cache-Secret-9f3a!"


class Terminal(io.StringIO):
    """Standard input as a terminal, with the answers already typed."""

    def isatty(self) -> bool:
        return True


def terminal(monkeypatch: pytest.MonkeyPatch, answers: str) -> Terminal:
    stdin = Terminal(answers)
    monkeypatch.setattr(sys, "stdin", stdin)
    return stdin


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def writes(fake: FakeRedisCloud) -> int:
    return sum(fake.stats.count(method=method) for method in ("POST", "PUT", "DELETE"))


@pytest.fixture
def applied(
    served: tuple[FakeRedisCloud, str], plan_file: Path, run_cli: RunCli
) -> tuple[FakeRedisCloud, str]:
    """The served account with the plan file applied."""
    _, url = served
    assert run_cli("apply", plan_file, "--base-url", url, *FAST).code == 0
    return served


def test_plan_shows_what_apply_would_do_then_nothing_once_applied(
    served: tuple[FakeRedisCloud, str], plan_file: Path, run_cli: RunCli
) -> None:
    fake, url = served
    planned = run_cli("plan", plan_file, "--base-url", url)
    assert planned.code == 0, planned.err
    assert planned.out.splitlines() == [
        "+ pro-subscription:cli-sub",
        "+ pro-database:cli-sub/main",
        "+ pro-database:cli-sub/cache",
        "Plan: 3 to create, 0 to update, 0 to replace, 0 to delete; 0 unchanged.",
    ]
    assert writes(fake) == 0  # a plan changes nothing
    assert run_cli("plan", plan_file, "--detailed-exitcode", "--base-url", url).code == 2

    assert run_cli("apply", plan_file, "--base-url", url, *FAST).code == 0
    again = run_cli("plan", plan_file, "--detailed-exitcode", "--base-url", url)
    assert again.code == 0, again.err
    assert again.out.splitlines() == [
        "No changes: the account matches the plan.",
        "Plan: 0 to create, 0 to update, 0 to replace, 0 to delete; 3 unchanged.",
    ]


def test_a_changed_plan_shows_each_field_and_apply_updates_it(
    applied: tuple[FakeRedisCloud, str], plan_file: Path, run_cli: RunCli
) -> None:
    fake, url = applied
    edit(plan_file, "memory_limit_in_gb = 1", f'memory_limit_in_gb = 5\npassword = "{PASSWORD}"')
    edit(plan_file, 'data_eviction_policy = "allkeys-lru"', 'data_eviction_policy = "noeviction"')

    planned = run_cli("plan", plan_file, "--detailed-exitcode", "--base-url", url)
    assert planned.code == 2, planned.err
    assert planned.out.splitlines() == [
        "~ pro-database:cli-sub/cache",
        "    memory_limit_in_gb: 1 -> 5",
        '    data_eviction_policy: "allkeys-lru" -> "noeviction"',
        "    password: <hidden> -> <hidden>",
        "Plan: 0 to create, 1 to update, 0 to replace, 0 to delete; 2 unchanged.",
    ]
    shown = json.loads(run_cli("plan", plan_file, "--json", "--base-url", url).out)
    cache = next(c for c in shown["changes"] if c["item"] == "pro-database:cli-sub/cache")
    assert cache["action"] == "update"
    assert cache["fields"]["memory_limit_in_gb"] == {"current": 1.0, "planned": 5.0}
    assert cache["fields"]["password"] == {"current": "<hidden>", "planned": "<hidden>"}
    assert [c["action"] for c in shown["changes"]] == ["keep", "keep", "update"]
    assert shown["summary"] == {"create": 0, "update": 1, "replace": 0, "delete": 0, "keep": 2}
    assert shown["has_changes"] is True

    before = writes(fake)
    applied = run_cli("apply", plan_file, "--base-url", url, *FAST)  # no terminal: updates go
    assert applied.code == 0, applied.err
    assert applied.out.startswith("~ pro-database:cli-sub/cache\n")
    assert "pro-database:cli-sub/cache: updated (id " in applied.out  # not "created"
    assert "3 items in " in applied.out
    assert "2 present, 1 updated; 1 writes" in applied.out
    assert writes(fake) == before + 1
    assert run_cli("plan", plan_file, "--detailed-exitcode", "--base-url", url).code == 0
    for ran in (planned, applied):
        assert PASSWORD not in ran.out + ran.err
        assert SECRET not in ran.out + ran.err
        assert KEY not in ran.out + ran.err
    assert PASSWORD not in json.dumps(shown)


def test_without_a_terminal_apply_leaves_out_a_replace_and_says_so(
    applied: tuple[FakeRedisCloud, str], plan_file: Path, run_cli: RunCli
) -> None:
    fake, url = applied
    edit(plan_file, 'name = "main"', 'name = "main"\nport = 12000')  # only a create sets it
    edit(plan_file, "memory_limit_in_gb = 1", "memory_limit_in_gb = 2")

    planned = run_cli("plan", plan_file, "--base-url", url)
    head, port = planned.out.splitlines()[:2]
    assert head == (
        "-/+ pro-database:cli-sub/main (port: chosen when the database is created (no update "
        "request takes it))"
    )
    assert port.startswith("    port: 1")
    assert port.endswith(" -> 12000")
    before = writes(fake)
    applied = run_cli("apply", plan_file, "--allow-replace", "--base-url", url, *FAST)
    assert applied.code == 0, applied.err  # what was left out was left out on purpose
    assert "    not done: replacing deletes its data (no terminal to ask on: run again" in (
        applied.out
    )
    assert "left out 1 replace(s) and delete(s)" in applied.err
    assert "pro-database:cli-sub/main: left out: replacing deletes its data" in applied.out
    assert "pro-database:cli-sub/cache: updated" in applied.out
    assert writes(fake) == before + 1  # the update; nothing deleted
    assert "FAILED" not in applied.out

    replaced = run_cli("apply", plan_file, "--yes", "--allow-replace", "--base-url", url, *FAST)
    assert replaced.code == 0, replaced.err
    assert "pro-database:cli-sub/main: replaced" in replaced.out
    assert run_cli("plan", plan_file, "--detailed-exitcode", "--base-url", url).code == 0


def test_on_a_terminal_apply_asks_and_only_yes_applies(
    served: tuple[FakeRedisCloud, str],
    plan_file: Path,
    run_cli: RunCli,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fake, url = served
    terminal(monkeypatch, "no\n")
    declined = run_cli("apply", plan_file, "--base-url", url, *FAST)
    assert declined.code == 1
    assert "Apply these changes? Only 'yes' is accepted:" in declined.err
    assert "apply cancelled: nothing was changed" in declined.err
    assert declined.out.startswith("+ pro-subscription:cli-sub\n")
    assert writes(fake) == 0

    terminal(monkeypatch, "")  # Ctrl-D: no answer is no
    assert run_cli("apply", plan_file, "--base-url", url, *FAST).code == 1
    assert writes(fake) == 0

    terminal(monkeypatch, "yes\n")
    accepted = run_cli("apply", plan_file, "--base-url", url, *FAST)
    assert accepted.code == 0, accepted.err
    assert "3 created" in accepted.out

    terminal(monkeypatch, "")  # nothing to change: nothing to ask
    same = run_cli("apply", plan_file, "--base-url", url, *FAST)
    assert same.code == 0
    assert "Only 'yes'" not in same.err
    assert "3 present; 0 writes" in same.out


def test_pruning_shows_deletions_and_needs_a_confirmation(
    applied: tuple[FakeRedisCloud, str],
    plan_file: Path,
    run_cli: RunCli,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fake, url = applied
    text = plan_file.read_text(encoding="utf-8").split("[[subscriptions.databases]]")[0]
    plan_file.write_text(text, encoding="utf-8")  # the plan no longer names "cache"

    kept = run_cli("plan", plan_file, "--base-url", url)
    assert "Unmanaged (in the planned subscriptions, not in the plan; --prune deletes):" in (
        kept.out
    )
    assert "  pro-database:cli-sub/cache" in kept.out
    assert kept.out.splitlines()[-1].endswith("; 1 unmanaged.")
    pruning = run_cli("plan", plan_file, "--prune", "--base-url", url)
    assert "- pro-database:cli-sub/cache (not in the plan (pruned))" in pruning.out

    before = writes(fake)
    held = run_cli("apply", plan_file, "--prune", "--base-url", url, *FAST)  # no terminal
    assert held.code == 0, held.err
    assert "left out 1 replace(s) and delete(s)" in held.err
    assert writes(fake) == before

    terminal(monkeypatch, "yes\n")
    pruned = run_cli("apply", plan_file, "--prune", "--base-url", url, *FAST)
    assert pruned.code == 0, pruned.err
    assert "pro-database:cli-sub/cache: deleted" in pruned.out
    assert run_cli("plan", plan_file, "--prune", "--detailed-exitcode", "--base-url", url).code == 0


def test_destroy_lists_what_it_deletes_and_asks(
    applied: tuple[FakeRedisCloud, str],
    plan_file: Path,
    run_cli: RunCli,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fake, url = applied
    before = writes(fake)
    refused = run_cli("destroy", plan_file, "--base-url", url, *FAST)  # no terminal
    assert refused.code == 2
    assert "pass --yes to confirm" in refused.err
    assert "nothing was deleted" in refused.err
    assert refused.out == ""

    terminal(monkeypatch, "no\n")
    declined = run_cli("destroy", plan_file, "--base-url", url, *FAST)
    assert declined.code == 1
    lines = declined.out.splitlines()
    assert [line.split(" (id ")[0] for line in lines[:3]] == [
        "- pro-subscription:cli-sub",
        "- pro-database:cli-sub/main",
        "- pro-database:cli-sub/cache",
    ]
    assert lines[-1] == "Destroy: 3 to delete; 0 absent already."
    assert "Delete these 3 items and their data? Only 'yes' is accepted:" in declined.err
    assert "destroy cancelled: nothing was deleted" in declined.err
    assert writes(fake) == before

    terminal(monkeypatch, "yes\n")
    destroyed = run_cli("destroy", plan_file, "--base-url", url, *FAST)
    assert destroyed.code == 0, destroyed.err
    assert "3 deleted" in destroyed.out
    assert fake.sim.account.subscriptions == {}

    again = run_cli("destroy", plan_file, "--base-url", url, *FAST)  # a terminal, nothing left
    assert again.code == 0
    assert "Destroy: 0 to delete; 3 absent already." in again.out
    assert "Only 'yes'" not in again.err


@pytest.mark.parametrize(
    "argv",
    [["nope.toml"], ["bad.toml"], ["fleet.toml", "--base-url", "ftp://x/v1"], ["--bogus"], []],
    ids=["missing", "invalid", "refused-url", "bad-argument", "no-file"],
)
def test_plan_with_a_detailed_exit_code_ends_every_error_in_1(
    argv: list[str], tmp_path: Path, plan_file: Path, run_cli: RunCli
) -> None:
    """2 means "changes" there, as in Terraform: an invalid plan file, a usage error, a
    refused URL all end in 1 (without the flag, in their own code)."""
    invalid = plan_file.read_text(encoding="utf-8").replace("dataset_size_in_gb", "colour")
    (tmp_path / "bad.toml").write_text(invalid, encoding="utf-8")
    args = [str(tmp_path / a) if a.endswith(".toml") else a for a in argv]
    detailed = run_cli("plan", *args, "--detailed-exitcode")
    assert detailed.code == 1, detailed.err
    assert detailed.err
    plain = run_cli("plan", *args)
    assert plain.code in (2, 3)


def test_values_show_as_written() -> None:
    assert value(5.0) == "5"
    assert value(0.5) == "0.5"
    assert value("allkeys-lru") == '"allkeys-lru"'
    assert value(True) == "true"
    assert value(None) == "null"
    assert value([{"value": 80.0, "name": "x"}]) == '[{"name": "x", "value": 80}]'
    assert value(HIDDEN) == "<hidden>"
    assert value(UNKNOWN) == "<unknown>"
