"""The command's manners: its version, its program names, retries reported on stderr,
and progress that shows each item's state and how long it has been in it."""

from __future__ import annotations

import asyncio
import io
import tomllib
from collections.abc import Iterator

import pytest

from redis_cloud_async import __version__
from redis_cloud_async.bulk import StatusChanged, Submitted, plan_from_data
from redis_cloud_async.cli._output import Output
from redis_cloud_async.cli._progress import RunProgress, elapsed
from redis_cloud_async.testing import Faults, serve_in_thread
from tests.helpers.cli import FAST, PLAN_TOML, RunCli, make_fake


def test_version(run_cli: RunCli) -> None:
    ran = run_cli("--version")
    assert (ran.code, ran.out.strip()) == (0, f"redis-cloud {__version__}")


def test_every_help_names_its_program(run_cli: RunCli) -> None:
    for command in (["serve"], ["demo"], ["apply"], ["list", "tasks"]):
        ran = run_cli(*command, "--help")
        assert ran.code == 0
        assert ran.out.startswith(f"usage: redis-cloud {' '.join(command)} "), ran.out[:80]


@pytest.fixture
def flaky_url() -> Iterator[str]:
    """A served simulator whose every other `GET /subscriptions` answers 503 (seeded)."""
    fake = make_fake(faults=Faults(errors={("GET", "/subscriptions"): {503: 0.5}}))
    with serve_in_thread(fake) as url:
        yield url


@pytest.mark.usefixtures("keys")
def test_retries_are_reported_on_stderr_with_method_path_attempt_and_wait(
    flaky_url: str, run_cli: RunCli
) -> None:
    for _ in range(5):  # until a retry happened (the draws are seeded, the ticks are not)
        ran = run_cli("list", "subscriptions", "--base-url", flaky_url, *FAST)
        assert ran.code == 0, ran.err
        if ran.err:
            break
    lines = ran.err.splitlines()
    assert lines
    for line in lines:
        assert line.startswith("redis-cloud: retry GET /subscriptions: attempt ")
        assert "failed (ServiceUnavailableError (503)); next attempt in " in line
    assert "stamina" not in ran.err


def _plain() -> tuple[Output, io.StringIO]:
    stdout = io.StringIO()
    return Output(stdout, io.StringIO(), live=False), stdout


def test_elapsed_reads_like_a_clock() -> None:
    assert [elapsed(s) for s in (0, 42.9, 187, 3720)] == ["0s", "42s", "3m07s", "1h02m"]


@pytest.mark.looptime(end=600)
async def test_while_waiting_a_plain_run_says_what_each_item_is_doing() -> None:
    plan = plan_from_data(tomllib.loads(PLAN_TOML))
    out, stdout = _plain()
    loop = asyncio.get_running_loop()
    with RunProgress(out, plan, done="created", unchanged="present", heartbeat=30) as progress:
        item = "pro-subscription:cli-sub"
        progress.on_event(Submitted(item=item, at=loop.time(), task_id="t-1", command="c"))
        progress.on_event(StatusChanged(item=item, at=loop.time() + 2, status="provisioning"))
        await asyncio.sleep(95)
        assert progress.still_running() == [f"{item}: provisioning for 1m33s (task t-1)"]
    beats = [line for line in stdout.getvalue().splitlines() if "waiting:" in line]
    assert len(beats) == 3
    assert beats[-1].endswith(f"waiting: {item} provisioning 1m28s")


@pytest.mark.looptime(end=600)
async def test_on_a_terminal_each_bar_shows_its_slowest_item_and_its_time() -> None:
    plan = plan_from_data(tomllib.loads(PLAN_TOML))
    stdout = io.StringIO()
    out = Output(stdout, io.StringIO(), live=True)
    loop = asyncio.get_running_loop()
    with RunProgress(out, plan, done="created", unchanged="present") as progress:
        item = "pro-subscription:cli-sub"
        progress.on_event(StatusChanged(item=item, at=loop.time(), status="provisioning"))
        await asyncio.sleep(65.5)
    assert "pro-subscription provisioning 1m05s" in stdout.getvalue()
