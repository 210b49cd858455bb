"""The code blocks of README.md, as the tests and the wheel check read them.

Every ```python block is held to two rules (`tests/readme/`): it passes `mypy --strict`
and it runs against the simulator (inside `mock_redis_cloud()`, so an `AsyncClient()`
built by the block reaches an in-process simulator). A block is a whole program or
module: it does not continue an earlier block.

- A block whose first line is ``# file: PATH`` (```python or ```toml) is a file of the
  README's example user project; the test files among them run with pytest, and the
  whole project is checked again from the built wheel (`scripts/check_wheel.py`).
- A block that deliberately cannot run (keep them rare) says why in an HTML comment on
  the line before its fence: ``<!-- snippet: no-run: why -->`` (still type-checked) or
  ``<!-- snippet: skip: why -->`` (neither run nor type-checked).

    python scripts/readme_snippets.py DIR   # write the example project's files into DIR
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import attrs

README = Path(__file__).resolve().parents[1] / "README.md"

_FENCE = re.compile(r"^```(?P<lang>[\w-]*)\s*$")
_OPT_OUT = re.compile(r"^<!--\s*snippet:\s*(?P<what>no-run|skip)\b")
_FILE = re.compile(r"^#\s*file:\s*(?P<path>\S+)\s*$")


@attrs.frozen(kw_only=True)
class Snippet:
    """One fenced block: its language, first line number, code and what it opts out of."""

    lang: str
    line: int
    code: str
    #: The project file this block is (``# file: PATH``), else None.
    path: str | None
    runs: bool
    typed: bool

    @property
    def name(self) -> str:
        """A file name for it: its project path, else one made from its line."""
        return self.path or f"readme_line_{self.line}.py"

    @property
    def is_test(self) -> bool:
        """A pytest module of the example project (run by pytest, not as a script)."""
        return self.path is not None and Path(self.path).name.startswith("test_")


def snippets(text: str, langs: tuple[str, ...] = ("python", "toml")) -> list[Snippet]:
    """The blocks of `langs` in a Markdown text, in order."""
    found: list[Snippet] = []
    lines = text.splitlines()
    index = 0
    while index < len(lines):
        opening = _FENCE.match(lines[index])
        if opening is None or not opening["lang"]:
            index += 1
            continue
        start = index
        index += 1
        while index < len(lines) and not lines[index].startswith("```"):
            index += 1
        body = lines[start + 1 : index]
        index += 1
        if opening["lang"] not in langs:
            continue
        opt_out = _OPT_OUT.match(lines[start - 1].strip()) if start else None
        what = opt_out["what"] if opt_out else None
        named = _FILE.match(body[0]) if body else None
        found.append(
            Snippet(
                lang=opening["lang"],
                line=start + 1,
                code="\n".join(body) + "\n",
                path=named["path"] if named else None,
                runs=what is None,
                typed=what != "skip",
            )
        )
    return found


def python_snippets(text: str | None = None) -> list[Snippet]:
    """Every ```python block of the README."""
    return snippets(README.read_text(encoding="utf-8") if text is None else text, ("python",))


def project_files(text: str | None = None) -> list[Snippet]:
    """The README's example user project: the blocks that name their file."""
    text = README.read_text(encoding="utf-8") if text is None else text
    return [s for s in snippets(text) if s.path is not None]


def write(blocks: list[Snippet], root: Path) -> list[Path]:
    """Write `blocks` under `root` (each at its `name`); returns the paths written."""
    written = []
    for block in blocks:
        target = root / block.name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(block.code, encoding="utf-8")
        written.append(target)
    return written


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: readme_snippets.py DIR", file=sys.stderr)
        return 2
    for path in write(project_files(), Path(argv[0])):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
