"""Fixtures shared by the whole suite.

Integration tests run against the embedded simulator in-process, with the strict
converter (a model that drops a field the simulator sends fails the test) and a poll
policy scaled to the simulator's speed. Every answer of every simulator in the suite is
checked against the published document's schema for its operation (when
``../shared/reference/cloud_openapi.json`` is present; with ``CI=true`` its absence fails
the run): a mismatch fails that request.
"""

from __future__ import annotations

import asyncio
import inspect
import warnings
from collections.abc import AsyncIterator, Iterator

import pytest

from redis_cloud_async import AsyncClient, PollPolicy
from redis_cloud_async._catalogue import catalogue
from redis_cloud_async.testing import FakeRedisCloud, ObservedExchange
from tests.helpers import sentinels
from tests.helpers.contract import ContractChecker, checker_for_run

#: pytester runs user projects in the plugin's tests (tests/testing_sim).
pytest_plugins = ["pytester"]

_CONTRACT: ContractChecker | None = None


@pytest.fixture(scope="session")
def contract_checker() -> ContractChecker | None:
    """The published-contract checker, or None when the document is absent."""
    return _CONTRACT


#: Polling for a simulator running 18000x faster than the service.
FAST_POLL = PollPolicy(initial=0.01, factor=1.5, maximum=0.1, grace=5.0)


@pytest.fixture(autouse=True)
def _close_the_loop_a_sync_test_left(request: pytest.FixtureRequest) -> Iterator[None]:
    """Close the event loop a synchronous test leaves set in the policy.

    looptime's plugin asks the policy for the current loop before every test; after a sync
    test that ran `asyncio.run` (the CLI's `main`), that call makes a new loop and leaves it
    set, unclosed. Collected later, inside another test, it warns (ResourceWarning) in that
    test, which then fails for a loop it never made.
    """
    yield
    if inspect.iscoroutinefunction(getattr(request, "function", None)):
        return  # pytest-asyncio owns the loops of async tests
    policy = asyncio.get_event_loop_policy()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        try:
            loop = policy.get_event_loop()
        except RuntimeError:
            return
    if not loop.is_running() and not loop.is_closed():
        loop.close()
        policy.set_event_loop(None)


@pytest.fixture
def fast_poll() -> PollPolicy:
    """The poll policy of `client`, for tests that build their own client."""
    return FAST_POLL


def pytest_configure(config: pytest.Config) -> None:
    """Wire the contract check into every simulator (under ``CI=true`` a missing document
    is a usage error: the run fails). ``REDIS_CLOUD_ASYNC_SENTINELS=1``: the sentinel pass
    (DEBUG logging everywhere, sentinel keys for `fake`, and no secret in any log, report
    or error)."""
    global _CONTRACT
    _CONTRACT = checker_for_run()
    if _CONTRACT is not None:
        FakeRedisCloud.default_observers.append(_CONTRACT.check_exchange)
    if sentinels.ENABLED:
        plugin = sentinels.SentinelPass()
        plugin.start()
        config.pluginmanager.register(plugin, "redis-cloud-async-sentinels")


@pytest.fixture
def fake() -> FakeRedisCloud:
    """A fresh simulated account: 15 minutes of provisioning take 50 ms."""
    keys = sentinels.SENTINEL_KEYS if sentinels.ENABLED else {}
    return FakeRedisCloud(speed=18000, seed=0, **keys)


@pytest.fixture
async def client(fake: FakeRedisCloud) -> AsyncIterator[AsyncClient]:
    """A strict client wired to `fake` in-process."""
    async with fake.client(strict=True, poll=FAST_POLL) as c:
        yield c


# -- operation coverage: every catalogued operation is exercised against the simulator ---
#: (method, route template) of every request the simulator answered 2xx in this run.
_ANSWERED_2XX: set[tuple[str, str]] = set()


def _record(exchange: ObservedExchange) -> None:
    if exchange.route is not None and exchange.status is not None and exchange.status < 300:
        _ANSWERED_2XX.add((exchange.method, exchange.route))


FakeRedisCloud.default_observers.append(_record)


def _is_whole_suite(config: pytest.Config) -> bool:
    opts = config.option
    narrowed = opts.keyword or opts.markexpr or getattr(opts, "lf", False)
    return not narrowed and config.args in ([], ["tests"], [str(config.rootpath / "tests")])


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """On a whole-suite run, fail if a catalogued operation never got a 2xx answer from
    the simulator in any test (measured from the simulator's own view of each request)."""
    if not _is_whole_suite(session.config) or exitstatus != 0:
        return
    # An operation counts when every request its method really sends was answered 2xx:
    # the operation itself, or for one only the guide describes, the published requests
    # its declaration says it sends instead (`Operation.sends`).
    operations = catalogue()
    served = {op.key for op in operations}
    exercised = {op.key for op in operations if set(op.sends) <= _ANSWERED_2XX}
    missing = sorted(served - exercised)
    stand_ins = sorted(f"{op.method} {op.path}" for op in operations if not op.sent_as_declared)
    report = {
        "catalogued": len(served),
        "exercised": len(exercised),
        "missing": [f"{m} {p}" for m, p in missing],
        "sent_as_published_requests": stand_ins,
    }
    if getattr(session.config, "cache", None) is not None:
        session.config.cache.set("redis_cloud_async/operation_coverage", report)
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write_line(
            f"operation coverage: {report['exercised']}/{report['catalogued']} catalogued "
            "operations answered 2xx by the simulator in this run "
            f"({len(stand_ins)} guide-only ones through the published requests they send)"
        )
    if missing:
        if reporter is not None:
            for line in report["missing"]:
                reporter.write_line(f"  never exercised: {line}")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
