"""Measuring: wall and CPU time of a block, peak memory, and one-shot worker processes."""

from __future__ import annotations

import json
import resource
import subprocess
import time
from collections.abc import Sequence
from types import TracebackType
from typing import Any

from benchmarks.wire import ROOT, module_command, module_env

__all__ = ["RESULT_PREFIX", "Stopwatch", "peak_rss_mb", "print_result", "rss_mb", "run_worker"]

RESULT_PREFIX = "RESULT "


class Stopwatch:
    """Wall seconds and this process's CPU seconds spent inside a `with` block."""

    wall: float = 0.0
    cpu: float = 0.0

    def __enter__(self) -> Stopwatch:
        self._wall = time.perf_counter()
        self._cpu = time.process_time()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.wall = time.perf_counter() - self._wall
        self.cpu = time.process_time() - self._cpu


def peak_rss_mb() -> float:
    """The most memory this process has held so far (resident set, MiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rss_mb() -> float:
    """The memory this process holds now (resident set, MiB; Linux)."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def print_result(data: Any) -> None:
    """How a worker process hands its measurement back (its last stdout line)."""
    print(RESULT_PREFIX + json.dumps(data), flush=True)


def run_worker(module: str, arguments: Sequence[str], *, timeout: float = 600.0) -> Any:
    """Run `python -m module arguments...` in a fresh process; return what it printed
    with `print_result`."""
    done = subprocess.run(
        module_command(module, *arguments),
        cwd=ROOT,
        env=module_env(),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith(RESULT_PREFIX)]
    if done.returncode != 0 or not lines:
        raise RuntimeError(f"{module} {' '.join(arguments)} failed:\n{done.stderr[-2000:]}")
    return json.loads(lines[-1][len(RESULT_PREFIX) :])
