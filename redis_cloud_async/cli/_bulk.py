"""`apply`, `destroy` and `estimate`: a plan file against the account, via the bulk layer.

`apply` and `destroy` end by an overall deadline (`--deadline`), by default derived from
the plan's lower bound at the service's pace (`default_deadline`): a run that would
otherwise wait for ever ends with exit code 4, and what it did is kept (with a
journal, the next `apply` resumes).
"""

from __future__ import annotations

import argparse
import asyncio
import sqlite3
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from .._errors import RedisCloudError, ValidationError
from ..bulk import Journal, Plan, RunResult, apply, destroy, estimate, load_plan, lower_bound
from ._exit import ExitCode, UsageError
from ._output import Output
from ._progress import RunProgress
from ._session import connect, count, positive, verify_credentials

__all__ = ["DEADLINE_FACTOR", "DEADLINE_SLACK", "RunDeadlineError", "default_deadline", "register"]

_PERIODS = ("hour", "month")
#: The overall deadline of `apply` and `destroy`: this many times the plan's lower bound
#: (what the fastest client could do on an empty account: the real service is slower
#: some days, an account not empty), plus `DEADLINE_SLACK` seconds (the waits' own
#: default deadline, so that a small plan's one slow task still fits).
DEADLINE_FACTOR = 3.0
DEADLINE_SLACK = 3600.0


def default_deadline(plan: Plan) -> float:
    """Seconds `apply` and `destroy` may take on `plan` when `--deadline` is not given."""
    return DEADLINE_FACTOR * lower_bound(plan).seconds + DEADLINE_SLACK


class RunDeadlineError(RedisCloudError, TimeoutError):
    """`apply` or `destroy` did not end by its overall deadline (exit code 4)."""


def register(commands: Any, api: argparse.ArgumentParser) -> None:
    """Add the plan commands to the `commands` subparsers."""
    applying = _plan_command(
        commands,
        api,
        "apply",
        _apply,
        help="create what a plan file names and the account lacks",
        description="Bring the account to a plan file: items are matched by name, so "
        "what exists is left as it is and applying twice creates nothing new.",
    )
    applying.add_argument(
        "--journal",
        metavar="PATH",
        help="SQLite file recording each submission, so that a killed run resumes "
        "without sending anything twice (created if missing)",
    )
    _run_options(applying)
    destroying = _plan_command(
        commands,
        api,
        "destroy",
        _destroy,
        help="delete everything a plan file names, children first",
        description="Delete what a plan file names; items already absent are fine.",
    )
    _run_options(destroying)
    pricing = _plan_command(
        commands,
        api,
        "estimate",
        _estimate,
        help="price a plan file with the service's dry runs (creates nothing)",
        description="Price a plan file with the service's dry runs. Every line is shown "
        "per hour and per month, converted from the period it is billed per (a month "
        "is 730 hours).",
    )
    pricing.add_argument("--json", action="store_true", help="print JSON instead of a table")


def _plan_command(
    commands: Any,
    api: argparse.ArgumentParser,
    name: str,
    run: Callable[[argparse.Namespace, Output], Awaitable[int]],
    **texts: str,
) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = commands.add_parser(name, parents=[api], **texts)
    parser.add_argument("plan", metavar="PLAN_FILE", help="the plan: .toml, .json or .yaml")
    parser.set_defaults(run=run)
    return parser


def _run_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--timeout",
        type=positive,
        metavar="SECONDS",
        help="bound on each wait for a task or a resource (default: 3600)",
    )
    parser.add_argument(
        "--deadline",
        type=positive,
        metavar="SECONDS",
        help=f"bound on the whole run, then exit 4 (default: {DEADLINE_FACTOR:g} times the "
        f"plan's lower bound at the service's pace, plus {DEADLINE_SLACK:g})",
    )
    parser.add_argument(
        "--max-pending-subscriptions",
        type=count,
        default=3,
        metavar="N",
        help="subscriptions made non-active at once (default: 3, the service's limit)",
    )


def _load(path: str) -> Plan:
    """The plan file, or a usage error saying why it cannot be read or used: where
    (file:line:column, or the file and the field), never the line itself."""
    try:
        return load_plan(path)
    except OSError as error:
        raise UsageError(f"cannot read the plan file {path}: {error.strerror}") from None
    except ValidationError as error:
        where = "" if str(error).startswith(str(Path(path))) else f"{path}: "
        raise UsageError(f"{where}{error}") from None


def _journal(path: str | None) -> Journal | None:
    if path is None:
        return None
    try:
        return Journal(Path(path))
    except sqlite3.Error as error:
        raise UsageError(f"cannot open the journal {path}: {error}") from None


def _report(out: Output, result: RunResult) -> int:
    for outcome in result:
        if not outcome.ok:
            out.line(outcome.describe(), style="red")
    out.line(result.summary(), style=None if result.ok else "bold red")
    return ExitCode.OK if result.ok else ExitCode.FAILED


async def _apply(args: argparse.Namespace, out: Output) -> int:
    plan = _load(args.plan)
    journal = _journal(args.journal)
    try:
        return await _run(args, out, plan, apply, ("created", "present"), journal=journal)
    finally:
        if journal is not None:
            journal.close()


async def _destroy(args: argparse.Namespace, out: Output) -> int:
    plan = _load(args.plan)
    return await _run(args, out, plan, destroy, ("deleted", "absent"), confirm=True)


async def _run(
    args: argparse.Namespace,
    out: Output,
    plan: Plan,
    act: Callable[..., Awaitable[RunResult]],
    endings: tuple[str, str],
    **options: Any,
) -> int:
    """Run `act` (`apply` or `destroy`) with progress; `endings` name its two good ends."""
    done, unchanged = endings
    deadline = args.deadline or default_deadline(plan)
    failure: RunDeadlineError | None = None
    async with connect(args) as client:
        await verify_credentials(client)
        with RunProgress(out, plan, done=done, unchanged=unchanged) as progress:
            scope = asyncio.timeout(deadline)
            try:
                async with scope:
                    try:
                        result = await act(
                            client,
                            plan,
                            on_event=progress.on_event,
                            timeout=args.timeout,
                            max_pending_subscriptions=args.max_pending_subscriptions,
                            **options,
                        )
                    except asyncio.CancelledError:  # Ctrl-C: say what the server works on
                        if not scope.expired():
                            _report_interrupted(out, args, progress.still_running())
                        raise
            except TimeoutError:
                if not scope.expired():
                    raise
                failure = RunDeadlineError(
                    f"{args.command} did not end within its deadline of {deadline:g}s "
                    "(--deadline); what it did is kept: run it again to go on"
                )
    if failure is not None:
        raise failure
    return _report(out, result)


def _report_interrupted(out: Output, args: argparse.Namespace, running: list[str]) -> None:
    if running:
        out.error(f"interrupted: the service goes on with {len(running)} item(s):")
        for line in running:
            out.error(f"  {line}")
    else:
        out.error("interrupted: nothing was in progress on the service")
    journal: str | None = getattr(args, "journal", None)
    if args.command == "destroy":
        out.error("run the same destroy again to finish: what is gone already is fine")
    elif journal is not None:
        out.error(
            f"run the same apply again with --journal {journal} to resume: it follows the "
            "tasks in flight and sends nothing twice"
        )
    else:
        out.error(
            "run the same apply again to resume: items are matched by name (with --journal "
            "PATH, a resumed run follows the tasks in flight instead of looking them up)"
        )


async def _estimate(args: argparse.Namespace, out: Output) -> int:
    plan = _load(args.plan)
    async with connect(args) as client:
        priced = await estimate(client, plan)
        lines = {name: client.converter.unstructure(e) for name, e in priced.subscriptions.items()}
    if args.json:
        out.json(
            {
                "subscriptions": {
                    name: {**lines[name], **{f"per_{p}": e.per(p) for p in _PERIODS}}
                    for name, e in priced.subscriptions.items()
                },
                **{f"per_{p}": priced.per(p) for p in _PERIODS},
            }
        )
        return ExitCode.OK
    currencies = {line.price_currency for line in priced.pricing if line.price_currency}
    currency = currencies.pop() if len(currencies) == 1 else ""
    rows: list[list[object]] = [
        [name, len(e.pricing), *(f"{e.per(p):.4f}" for p in _PERIODS), currency]
        for name, e in priced.subscriptions.items()
    ]
    rows.append(
        ["total", len(priced.pricing), *(f"{priced.per(p):.4f}" for p in _PERIODS), currency]
    )
    out.table(["SUBSCRIPTION", "LINES", "PER HOUR", "PER MONTH", "CURRENCY"], rows)
    return ExitCode.OK
