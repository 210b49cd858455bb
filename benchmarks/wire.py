"""What a contender's process shares with the simulator's, and nothing heavier.

A contender's process imports this, not the simulator: its memory is measured.
"""

from __future__ import annotations

import os
import sys
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

__all__ = ["API_KEY", "API_SECRET", "ROOT", "ServerView", "module_command", "module_env"]

API_KEY = "bench-key"
API_SECRET = "bench-secret"  # noqa: S105 - the simulator's made-up key
#: The repository: where `python -m benchmarks...` subprocesses run.
ROOT = Path(__file__).resolve().parent.parent


def module_command(module: str, *arguments: str) -> list[str]:
    """`python -m module arguments...` with this interpreter; run it with `module_env()`
    and `cwd=ROOT`."""
    return [sys.executable, "-m", module, *arguments]


def module_env() -> dict[str, str]:
    """The environment of a benchmark subprocess: this one, the repository importable."""
    paths = [str(ROOT), os.environ.get("PYTHONPATH", "")]
    return {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, paths))}


@attrs.frozen(kw_only=True)
class ServerView:
    """What the simulated service saw and holds at the end of a run."""

    requests: Counter[tuple[str, str, int]] = attrs.field(factory=Counter)
    subscriptions: Mapping[str, Mapping[str, Any]] = attrs.field(factory=dict)
    duplicates: int = 0

    @property
    def total(self) -> int:
        return sum(self.requests.values())

    @property
    def status_requests(self) -> int:
        """Requests that only asked how things are (every GET)."""
        return sum(n for (method, _, _), n in self.requests.items() if method == "GET")

    @property
    def too_many(self) -> int:
        """429s sent: the rate limit and the 'too many changes at once' refusals."""
        return sum(n for (_, _, status), n in self.requests.items() if status == 429)

    def to_json(self) -> dict[str, Any]:
        return {
            "requests": [[m, r, s, n] for (m, r, s), n in sorted(self.requests.items())],
            "subscriptions": self.subscriptions,
            "duplicates": self.duplicates,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ServerView:
        counts: Counter[tuple[str, str, int]] = Counter(
            {(m, r, int(s)): int(n) for m, r, s, n in data["requests"]}
        )
        return cls(
            requests=counts,
            subscriptions=data["subscriptions"],
            duplicates=int(data["duplicates"]),
        )
