"""Where a command writes: rich on a terminal when it is installed, plain lines otherwise.

Plain output is for scripts and logs: one record a line, no colour, no redraws. JSON
always goes out plain, whatever stdout is.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import sys
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from rich.console import Console

__all__ = ["PROG", "Output", "cell", "quiet_closed_output", "showing_library_warnings"]

PROG = "redis-cloud"
#: The library's loggers: their warnings (retries, a shared budget falling back) are shown.
_LIBRARY_LOGGER = "redis_cloud_async"


class _StderrLines(logging.Handler):
    """Each record as ``redis-cloud: message`` on the stderr of the moment (so that a
    live progress display, which redirects it, prints the line above its bars)."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            print(f"{PROG}: {record.getMessage()}", file=sys.stderr, flush=True)
        except Exception:  # a closed stderr must not end the command
            self.handleError(record)


@contextlib.contextmanager
def showing_library_warnings() -> Iterator[None]:
    """While a command runs, the library's warnings go to stderr, one line each."""
    logger = logging.getLogger(_LIBRARY_LOGGER)
    handler = _StderrLines(logging.WARNING)
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)


def quiet_closed_output(out: Output) -> None:
    """stdout's reader went away: send what is left (and the flush at exit) nowhere, so
    that Python does not report the broken pipe again on its way out."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, out.stdout.fileno())
        os.close(devnull)


def _rich_console(stream: TextIO) -> Console | None:
    try:
        from rich.console import Console
    except ImportError:
        return None
    return Console(file=stream, force_terminal=True, highlight=False)


def cell(value: object) -> str:
    """A table cell: `-` for a missing value."""
    return "-" if value is None or value == "" else str(value)


class Output:
    """The command's stdout and stderr. `live` None: rich when stdout is a terminal."""

    def __init__(self, stdout: TextIO, stderr: TextIO, *, live: bool | None = None) -> None:
        self.stdout = stdout
        self.stderr = stderr
        if live is None:
            live = stdout.isatty()
        self.console = _rich_console(stdout) if live else None

    @property
    def live(self) -> bool:
        """True when output is drawn with rich (bars and tables that redraw)."""
        return self.console is not None

    def line(self, text: str, *, style: str | None = None) -> None:
        if self.console is not None:
            self.console.print(text, style=style, markup=False)
        else:
            print(text, file=self.stdout, flush=True)

    def error(self, text: str) -> None:
        print(f"{PROG}: error: {text}", file=self.stderr, flush=True)

    def note(self, text: str) -> None:
        """Something the user should know that is no error, on stderr."""
        print(f"{PROG}: {text}", file=self.stderr, flush=True)

    def json(self, data: Any) -> None:
        print(json.dumps(data, indent=2, default=str), file=self.stdout, flush=True)

    def table(self, columns: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
        """Rows under a header: a rich table on a terminal, aligned columns otherwise."""
        cells = [[cell(value) for value in row] for row in rows]
        if self.console is not None:
            from rich.table import Table
            from rich.text import Text

            table = Table(*columns)
            for row in cells:
                table.add_row(*(Text(value) for value in row))  # Text: no markup
            self.console.print(table)
            return
        widths = [max([len(c), *(len(row[i]) for row in cells)]) for i, c in enumerate(columns)]
        for row in [list(columns), *cells]:
            text = "  ".join(value.ljust(width) for value, width in zip(row, widths, strict=True))
            print(text.rstrip(), file=self.stdout)
        self.stdout.flush()
