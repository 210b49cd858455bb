"""`plan`: what `apply` would do to the account, shown as `terraform plan` shows it.

It reads the account (`bulk.diff`) and changes nothing. `--json` prints every item,
unchanged ones too. `--detailed-exitcode`: 0 when nothing would change, 2 when
something would, 1 on any error, an invalid plan file included (`errors_code`: the
command line turns every error's own code into 1, as Terraform does, so that 2 always
means "changes").
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..bulk import Journal, diff
from ._bulk import _journal as open_journal
from ._bulk import _load
from ._diffview import as_json, show
from ._exit import ExitCode
from ._output import Output
from ._session import connect

__all__ = ["CHANGES", "DETAILED", "errors_code", "register"]

DETAILED = "--detailed-exitcode"
#: The exit code of `plan --detailed-exitcode` when something would change.
CHANGES = 2


def register(commands: Any, api: argparse.ArgumentParser) -> None:
    """Add the `plan` command to the `commands` subparsers."""
    parser: argparse.ArgumentParser = commands.add_parser(
        "plan",
        parents=[api],
        help="show what apply would change, item by item and field by field",
        description="Compare the account with a plan file and show what `apply` would do: "
        "+ create, ~ update (each field, current -> planned), -/+ replace (why), "
        "- delete (with --prune). Nothing is changed. Secrets show as <hidden>.",
    )
    parser.add_argument("plan", metavar="PLAN_FILE", help="the plan: .toml, .json or .yaml")
    parser.add_argument(
        "--journal",
        metavar="PATH",
        help="the journal apply keeps: it remembers what the account does not show back "
        "(passwords), so that those are compared too (read only; a missing file is none)",
    )
    parser.add_argument(
        "--prune",
        action="store_true",
        help="show what the planned subscriptions hold that the plan does not name as "
        "deletions (what apply --prune deletes)",
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead of the plan")
    parser.add_argument(
        DETAILED,
        action="store_true",
        help="exit 0 when nothing would change, 2 when something would, 1 on any error",
    )
    parser.set_defaults(run=_plan)


def errors_code(words: Sequence[str]) -> ExitCode | None:
    """The code every error ends the command with, when it is not the error's own:
    1 for `plan --detailed-exitcode`, whose 2 means "changes"."""
    if words and words[0] == "plan" and DETAILED in words[1:]:
        return ExitCode.FAILED
    return None


def _journal(path: str | None) -> Journal | None:
    """The journal to read, if there is one (a plan never creates it)."""
    if path is None or not Path(path).is_file():
        return None
    return open_journal(path)


async def _plan(args: argparse.Namespace, out: Output) -> int:
    plan = _load(args.plan)
    journal = _journal(args.journal)
    try:
        async with connect(args) as client:
            changes = await diff(client, plan, prune=args.prune, journal=journal)
    finally:
        if journal is not None:
            journal.close()
    if args.json:
        out.json(as_json(changes))
    else:
        show(out, changes)
    if args.detailed_exitcode and changes.has_changes:
        return CHANGES
    return ExitCode.OK
