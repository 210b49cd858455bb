"""The one command: run the scenarios, print their tables, write the results.

python -m benchmarks [--quick] [--only fleet,day2,watching,rate,overhead,user_tests]
                     [--update-readme]
python -m benchmarks --readme-only   # put results/latest.md in README.md, no run
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import sys
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import attrs

from benchmarks import day2, fleet, overhead, rate, user_tests, watching
from benchmarks.report import ScenarioResult, markdown, update_readme, write_results
from benchmarks.wire import ROOT

__all__ = ["PRESETS", "Settings", "main", "run"]

RESULTS = ROOT / "benchmarks" / "results"
README = ROOT / "README.md"


@attrs.frozen(kw_only=True)
class Settings:
    """Every scenario's sizes: one preset per kind of run."""

    fleet: fleet.FleetSettings = attrs.field(factory=fleet.FleetSettings)
    day2: day2.Day2Settings = attrs.field(factory=day2.Day2Settings)
    watching: watching.WatchSettings = attrs.field(factory=watching.WatchSettings)
    rate: rate.RateSettings = attrs.field(factory=rate.RateSettings)
    overhead: overhead.OverheadSettings = attrs.field(factory=overhead.OverheadSettings)
    user_tests: user_tests.UserTestSettings = attrs.field(factory=user_tests.UserTestSettings)


PRESETS: dict[str, Settings] = {
    "full": Settings(),
    "quick": Settings(
        fleet=fleet.FleetSettings(
            subscriptions=6, active_active=1, databases=3, speed=3000.0, unfolded=False
        ),
        day2=day2.Day2Settings(
            fleet=fleet.FleetSettings(subscriptions=6, active_active=1, databases=3), speed=1000.0
        ),
        watching=watching.WatchSettings(sizes=(1000,), window=30.0),
        rate=rate.RateSettings(minutes=1.0),
        overhead=overhead.OverheadSettings(calls=500, loopback_calls=150),
        user_tests=user_tests.UserTestSettings(median_of=20, batch=50, unscaled=1),
    ),
    # Minimal sizes, for the test suite's smoke test.
    "smoke": Settings(
        fleet=fleet.FleetSettings(
            subscriptions=2, active_active=1, databases=2, speed=18000.0, transports=("in-process",)
        ),
        day2=day2.Day2Settings(
            fleet=fleet.FleetSettings(subscriptions=2, active_active=1, databases=2), speed=6000.0
        ),
        watching=watching.WatchSettings(sizes=(20,), window=4.0),
        rate=rate.RateSettings(minutes=1.0, speed=120.0, workers=4, transports=("in-process",)),
        overhead=overhead.OverheadSettings(calls=10, loopback_calls=10, databases=100),
        user_tests=user_tests.UserTestSettings(median_of=2, batch=2, unscaled=0),
    ),
}

SCENARIOS: dict[str, Callable[[Settings], ScenarioResult]] = {
    "fleet": lambda s: fleet.run(s.fleet),
    "day2": lambda s: day2.run(s.day2),
    "watching": lambda s: watching.run(s.watching),
    "rate": lambda s: rate.run(s.rate),
    "overhead": lambda s: overhead.run(s.overhead),
    "user_tests": lambda s: user_tests.run(s.user_tests),
}


def run(settings: Settings, names: Sequence[str]) -> list[ScenarioResult]:
    """Run the named scenarios in order, each announced on stderr as it starts."""
    results = []
    for name in names:
        began = time.perf_counter()
        print(f"== {name} ...", file=sys.stderr, flush=True)
        gc.collect()  # each scenario starts without the garbage of the one before
        results.append(SCENARIOS[name](settings))
        print(f"== {name}: {time.perf_counter() - began:.0f} s", file=sys.stderr, flush=True)
    return results


def _header(command: str, elapsed: float) -> list[str]:
    machine = f"{os.cpu_count()} CPUs, Python {platform.python_version()}, {platform.system()}"
    day = datetime.now(UTC).strftime("%Y-%m-%d")
    return [
        f"Measured with `{command}` on {day} ({machine}; the whole run took {elapsed:.0f} s).",
        "Every contender runs against the embedded simulator, one after another in the same "
        "run; ratios matter more than absolute times, which depend on the machine.",
    ]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="smaller sizes (~1 minute)")
    parser.add_argument("--preset", choices=sorted(PRESETS), help=argparse.SUPPRESS)
    parser.add_argument("--only", help="comma-separated scenarios: " + ",".join(SCENARIOS))
    parser.add_argument("--results", type=Path, default=RESULTS, help="where to write results")
    parser.add_argument("--update-readme", action="store_true", help="put the tables in README.md")
    parser.add_argument(
        "--readme-only", action="store_true", help="put results/latest.md in README.md; no run"
    )
    args = parser.parse_args(argv)
    if args.readme_only:
        update_readme(README, (args.results / "latest.md").read_text(encoding="utf-8"))
        return 0
    preset = args.preset or ("quick" if args.quick else "full")
    names = [n.strip() for n in args.only.split(",")] if args.only else list(SCENARIOS)
    unknown = [n for n in names if n not in SCENARIOS]
    if unknown:
        parser.error(f"unknown scenario(s): {', '.join(unknown)}")
    began = time.perf_counter()
    results = run(PRESETS[preset], names)
    elapsed = time.perf_counter() - began
    command = " ".join(["python -m benchmarks", *(["--quick"] if preset == "quick" else [])])
    if args.only:
        command += f" --only {args.only}"
    text = markdown(results, _header(command, elapsed))
    print(text)
    meta: dict[str, Any] = {"command": command, "preset": preset, "elapsed_s": elapsed}
    json_path, md_path = write_results(results, text, meta, args.results)
    print(f"wrote {json_path} and {md_path}", file=sys.stderr)
    if args.update_readme:
        update_readme(README, text)
        print(f"updated {README}", file=sys.stderr)
    return 0
