"""The installed command as a user runs it: a process, against `redis-cloud serve`."""

from __future__ import annotations

import json
import os
import pty
import re
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers.cli import CREDENTIAL_VARS, FAST, KEY, PLAN_TOML, SECRET, Ran

ROOT = Path(__file__).resolve().parents[2]
COMMAND = [sys.executable, "-m", "redis_cloud_async.cli"]
#: No command of these tests may take longer (each is well under a second of work).
TIMEOUT = 60


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in CREDENTIAL_VARS}
    return {**env, "PYTHONPATH": str(ROOT), **extra}


def cli(*argv: object, **env: str) -> Ran:
    done = subprocess.run(
        [*COMMAND, *map(str, argv)],
        stdin=subprocess.DEVNULL,  # no terminal: nothing asks
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
        env=_env(**{"REDIS_API_KEY": KEY, "REDIS_API_SECRET": SECRET, **env}),
    )
    return Ran(done.returncode, done.stdout, done.stderr)


@pytest.fixture(scope="module")
def url() -> Iterator[str]:
    """`redis-cloud serve --port 0`: the simulator in its own process, on loopback."""
    serve = [*COMMAND, "serve", "--port", "0", "--log-level", "warning"]
    keys = ["--api-key", KEY, "--api-secret", SECRET, "--speed", "18000"]
    with subprocess.Popen([*serve, *keys], stdout=subprocess.PIPE, text=True, env=_env()) as server:
        try:
            assert server.stdout is not None
            first = server.stdout.readline()  # "... serving at http://127.0.0.1:PORT/v1"
            assert "serving at http://127.0.0.1:" in first, first
            yield first.split()[-1]
        finally:
            server.terminate()
            server.wait(timeout=TIMEOUT)


def test_help_exits_0_and_documents_the_exit_codes() -> None:
    ran = cli("--help")
    assert ran.code == 0
    assert "130  interrupted" in ran.out


def test_apply_list_watch_and_destroy_over_loopback(url: str, tmp_path: Path) -> None:
    plan = tmp_path / "fleet.toml"
    plan.write_text(PLAN_TOML.replace("cli-sub", "proc-sub"), encoding="utf-8")
    applied = cli("apply", plan, "--base-url", url, *FAST)
    assert applied.code == 0, applied.err
    assert "3 created" in applied.out

    listed = json.loads(cli("list", "subscriptions", "--json", "--base-url", url).out)
    assert "proc-sub" in [s["name"] for s in listed]

    ids = re.findall(r"task ([0-9a-f-]{36})", applied.out)
    watched = cli("watch", *ids, "--base-url", url, *FAST)
    assert watched.code == 0, watched.err
    assert watched.out.splitlines()[-1] == f"{len(ids)} tasks ended: {len(ids)} completed, 0 failed"

    refused = cli("destroy", plan, "--base-url", url, *FAST)  # no terminal, no --yes
    assert refused.code == 2
    assert "--yes" in refused.err
    assert "proc-sub" in [
        s["name"] for s in json.loads(cli("list", "subscriptions", "--json", "--base-url", url).out)
    ]
    destroyed = cli("destroy", plan, "--yes", "--base-url", url, *FAST)
    assert destroyed.code == 0, destroyed.err
    assert "3 deleted" in destroyed.out
    for ran in (applied, watched, destroyed):
        assert SECRET not in ran.out + ran.err


def test_destroy_asks_on_a_real_terminal_and_a_no_deletes_nothing(url: str, tmp_path: Path) -> None:
    plan = tmp_path / "fleet.toml"
    plan.write_text(PLAN_TOML.replace("cli-sub", "tty-sub"), encoding="utf-8")
    assert cli("apply", plan, "--base-url", url, *FAST).code == 0
    controller, terminal = pty.openpty()  # standard input is a terminal, the answer typed
    try:
        os.write(controller, b"no\n")
        done = subprocess.run(
            [*COMMAND, "destroy", str(plan), "--base-url", url, *FAST],
            stdin=terminal,
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            check=False,
            env=_env(REDIS_API_KEY=KEY, REDIS_API_SECRET=SECRET),
        )
    finally:
        os.close(controller)
        os.close(terminal)
    assert done.returncode == 1, done.stderr
    assert "Delete these 3 items and their data? Only 'yes' is accepted:" in done.stderr
    assert "destroy cancelled: nothing was deleted" in done.stderr
    listed = json.loads(cli("list", "subscriptions", "--json", "--base-url", url).out)
    assert "tty-sub" in [s["name"] for s in listed]


def test_wrong_keys_exit_3_and_a_missing_plan_exits_2(url: str, tmp_path: Path) -> None:
    wrong = cli("list", "tasks", "--base-url", url, REDIS_API_SECRET="not-the-secret")
    assert wrong.code == 3
    assert "not-the-secret" not in wrong.err
    missing = cli("apply", tmp_path / "absent.toml", "--base-url", url)
    assert missing.code == 2
    assert "cannot read the plan file" in missing.err


def test_a_closed_pipe_ends_quietly(url: str, tmp_path: Path) -> None:
    """`redis-cloud list tasks --json | head -1`, when head has gone before we write."""
    plan = tmp_path / "fleet.toml"
    plan.write_text(PLAN_TOML.replace("cli-sub", "pipe-sub"), encoding="utf-8")
    assert cli("apply", plan, "--base-url", url, *FAST).code == 0  # some tasks to list
    listing = [*COMMAND, "list", "tasks", "--json", "--base-url", url]
    env = _env(REDIS_API_KEY=KEY, REDIS_API_SECRET=SECRET)
    with subprocess.Popen(listing, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env) as run:
        assert run.stdout is not None
        assert run.stderr is not None
        run.stdout.close()  # the reader goes away before the first line is written
        err = run.stderr.read().decode()
        assert run.wait(timeout=TIMEOUT) == 141
    assert err == ""


def test_ctrl_c_during_apply_says_what_runs_on_and_the_same_journal_resumes(
    tmp_path: Path,
) -> None:
    serve = [*COMMAND, "serve", "--port", "0", "--log-level", "warning", "--speed", "900"]
    keys = ["--api-key", KEY, "--api-secret", SECRET]
    with subprocess.Popen([*serve, *keys], stdout=subprocess.PIPE, text=True, env=_env()) as server:
        try:
            assert server.stdout is not None
            base = server.stdout.readline().split()[-1]  # a subscription takes 1 s here
            plan, journal = tmp_path / "fleet.toml", tmp_path / "fleet.journal"
            plan.write_text(PLAN_TOML, encoding="utf-8")
            env = _env(REDIS_API_KEY=KEY, REDIS_API_SECRET=SECRET)
            argv = [*COMMAND, "apply", plan, "--journal", journal, "--base-url", base, *FAST]
            with subprocess.Popen(
                list(map(str, argv)), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                stderr=subprocess.PIPE, text=True, env=env,
            ) as run:  # fmt: skip
                assert run.stdout is not None
                shown = [run.stdout.readline() for _ in range(4)]  # the plan comes first
                assert shown[0] == "+ pro-subscription:cli-sub\n", shown
                assert shown[-1].startswith("Plan: 3 to create, 0 to update"), shown
                first = run.stdout.readline()
                assert "submitted" in first, first
                run.send_signal(signal.SIGINT)
                out, err = run.communicate(timeout=TIMEOUT)
            assert run.returncode == 130, err
            assert "interrupted: the service goes on with 1 item(s):" in err
            assert re.search(r"pro-subscription:cli-sub: (submitted|provisioning) for \d+s", err)
            assert f"again with --journal {journal} to resume" in err
            assert "Traceback" not in err + out

            resumed = cli("apply", plan, "--journal", journal, "--base-url", base, *FAST)
            assert resumed.code == 0, resumed.err
            listed = json.loads(cli("list", "subscriptions", "--json", "--base-url", base).out)
            assert [s["name"] for s in listed] == ["cli-sub"]  # nothing was sent twice
        finally:
            server.terminate()
            server.wait(timeout=TIMEOUT)
