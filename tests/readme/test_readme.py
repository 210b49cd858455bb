"""Every Python block of README.md passes `mypy --strict` and runs against the simulator,
and the README's example project passes its own tests.

Blocks are found by `scripts/readme_snippets.py`, which says how a block names its file
in the example project and how a block that cannot run opts out (keep that rare).
"""

from __future__ import annotations

import re
import runpy
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from redis_cloud_async.testing import mock_redis_cloud
from tests.helpers.cli import CREDENTIAL_VARS
from tests.helpers.readme import readme_script

ROOT = Path(__file__).resolve().parents[2]
README = readme_script()
SNIPPETS: list[Any] = README.python_snippets()
RUNNABLE = [s for s in SNIPPETS if s.runs and not s.is_test]
#: mypy checks the blocks with this repository's settings and cache, so that the
#: library's own modules are not analysed again.
MYPY_TIMEOUT = 300
#: What would make a block pass mypy without being typed as it stands.
TYPE_ESCAPES = re.compile(r"^\s*assert\b|\bcast\(|type:\s*ignore", re.MULTILINE)


def test_the_readme_has_its_blocks_and_few_opt_outs() -> None:
    assert len(RUNNABLE) >= 5
    opted_out = [s.line for s in SNIPPETS if not s.runs]
    assert len(opted_out) <= max(2, len(SNIPPETS) // 10), f"blocks that do not run: {opted_out}"


def test_no_block_asserts_its_types_away() -> None:
    for snippet in SNIPPETS:
        if not snippet.is_test:
            assert not TYPE_ESCAPES.search(snippet.code), f"README line {snippet.line}"


def test_every_block_passes_mypy_strict(tmp_path: Path) -> None:
    paths = README.write([s for s in SNIPPETS if s.typed], tmp_path)
    command = [
        sys.executable, "-m", "mypy", "--strict", "--config-file", str(ROOT / "pyproject.toml"),
        "--cache-dir", str(ROOT / ".mypy_cache"), *map(str, paths),
    ]  # fmt: skip
    done = subprocess.run(
        command, cwd=tmp_path, capture_output=True, text=True, timeout=MYPY_TIMEOUT, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("snippet", RUNNABLE, ids=lambda s: f"line {s.line}")
def test_the_block_runs_against_the_simulator(
    snippet: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> None:
    # As a user runs them: keys in the environment (the mock's simulator takes them).
    for name in CREDENTIAL_VARS:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("REDIS_API_KEY", "readme-key")
    monkeypatch.setenv("REDIS_API_SECRET", "readme-secret")
    if "Redis(" in snippet.code or "RedisRateBudget" in snippet.code:
        monkeypatch.setenv("REDIS_URL", request.getfixturevalue("redis_url"))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    monkeypatch.syspath_prepend(str(tmp_path))
    [path] = README.write([snippet], tmp_path)
    with mock_redis_cloud() as fake:
        runpy.run_path(str(path), run_name="__main__")
    assert fake.stats.duplicates() == {}


def test_the_example_project_passes_its_tests(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in CREDENTIAL_VARS:
        monkeypatch.delenv(name, raising=False)
    files = README.project_files()
    README.write(files, pytester.path)
    tests = sum(len(re.findall(r"^(?:async )?def test_", f.code, re.M)) for f in files)
    assert tests >= 5
    result = pytester.runpytest_inprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=tests)
