"""Scenario 5: a user's test suite, as the README writes it.

The README's example project (its ``# file:`` blocks: pyproject, provisioning code and
tests) is written to a temporary folder and its quick-start test, which provisions a
subscription and a database through the ``redis_cloud_client`` fixture, is run by
pytest in a subprocess, repeated by parametrization: each test's time (setup, call and
teardown, from pytest's JUnit report) and the whole pytest run's wall time. Side by
side, the same test with the client on the real service's pace (its default polling,
back-off and budget, as the fixture gave before it ran on the simulator's clock).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import attrs

from benchmarks.report import ScenarioResult, Table, number
from benchmarks.wire import ROOT

__all__ = ["UserTestSettings", "run"]

sys.path.insert(0, str(ROOT / "scripts"))
import readme_snippets  # scripts/ is a folder of commands, not a package

_TEST = "async def test_the_quick_start(redis_cloud_client: AsyncClient) -> None:"
_REPEATED = (
    '@pytest.mark.parametrize("repeat", range({n}))\n{mark}'
    "async def test_the_quick_start(redis_cloud_client: AsyncClient, repeat: int) -> None:"
)
#: The client on the real service's pace: the library's defaults, unscaled.
_UNSCALED = (
    '@pytest.mark.redis_cloud(client={"poll": PollPolicy(), "retry": RetryPolicy(), '
    '"rate_budget": RateBudget()})\n'
)
_IMPORTS = "from redis_cloud_async import PollPolicy, RateBudget, RetryPolicy\n"
_TIMEOUT = 900.0
#: What the issue asks of the simulator's clock (seconds).
MEDIAN_TARGET = 0.2
BATCH_TARGET = 15.0


@attrs.frozen(kw_only=True)
class UserTestSettings:
    median_of: int = 20  #: quick-start tests whose median is taken
    batch: int = 50  #: quick-start tests in one pytest run, timed whole
    unscaled: int = 3  #: ... on the real service's pace (each takes seconds); 0: none


@attrs.frozen
class PytestRun:
    """One pytest run of `tests` repeated quick starts."""

    label: str
    tests: int
    per_test: list[float]
    wall: float

    def to_json(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "tests": self.tests,
            "median_s": statistics.median(self.per_test),
            "sum_s": sum(self.per_test),
            "wall_s": self.wall,
        }


def _project(root: Path, n: int, *, unscaled: bool) -> Path:
    """The README's project, its quick-start test repeated `n` times; returns the test file."""
    files = readme_snippets.project_files()
    readme_snippets.write(files, root)
    [test_file] = [root / f.name for f in files if f.is_test]
    code = test_file.read_text(encoding="utf-8")
    if _TEST not in code:
        raise RuntimeError(f"the README's test file no longer has {_TEST!r}")
    repeated = _REPEATED.format(n=n, mark=_UNSCALED if unscaled else "")
    test_file.write_text(_IMPORTS + code.replace(_TEST, repeated), encoding="utf-8")
    return test_file


def _pytest(label: str, n: int, *, unscaled: bool = False) -> PytestRun:
    with tempfile.TemporaryDirectory(prefix="user-tests-") as tmp:
        root = Path(tmp)
        test_file = _project(root, n, unscaled=unscaled)
        report = root / "report.xml"
        command = [
            sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
            f"{test_file.relative_to(root)}::test_the_quick_start", f"--junitxml={report}",
        ]  # fmt: skip
        keys = ("REDIS_API_KEY", "REDIS_API_SECRET", "PYTHONPATH")
        env = {k: v for k, v in os.environ.items() if k not in keys}
        began = time.perf_counter()
        done = subprocess.run(
            command, cwd=root, env=env, capture_output=True, text=True, timeout=_TIMEOUT
        )
        wall = time.perf_counter() - began
        if done.returncode != 0:
            raise RuntimeError(f"the user's tests failed:\n{done.stdout}{done.stderr}")
        cases = ET.parse(report).getroot().iter("testcase")  # noqa: S314 (pytest wrote it)
        per_test = [float(case.get("time", "nan")) for case in cases]
    if len(per_test) != n:
        raise RuntimeError(f"expected {n} tests in the report, found {len(per_test)}")
    return PytestRun(label, n, per_test, wall)


def run(settings: UserTestSettings) -> ScenarioResult:
    runs = [
        _pytest(f"quick start x{settings.median_of}", settings.median_of),
        _pytest(f"quick start x{settings.batch}", settings.batch),
    ]
    if settings.unscaled:
        unscaled = f"same, real service's pace x{settings.unscaled}"
        runs.append(_pytest(unscaled, settings.unscaled, unscaled=True))
    fast = statistics.median(runs[0].per_test)
    rows = [
        [
            r.label,
            str(r.tests),
            number(statistics.median(r.per_test), 3),
            number(sum(r.per_test)),
            number(r.wall),
            f"{statistics.median(r.per_test) / fast:.1f}x",
        ]
        for r in runs
    ]
    table = Table(
        "A user's tests: the README's quick start with the `redis_cloud_client` fixture",
        ["tests", "n", "median per test s", "sum of tests s", "pytest wall s", "vs median"],
        rows,
        notes=[
            "The README's example project in a temporary folder, its quick-start test "
            "(a subscription, then a database, each waited until active) repeated by "
            "parametrization and run by pytest in a subprocess; per test = setup, call and "
            "teardown from pytest's JUnit report; pytest wall includes its start-up.",
            f"Targets: a median of at most {MEDIAN_TARGET:g} s per test (first row), and "
            f"{settings.batch} tests in at most {BATCH_TARGET:g} s (second row's wall).",
            "The last row gives the fixture's client the real service's pace (polls from "
            "1 s backing off to 15 s, 0.5-30 s back-off): how the fixture ran before it "
            "took the simulator's clock; vs median = its median over the first row's.",
        ],
    )
    return ScenarioResult("user_tests", [table], [r.to_json() for r in runs])
