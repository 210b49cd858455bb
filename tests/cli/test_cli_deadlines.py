"""The command line never waits for ever (issue 14.4).

`apply` and `destroy` end by an overall deadline derived from the plan's lower bound
(`--deadline` overrides it); `watch` ends by the client's task deadline (`--timeout`
overrides it). Against a served simulator whose tasks never end, each exits 4 saying
so. Real time, so the deadlines are made short.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from pathlib import Path

import pytest

from redis_cloud_async import AsyncClient
from redis_cloud_async.bulk import load_plan, lower_bound
from redis_cloud_async.cli import _bulk, _session
from redis_cloud_async.testing import FakeRedisCloud, Faults
from redis_cloud_async.testing._server import serve_in_thread
from tests.helpers.cli import FAST, RunCli, make_fake


@pytest.fixture
def stuck() -> Iterator[tuple[FakeRedisCloud, str]]:
    """A served simulator whose every task stays `processing-in-progress`."""
    fake = make_fake(faults=Faults(task_stuck_rate=1.0))
    with serve_in_thread(fake) as url:
        yield fake, url


def test_the_default_deadline_comes_from_the_plans_lower_bound(plan_file: Path) -> None:
    plan = load_plan(plan_file)
    bound = lower_bound(plan).seconds
    assert bound > 0
    assert _bulk.default_deadline(plan) == _bulk.DEADLINE_FACTOR * bound + _bulk.DEADLINE_SLACK


@pytest.mark.usefixtures("keys")
@pytest.mark.parametrize("command", ["apply", "destroy"])
def test_a_run_past_its_deadline_exits_4(
    stuck: tuple[FakeRedisCloud, str], plan_file: Path, run_cli: RunCli, command: str
) -> None:
    fake, url = stuck
    if command == "destroy":  # something to delete: one ACL rule, made outside the plan
        plan_file.write_text('[[acl.rules]]\nname = "r"\nredis_rule = "+@read"\n')
        fake.set_faults(Faults())
        assert run_cli("apply", plan_file, "--base-url", url, *FAST).code == 0
        fake.set_faults(Faults(task_stuck_rate=1.0))
    ran = run_cli(command, plan_file, "--base-url", url, "--deadline", "1", "--yes", *FAST)
    assert ran.code == 4, ran
    assert "deadline of 1s" in ran.err
    assert "Traceback" not in ran.err


@pytest.mark.usefixtures("keys")
def test_apply_ends_by_the_derived_deadline_when_none_is_given(
    stuck: tuple[FakeRedisCloud, str],
    plan_file: Path,
    run_cli: RunCli,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _, url = stuck
    derived: list[float] = []

    def short(plan: object) -> float:
        derived.append(1.5)
        return 1.5

    monkeypatch.setattr(_bulk, "default_deadline", short)
    ran = run_cli("apply", plan_file, "--base-url", url, *FAST)
    assert ran.code == 4, ran
    assert derived == [1.5]
    assert "deadline of 1.5s" in ran.err


@pytest.mark.usefixtures("keys")
def test_watch_ends_by_the_clients_task_deadline_when_no_timeout_is_given(
    stuck: tuple[FakeRedisCloud, str], run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake, url = stuck
    client = AsyncClient(fake.api_key, fake.api_secret, base_url=url)
    task_id = _submit_one(client)
    monkeypatch.setattr(_session, "AsyncClient", functools.partial(AsyncClient, task_timeout=1.0))
    ran = run_cli("watch", task_id, "--base-url", url, *FAST)
    assert ran.code == 4, ran
    assert task_id in ran.err
    assert "not finished after 1s" in ran.err


def _submit_one(client: AsyncClient) -> str:
    import asyncio

    from redis_cloud_async import AclRedisRuleSpec

    async def submit() -> str:
        async with client:
            spec = AclRedisRuleSpec(name="watched", redis_rule="+@read")
            return (await client.acl.redis_rules.create(spec)).task_id

    return asyncio.run(submit())
