"""Tables, the results files and the README section: what a run leaves behind."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import attrs

__all__ = [
    "README_END",
    "README_START",
    "ScenarioResult",
    "Table",
    "markdown",
    "number",
    "update_readme",
    "write_results",
]

README_START = "<!-- bench:start -->"
README_END = "<!-- bench:end -->"


@attrs.frozen
class Table:
    """One table of a scenario: its rows, and the notes that say how to read them."""

    title: str
    columns: Sequence[str]
    rows: Sequence[Sequence[str]]
    notes: Sequence[str] = ()

    def markdown(self) -> str:
        widths = [
            max(len(str(c)), *(len(str(r[i])) for r in self.rows)) if self.rows else len(c)
            for i, c in enumerate(self.columns)
        ]

        def line(cells: Sequence[str]) -> str:
            return "| " + " | ".join(str(c).ljust(w) for c, w in zip(cells, widths, strict=True))

        out = [f"**{self.title}**", "", line(self.columns) + " |"]
        out.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
        out += [line(row) + " |" for row in self.rows]
        if self.notes:
            out += ["", *(f"- {note}" for note in self.notes)]
        return "\n".join(out)


@attrs.frozen
class ScenarioResult:
    """A scenario's tables (printed) and its raw measurements (written as JSON)."""

    name: str
    tables: Sequence[Table]
    data: Any


def number(value: float | None, digits: int = 2) -> str:
    """A compact number for a table cell ("-" when there is none)."""
    if value is None:
        return "-"
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    return f"{value:.{digits}f}"


def markdown(results: Sequence[ScenarioResult], header: Sequence[str]) -> str:
    """The whole run as markdown: a header (command, machine), then every table."""
    parts = ["\n".join(header)]
    for result in results:
        parts += [table.markdown() for table in result.tables]
    return "\n\n".join(parts) + "\n"


def write_results(
    results: Sequence[ScenarioResult], text: str, meta: dict[str, Any], directory: Path
) -> tuple[Path, Path]:
    """`latest.json` (every measurement) and `latest.md` (the tables) in `directory`."""
    directory.mkdir(parents=True, exist_ok=True)
    data = {"meta": meta, "scenarios": {r.name: r.data for r in results}}
    json_path, md_path = directory / "latest.json", directory / "latest.md"
    for path, content in ((json_path, json.dumps(data, indent=2) + "\n"), (md_path, text)):
        temporary = path.with_suffix(path.suffix + ".tmp")
        temporary.write_text(content, encoding="utf-8")
        temporary.replace(path)
    return json_path, md_path


def update_readme(readme: Path, text: str) -> None:
    """Put `text` between the benchmark markers of the README's "## Benchmarks" section
    (the section and the markers are added at the end if missing)."""
    content = readme.read_text(encoding="utf-8")
    block = f"{README_START}\n{text.rstrip()}\n{README_END}"
    pattern = re.compile(re.escape(README_START) + r".*?" + re.escape(README_END), re.DOTALL)
    if pattern.search(content):
        content = pattern.sub(lambda _: block, content, count=1)
    elif "\n## Benchmarks\n" in content:
        head, tail = content.split("\n## Benchmarks\n", 1)
        rest = tail.split("\n## ", 1)
        after = f"\n## {rest[1]}" if len(rest) > 1 else ""
        content = f"{head}\n## Benchmarks\n{rest[0].rstrip()}\n\n{block}\n{after}"
    else:
        content = f"{content.rstrip()}\n\n## Benchmarks\n\n{block}\n"
    readme.write_text(content, encoding="utf-8")
