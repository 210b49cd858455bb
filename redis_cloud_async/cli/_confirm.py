"""Asking before a command deletes or replaces: on a terminal only, `yes` or nothing.

A command asks only when someone can answer: standard input is a terminal. Without one
(a pipe, a CI job, cron) it does not wait for an answer that cannot come; each command
says what it does then (`apply` leaves out what destroys data, `destroy` refuses
without `--yes`). Only the word ``yes`` confirms, as Terraform asks.
"""

from __future__ import annotations

import sys

from ._output import Output

__all__ = ["ask", "can_ask"]


def can_ask() -> bool:
    """Whether someone can answer a question: standard input is a terminal."""
    stdin = sys.stdin
    return stdin is not None and stdin.isatty()


def ask(out: Output, question: str) -> bool:
    """Ask `question` on stderr (stdout may be a pipe) and read the answer: True only
    for ``yes``; an end of input (Ctrl-D) is a no."""
    print(f"{question} Only 'yes' is accepted: ", end="", file=out.stderr, flush=True)
    answer = sys.stdin.readline()
    if not answer.endswith("\n"):
        print(file=out.stderr, flush=True)  # Ctrl-D: end the prompt's line
    return answer.strip() == "yes"
