"""Fixtures of the command-line tests: a simulator served over loopback, the keys in
the environment, a small plan file, and `run_cli` to call `main` in-process."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from redis_cloud_async.cli import main
from redis_cloud_async.testing import FakeRedisCloud
from redis_cloud_async.testing._server import serve_in_thread
from tests.helpers.cli import CREDENTIAL_VARS, KEY, PLAN_TOML, SECRET, Ran, RunCli, make_fake


@pytest.fixture
def served() -> Iterator[tuple[FakeRedisCloud, str]]:
    """A fresh simulated account served over loopback: (the fake, its base URL)."""
    fake = make_fake()
    with serve_in_thread(fake) as url:
        yield fake, url


@pytest.fixture
def keys(monkeypatch: pytest.MonkeyPatch) -> None:
    """The simulator's keys in the environment, and no other credential variable."""
    for name in CREDENTIAL_VARS:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("REDIS_API_KEY", KEY)
    monkeypatch.setenv("REDIS_API_SECRET", SECRET)


@pytest.fixture
def plan_file(tmp_path: Path) -> Path:
    path = tmp_path / "fleet.toml"
    path.write_text(PLAN_TOML, encoding="utf-8")
    return path


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str]) -> RunCli:
    """Call `main(argv)` in-process; returns its exit code and what it printed."""

    def run(*argv: object) -> Ran:
        capsys.readouterr()
        code = main([str(a) for a in argv])
        captured = capsys.readouterr()
        return Ran(code, captured.out, captured.err)

    return run
