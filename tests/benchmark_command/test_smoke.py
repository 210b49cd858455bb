"""The benchmark command keeps working: every scenario at minimal sizes, no thresholds.

What the numbers say is the benchmark's business (`python -m benchmarks`); here only
that each scenario runs end to end, in-process and over loopback, and leaves its
tables and results behind.
"""

from __future__ import annotations

import json
from pathlib import Path

from benchmarks import cli, day2, fleet
from benchmarks.report import README_END, README_START, update_readme

TITLES = (
    "Fleet provisioning",
    "Day-2 change of the fleet",
    "Library against each baseline",
    "Watching tasks in flight",
    "Rate budget under saturation",
    "Overhead per call",
    "Decoding a 100-database list",
    "A user's tests",
)


def test_every_scenario_runs_at_minimal_sizes(tmp_path: Path) -> None:
    assert cli.main(["--preset", "smoke", "--results", str(tmp_path)]) == 0

    text = (tmp_path / "latest.md").read_text(encoding="utf-8")
    for title in TITLES:
        assert f"**{title}" in text
    data = json.loads((tmp_path / "latest.json").read_text(encoding="utf-8"))
    assert set(data["scenarios"]) == {"fleet", "day2", "watching", "rate", "overhead", "user_tests"}
    runs = data["scenarios"]["fleet"]["runs"]
    assert {run["contender"] for run in runs} == set(fleet.CONTENDERS)
    library = next(run for run in runs if run["contender"].startswith("library ("))
    assert library["failed"] == 0
    # The gather script is run again until nothing fails, so it too ends with the fleet.
    script = next(run for run in runs if run["contender"].startswith("(c)"))
    assert script["failed"] == 0
    assert script["runs"] >= 2
    assert script["first_run_failures"] > 0
    # The day-2 change is made by both contenders: nothing is left to change after either.
    changes = data["scenarios"]["day2"]["runs"]
    assert {run["contender"] for run in changes} == set(day2.CONTENDERS)
    assert [run["left"] for run in changes] == [0, 0]
    assert data["scenarios"]["day2"]["lower_bound"]["writes"] > 0
    assert {row["contender"] for row in data["scenarios"]["watching"]} == {"library", "per-task"}
    assert {row["transport"] for row in data["scenarios"]["overhead"]["calls"]} == {
        "in-process",
        "loopback",
    }


def test_the_readme_section_is_replaced_between_its_markers(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text("# Project\n\nIntro.\n\n## Development\n\nRun it.\n", encoding="utf-8")

    update_readme(readme, "first table\n")
    update_readme(readme, "second table\n")

    text = readme.read_text(encoding="utf-8")
    assert text.count("## Benchmarks") == 1
    assert text.count(README_START) == 1
    assert "first table" not in text
    assert f"{README_START}\nsecond table\n{README_END}" in text
    assert text.startswith("# Project\n\nIntro.\n\n## Development\n\nRun it.\n")
