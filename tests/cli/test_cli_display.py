"""What the commands show, on the fake clock: task status changes, bulk progress (bars
and plain lines), tables, and the exit code each error ends a command with."""

from __future__ import annotations

import io
import sys
import tomllib

import pytest

from redis_cloud_async import (
    AuthenticationError,
    ConfigurationError,
    NotFoundError,
    PollPolicy,
    TaskFailedError,
    TransportError,
    ValidationError,
)
from redis_cloud_async.bulk import Plan, apply, plan_from_data, sample_plan
from redis_cloud_async.cli import _watch, parser
from redis_cloud_async.cli._exit import ExitCode, UsageError, exit_code_for
from redis_cloud_async.cli._output import Output
from redis_cloud_async.cli._progress import RunProgress, group_of, group_totals
from tests.helpers.cli import PLAN_TOML, make_fake

pytestmark = pytest.mark.looptime


def _plan() -> Plan:
    return plan_from_data(tomllib.loads(PLAN_TOML))


def _output(*, live: bool) -> tuple[Output, io.StringIO]:
    stdout = io.StringIO()
    return Output(stdout, io.StringIO(), live=live), stdout


async def test_watch_prints_each_status_change_once(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = make_fake(speed=1)  # the service's own pace, on the fake clock
    async with fake.client() as writer:
        handle = await writer.subscriptions.create(_plan().subscriptions[0].spec)
    monkeypatch.setattr(
        _watch, "connect", lambda args: fake.client(poll=PollPolicy(initial=args.poll_interval))
    )
    args = parser().parse_args(["watch", handle.task_id, "--poll-interval", "0.25"])
    out, stdout = _output(live=False)
    assert await args.run(args, out) == ExitCode.OK
    *changes, summary = stdout.getvalue().splitlines()
    assert [line.split("  ")[:2] for line in changes] == [
        [handle.task_id, "received"],
        [handle.task_id, "processing-in-progress"],
        [handle.task_id, "processing-completed"],
    ]
    assert changes[-1].endswith("resource 120001")
    assert summary == "1 tasks ended: 1 completed, 0 failed"


async def test_a_run_draws_bars_on_a_terminal(fast_poll: PollPolicy) -> None:
    plan = _plan()
    out, stdout = _output(live=True)
    async with make_fake().client(poll=fast_poll) as client:
        with RunProgress(out, plan, done="created", unchanged="present") as progress:
            result = await apply(client, plan, on_event=progress.on_event)
    assert result.ok
    assert progress.counts == {"created": 3}
    drawn = stdout.getvalue()
    assert "whole plan" in drawn
    assert "3/3" in drawn
    assert "cli-sub" in drawn


async def test_a_run_prints_plain_lines_elsewhere(fast_poll: PollPolicy) -> None:
    plan = _plan()
    out, stdout = _output(live=False)
    async with make_fake().client(poll=fast_poll) as client:
        with RunProgress(out, plan, done="created", unchanged="present") as progress:
            await apply(client, plan, on_event=progress.on_event)
    lines = [line.split("] ", 1)[1] for line in stdout.getvalue().splitlines()]
    assert lines[0].startswith("pro-subscription:cli-sub: submitted (subscriptionCreateRequest")
    assert "pro-subscription:cli-sub: created (id 120001)" in lines
    assert lines[-1].startswith("pro-database:cli-sub/cache: created (id ")
    assert "\x1b[" not in stdout.getvalue()  # no terminal codes in plain output


def test_every_item_counts_in_one_bar() -> None:
    plan = sample_plan(subscriptions=2, active_active=1, databases=2, essentials=1, acl=True)
    totals = group_totals(plan)
    assert sum(totals.values()) == plan.items_count()
    assert group_of("pro-database:fleet-000/db-1") == "fleet-000"
    assert group_of("active-active-region:fleet-001/eu-west-1") == "fleet-001"
    assert group_of("essentials-database:small/edb") == "small (essentials)"
    assert group_of("acl-role:readers") == "acl"


def test_plain_tables_align_their_columns() -> None:
    out, stdout = _output(live=False)
    out.table(["ID", "NAME"], [[1, "alpha"], [22, None]])
    assert stdout.getvalue() == "ID  NAME\n1   alpha\n22  -\n"


def test_rich_tables_show_cells_as_they_are() -> None:
    out, stdout = _output(live=True)
    out.table(["NAME"], [["[red]not markup"]])
    assert "[red]not markup" in stdout.getvalue()


def test_without_rich_a_terminal_gets_plain_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "rich.console", None)  # import fails
    out, _ = _output(live=True)
    assert not out.live


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (ConfigurationError("no keys"), ExitCode.CONFIG),
        (AuthenticationError("no", method="GET", path="/", status=401), ExitCode.CONFIG),
        (UsageError("no plan"), ExitCode.USAGE),
        (ValidationError("plan", "bad"), ExitCode.USAGE),
        (NotFoundError("gone", method="GET", path="/x", status=404), ExitCode.API),
        (TransportError("down", method="GET", path="/"), ExitCode.API),
        (
            TaskFailedError(task_id="t", command_type=None, error_type=None, description=None),
            ExitCode.FAILED,
        ),
        (RuntimeError("a bug"), None),
        (ExceptionGroup("two", [TransportError("x", method="GET", path="/"),
                                ConfigurationError("y")]), ExitCode.CONFIG),
        (ExceptionGroup("bug inside", [ConfigurationError("y"), KeyError("k")]), None),
    ],
)  # fmt: skip
def test_each_error_has_its_exit_code(error: Exception, code: ExitCode | None) -> None:
    assert exit_code_for(error) == code
