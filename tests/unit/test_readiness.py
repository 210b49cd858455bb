"""The readiness watcher on fake loop time: shared list sweeps, never one poll per resource.

A scripted account answers the subscription lists and the paged database lists in the
published shapes (Pro: `subscription` is a list; Essentials: an object; a page past the
end answers 404). Every resource has a timeline on the loop clock.
"""

from __future__ import annotations

import asyncio
import math
import re
from collections import Counter
from collections.abc import Mapping
from typing import Any

import attrs
import pytest

from redis_cloud_async._errors import (
    ClientClosedError,
    NotFoundError,
    ReadinessTimeoutError,
    ResourceFailedError,
    ServiceUnavailableError,
)
from redis_cloud_async._polling import PollPolicy
from redis_cloud_async._readiness import ReadinessWatcher

# A runaway wait fails at fake hour one instead of hanging the run.
pytestmark = pytest.mark.looptime(end=3600)

DATABASES = re.compile(r"^(?P<root>(/fixed)?/subscriptions)/(?P<sid>\d+)/databases$")


@attrs.define
class Life:
    """One resource's timeline on the loop clock."""

    appears_at: float = 0.0  #: not listed before
    active_at: float = math.inf  #: `pending` before
    fails_at: float = math.inf  #: `error` from then
    gone_at: float = math.inf  #: not listed from then

    def listed(self, at: float) -> bool:
        return self.appears_at <= at < self.gone_at

    def status(self, at: float) -> str:
        if at >= self.fails_at:
            return "error"
        return "active" if at >= self.active_at else "pending"


class FakeAccount:
    """A `Requester` answering the subscription and database lists; records every request."""

    def __init__(self) -> None:
        self.subscriptions: dict[tuple[bool, int], Life] = {}
        self.databases: dict[tuple[bool, int], dict[int, Life]] = {}
        self.requests: list[tuple[float, str, int | None]] = []  #: (time, path, offset)
        self.errors: list[Exception] = []  #: raised by the next requests, in order

    def subscription(self, sid: int, *, fixed: bool = False, **life: Any) -> int:
        self.subscriptions[fixed, sid] = Life(**life)
        self.databases.setdefault((fixed, sid), {})
        return sid

    def database(self, sid: int, dbid: int, *, fixed: bool = False, **life: Any) -> int:
        self.subscriptions.setdefault((fixed, sid), Life(active_at=0))
        self.databases.setdefault((fixed, sid), {})[dbid] = Life(**life)
        return dbid

    async def request(
        self, method: str, path: str, *, params: Mapping[str, Any] | None = None, **_: Any
    ) -> Any:
        assert method == "GET"
        at = asyncio.get_running_loop().time()
        offset = None if params is None else int(params["offset"])
        self.requests.append((at, path, offset))
        if self.errors:
            raise self.errors.pop(0)
        if path in ("/subscriptions", "/fixed/subscriptions"):
            fixed = path.startswith("/fixed")
            listed = [
                {"id": sid, "name": f"sub-{sid}", "status": life.status(at)}
                for (is_fixed, sid), life in self.subscriptions.items()
                if is_fixed == fixed and life.listed(at)
            ]
            return {"accountId": 1001, "subscriptions": listed}
        match = DATABASES.match(path)
        assert match is not None, path
        assert params is not None
        return self._page(match, at, int(params["offset"]), int(params["limit"]))

    def _page(self, match: re.Match[str], at: float, offset: int, limit: int) -> Any:
        fixed, sid = match["root"].startswith("/fixed"), int(match["sid"])
        life = self.subscriptions.get((fixed, sid))
        if life is None or not life.listed(at):
            raise NotFoundError("Not Found", method="GET", path=match[0], status=404)
        everything = [
            {"databaseId": dbid, "name": f"db-{dbid}", "status": db.status(at)}
            for dbid, db in sorted(self.databases[fixed, sid].items())
            if db.listed(at)
        ]
        if offset and offset >= len(everything):
            raise NotFoundError("Not Found", method="GET", path=match[0], status=404)
        entry = {
            "subscriptionId": sid,
            "numberOfDatabases": len(everything),
            "databases": everything[offset : offset + limit],
        }
        return {"accountId": 1001, "subscription": entry if fixed else [entry]}

    # -- what the tests read ------------------------------------------------------------
    def paths(self) -> Counter[str]:
        return Counter(path for _, path, _ in self.requests)

    def times(self, path: str) -> list[float]:
        return [at for at, p, offset in self.requests if p == path and not offset]


def ours() -> list[asyncio.Task[Any]]:
    return [t for t in asyncio.all_tasks() if t.get_name().startswith("redis-cloud-async:")]


# -- shared sweeps --------------------------------------------------------------------------
async def test_one_subscription_list_per_tick_serves_every_subscription_waiter() -> None:
    account = FakeAccount()
    sids = [account.subscription(100 + i, active_at=5 + 3 * (i % 4)) for i in range(50)]
    watcher = ReadinessWatcher(account, PollPolicy())

    ready = await asyncio.gather(*(watcher.wait_subscription(sid) for sid in sids))

    assert [s["id"] for s in ready] == sids
    assert all(s["status"] == "active" and s["name"] == f"sub-{s['id']}" for s in ready)
    assert account.paths() == Counter({"/subscriptions": watcher.stats.sweeps})
    assert watcher.stats.sweeps == watcher.stats.ticks < 10
    assert watcher.stats.fetches == 0
    await asyncio.sleep(0)
    assert not watcher.running
    assert ours() == []


async def test_essentials_and_pro_waiters_share_a_tick_each_with_its_own_list() -> None:
    account = FakeAccount()
    pro = account.subscription(1, active_at=4)
    fixed = account.subscription(2, fixed=True, active_at=4)
    watcher = ReadinessWatcher(account)

    got_pro, got_fixed = await asyncio.gather(
        watcher.wait_subscription(pro), watcher.wait_subscription(fixed, fixed=True)
    )

    assert (got_pro["id"], got_fixed["id"]) == (pro, fixed)
    ticks = watcher.stats.ticks
    assert account.paths() == Counter({"/subscriptions": ticks, "/fixed/subscriptions": ticks})
    assert account.times("/subscriptions") == account.times("/fixed/subscriptions")


async def test_database_waiters_of_a_subscription_share_one_page_walk_per_tick() -> None:
    account = FakeAccount()
    big = [account.database(1, dbid, active_at=10) for dbid in range(1000, 1250)]  # 3 pages
    full = [account.database(2, dbid, active_at=10) for dbid in range(2000, 2100)]  # 1 + 404
    wanted = [(1, dbid) for dbid in big[::10]] + [(2, dbid) for dbid in full[::10]]
    watcher = ReadinessWatcher(account)

    ready = await asyncio.gather(*(watcher.wait_database(s, d) for s, d in wanted))

    assert [db["databaseId"] for db in ready] == [d for _, d in wanted]
    assert all(db["status"] == "active" for db in ready)
    ticks = watcher.stats.ticks
    walks = Counter((path, offset) for _, path, offset in account.requests)
    assert walks == {
        ("/subscriptions/1/databases", 0): ticks,
        ("/subscriptions/1/databases", 100): ticks,
        ("/subscriptions/1/databases", 200): ticks,
        ("/subscriptions/2/databases", 0): ticks,
        ("/subscriptions/2/databases", 100): ticks,  # past the end: 404 is the end
    }
    assert ticks == watcher.stats.sweeps < 10
    assert watcher.stats.fetches == 0


async def test_essentials_databases_come_in_an_object_not_a_list() -> None:
    account = FakeAccount()
    dbid = account.database(7, 70, fixed=True, active_at=3)
    watcher = ReadinessWatcher(account)

    db = await watcher.wait_database(7, dbid, fixed=True)

    assert db["databaseId"] == dbid
    assert set(account.paths()) == {"/fixed/subscriptions/7/databases"}


async def test_ready_and_gone_waits_share_the_same_list_request() -> None:
    account = FakeAccount()
    coming = account.subscription(1, active_at=6)
    going = account.subscription(2, active_at=0, gone_at=6)
    watcher = ReadinessWatcher(account)

    ready, gone = await asyncio.gather(
        watcher.wait_subscription(coming), watcher.wait_subscription_gone(going)
    )

    assert ready["id"] == coming
    assert gone is None
    assert account.paths() == Counter({"/subscriptions": watcher.stats.ticks})


# -- outcomes -------------------------------------------------------------------------------
async def test_an_error_status_raises_resource_failed() -> None:
    account = FakeAccount()
    sid = account.subscription(5, fails_at=3)
    dbid = account.database(6, 60, fails_at=4)
    watcher = ReadinessWatcher(account)

    results = await asyncio.gather(
        watcher.wait_subscription(sid), watcher.wait_database(6, dbid), return_exceptions=True
    )

    assert all(isinstance(r, ResourceFailedError) for r in results)
    sub_error, db_error = results
    assert isinstance(sub_error, ResourceFailedError)
    assert isinstance(db_error, ResourceFailedError)
    assert (sub_error.kind, sub_error.resource_id) == ("subscription", "5")
    assert (db_error.kind, db_error.resource_id) == ("database", "60")
    assert sub_error.status == db_error.status == "error"


async def test_a_deadline_raises_readiness_timeout_with_the_last_status(looptime: float) -> None:
    account = FakeAccount()
    sid = account.subscription(5)  # pending forever
    watcher = ReadinessWatcher(account)

    with pytest.raises(ReadinessTimeoutError) as caught:
        await watcher.wait_subscription(sid, timeout=45)

    assert looptime == pytest.approx(45)
    assert (caught.value.kind, caught.value.resource_id) == ("subscription", "5")
    assert caught.value.timeout == 45
    assert caught.value.last_status == "pending"


async def test_a_resource_missing_after_its_task_ended_is_tolerated_for_the_grace() -> None:
    account = FakeAccount()
    dbid = account.database(3, 30, appears_at=20, active_at=22)
    watcher = ReadinessWatcher(account, PollPolicy(grace=30))

    db = await watcher.wait_database(3, dbid)

    assert db["databaseId"] == dbid


async def test_a_resource_still_missing_after_the_grace_window_is_not_found() -> None:
    account = FakeAccount()
    account.subscription(3, active_at=0)
    watcher = ReadinessWatcher(account, PollPolicy(grace=30))

    with pytest.raises(NotFoundError) as caught:
        await watcher.wait_database(3, 999)

    assert 30 <= asyncio.get_running_loop().time() <= 45
    assert caught.value.path == "/subscriptions/3/databases"


async def test_gone_waits_return_once_the_resource_is_no_longer_listed() -> None:
    account = FakeAccount()
    sid = account.subscription(4, active_at=0, gone_at=40)
    dbid = account.database(4, 41, active_at=0, gone_at=15)
    watcher = ReadinessWatcher(account)

    db_gone = asyncio.create_task(watcher.wait_database_gone(4, dbid))
    await watcher.wait_subscription_gone(sid)

    assert db_gone.done()
    assert asyncio.get_running_loop().time() >= 40
    await watcher.wait_database_gone(4, dbid)  # the whole subscription is gone: 404


# -- errors, closing ------------------------------------------------------------------------
async def test_a_transient_list_error_is_retried_on_the_next_tick() -> None:
    account = FakeAccount()
    sid = account.subscription(1, active_at=0)
    account.errors = [ServiceUnavailableError("down", method="GET", path="/x", status=503)]
    watcher = ReadinessWatcher(account)

    assert (await watcher.wait_subscription(sid))["status"] == "active"
    assert watcher.stats.sweep_errors == 1
    assert watcher.stats.sweeps == 2


async def test_aclose_ends_readiness_waits_and_leaves_no_task_behind() -> None:
    account = FakeAccount()
    sid = account.subscription(1)
    dbid = account.database(1, 10)
    watcher = ReadinessWatcher(account)
    waits = [
        asyncio.create_task(watcher.wait_subscription(sid)),
        asyncio.create_task(watcher.wait_database(1, dbid)),
        asyncio.create_task(watcher.wait_database_gone(1, dbid)),
    ]
    await asyncio.sleep(20)

    await watcher.aclose()

    results = await asyncio.gather(*waits, return_exceptions=True)
    assert all(isinstance(r, ClientClosedError) for r in results)
    assert ours() == []
    with pytest.raises(ClientClosedError):
        await watcher.wait_subscription(sid)
