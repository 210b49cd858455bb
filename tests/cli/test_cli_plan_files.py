"""An invalid plan file on the command line (issue 14.8): exit 2, where, not what.

The message says file:line:column (or the field), never echoes the line (it may hold a
password), and no traceback is printed.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.test_cli_subprocess import TIMEOUT, _env
from tests.helpers.cli import RunCli

PASSWORD = "cli-plan-secret-9e1"
NOWHERE = "http://127.0.0.1:9/v1"  # never reached: the plan is read first

BROKEN = {
    "fleet.toml": (f'[[acl.users]]\nname = "app"\npassword = "{PASSWORD}\n', ":3:"),
    "fleet.json": (f'{{"acl": {{"users": [\n {{"password": "{PASSWORD}" "name": 1}}]}}}}', ":2:"),
    "fleet.yaml": (f"acl:\n  users:\n  - name: app\n\tpassword: {PASSWORD}\n", ":4:"),
    "types.toml": (f'[[acl.users]]\nname = 2024\nrole = "r"\npassword = "{PASSWORD}"\n', "name"),
    "bytes.json": ('{"acl": {"users": [{"name": "\udcff"}]}}', ":1:"),
}


def _write(path: Path, text: str) -> None:
    path.write_bytes(text.encode("utf-8", "surrogateescape"))


@pytest.mark.parametrize("command", ["apply", "destroy", "estimate"])
@pytest.mark.parametrize("name", sorted(BROKEN))
def test_an_invalid_plan_file_exits_2_naming_the_place(
    tmp_path: Path, run_cli: RunCli, name: str, command: str
) -> None:
    text, place = BROKEN[name]
    path = tmp_path / name
    _write(path, text)
    ran = run_cli(command, path, "--base-url", NOWHERE)
    assert ran.code == 2, ran
    assert str(path) in ran.err
    assert place in ran.err
    assert PASSWORD not in ran.err + ran.out
    assert "Traceback" not in ran.err


def test_the_installed_command_prints_no_traceback(tmp_path: Path) -> None:
    path = tmp_path / "fleet.toml"
    _write(path, BROKEN["fleet.toml"][0])
    done = subprocess.run(
        [sys.executable, "-m", "redis_cloud_async.cli", "apply", str(path), "--base-url", NOWHERE],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
        env=_env(REDIS_API_KEY="k" * 8, REDIS_API_SECRET="s" * 8),
    )
    assert done.returncode == 2, done
    assert f"{path}:3:" in done.stderr
    assert "Traceback" not in done.stderr
    assert PASSWORD not in done.stderr + done.stdout
