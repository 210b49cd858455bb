"""`apply`, `destroy` and `estimate`: a plan file against the account, via the bulk layer.

`apply` and `destroy` first show what they will do and ask (`_approval`).

`apply` and `destroy` end by an overall deadline (`--deadline`), by default derived from
the plan's lower bound at the service's pace (`default_deadline`): a run that would
otherwise wait for ever ends with exit code 4, and what it did is kept (with a
journal, the next `apply` resumes).
"""

from __future__ import annotations

import argparse
import asyncio
import sqlite3
from collections import Counter
from collections.abc import Awaitable, Callable, Mapping
from pathlib import Path
from typing import Any

from .._client import AsyncClient
from .._errors import ConfirmationRequiredError, RedisCloudError, ValidationError
from ..bulk import (
    ItemOutcome,
    Journal,
    Plan,
    RunResult,
    apply,
    destroy,
    diff,
    estimate,
    load_plan,
    lower_bound,
)
from ._approval import approve_apply, approve_destroy, destroy_allowed
from ._exit import ExitCode, UsageError
from ._output import Output
from ._progress import LEFT_OUT, RunProgress
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
        help="bring the account to a plan file (shows the plan, then asks)",
        description="Bring the account to a plan file: items are matched by name; what "
        "is missing is created, what differs is changed in place, and applying twice "
        "changes nothing. The plan is shown first and, on a terminal, confirmed. "
        "Without a terminal and without --yes, only creates and updates are applied.",
    )
    applying.add_argument(
        "--journal",
        metavar="PATH",
        help="SQLite file recording each submission, so that a killed run resumes "
        "without sending anything twice (created if missing)",
    )
    _yes(applying)
    applying.add_argument(
        "--allow-replace",
        action="store_true",
        help="replace what cannot change in place (it deletes the item and its data)",
    )
    applying.add_argument(
        "--prune",
        action="store_true",
        help="delete what the planned subscriptions hold that the plan does not name",
    )
    _run_options(applying)
    destroying = _plan_command(
        commands,
        api,
        "destroy",
        _destroy,
        help="delete everything a plan file names, children first (lists, then asks)",
        description="Delete what a plan file names; items already absent are fine. What "
        "exists is listed first and, on a terminal, confirmed; without a terminal, "
        "--yes is needed.",
    )
    _yes(destroying)
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


def _yes(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-y", "--yes", action="store_true", help="do not ask: what the plan shows is confirmed"
    )


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


def _report(out: Output, result: RunResult, held: Mapping[str, str]) -> int:
    """Each item that did not end well, then the summary; the exit code. An item left
    out on purpose (`held`: a replace nobody confirmed), and what waited for it, is
    said so and is no failure."""
    left_out = [o for o in result if held_back(o, held)]
    for outcome in result:
        if not outcome.ok and outcome not in left_out:
            out.line(outcome.describe(), style="red")
    for outcome in left_out:
        why = held.get(outcome.item) or f"it waits for {outcome.dependency}"
        out.line(f"{outcome.item}: left out: {why}", style="yellow")
    ok = all(o.ok or o in left_out for o in result)
    summary = result.summary()
    if left_out:  # counted as left out, not as failed or skipped
        counts = Counter(LEFT_OUT if o in left_out else o.status for o in result)
        ends = ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
        summary = f"{len(result)} items in {result.elapsed:.2f}s: {ends}; {result.writes} writes"
    out.line(summary, style=None if ok else "bold red")
    return ExitCode.OK if ok else ExitCode.FAILED


def held_back(outcome: ItemOutcome, held: Mapping[str, str]) -> bool:
    """Whether an item was left out on purpose: a replace not allowed, or what waits
    for one."""
    if outcome.status == "failed":
        return outcome.item in held and isinstance(outcome.error, ConfirmationRequiredError)
    return outcome.status == "skipped" and outcome.dependency in held


async def _apply(args: argparse.Namespace, out: Output) -> int:
    plan = _load(args.plan)
    journal = _journal(args.journal)
    try:
        async with connect(args) as client:
            await verify_credentials(client)
            changes = await diff(client, plan, prune=args.prune, journal=journal)
            approval = approve_apply(out, args, changes)
            if approval is None:
                out.error("apply cancelled: nothing was changed")
                return ExitCode.FAILED
            return await _run(
                args,
                out,
                client,
                plan,
                apply,
                held=approval.held,
                journal=journal,
                **approval.options,
            )
    finally:
        if journal is not None:
            journal.close()


async def _destroy(args: argparse.Namespace, out: Output) -> int:
    plan = _load(args.plan)
    destroy_allowed(args)
    async with connect(args) as client:
        await verify_credentials(client)
        if not approve_destroy(out, args, await diff(client, plan)):
            out.error("destroy cancelled: nothing was deleted")
            return ExitCode.FAILED
        return await _run(args, out, client, plan, destroy, confirm=True)


async def _run(
    args: argparse.Namespace,
    out: Output,
    client: AsyncClient,
    plan: Plan,
    act: Callable[..., Awaitable[RunResult]],
    *,
    held: Mapping[str, str] | None = None,
    **options: Any,
) -> int:
    """Run `act` (`apply` or `destroy`) with progress, within the run's overall deadline;
    `held`: the items left out."""
    held = held or {}
    deadline = args.deadline or default_deadline(plan)
    failure: RunDeadlineError | None = None
    with RunProgress(out, plan, held=held) as progress:
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
                except asyncio.CancelledError:  # Ctrl-C: say what the server still works on
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
    return _report(out, result, held)


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
