"""(c) A plain `asyncio.gather` over httpx: create everything, poll each task every 1 s.

One pass of the script: every subscription is created at once; when a subscription's
task completes, its databases are created at once. Each task is polled in its own loop
every second. A 429 is retried after the server's hint, or after a back-off doubling
from 1 s to 60 s when there is none (the "too many changes at once" refusal), for as
long as it takes; a task that fails is counted and not re-sent. Nothing waits for a
resource to become `active`, so the databases created while their subscription is
still `pending` (or busy with another database) fail.

A script like that ends with most of the fleet missing, so its user runs it again until
nothing fails, as the Terraform operator of (b) re-applies. For that the script learns
what exists (`GET /subscriptions`, then each existing subscription's databases) and
creates only what is missing: the one change a re-run needs, since the service answers
409 to a name that is taken. The time measured is the time to a complete fleet; the
first pass is reported too.
"""

from __future__ import annotations

import asyncio
from typing import Any

import attrs

from redis_cloud_async.bulk import Plan, ProSubscriptionPlan
from redis_cloud_async.models.databases import DatabaseCreateSpec

from ._api import TERMINAL, RawApi, TaskFailed, body_of, server_hint

__all__ = ["Outcome", "provision"]

POLL_SECONDS = 1.0
MAX_RUNS = 1000
_MAX_BACKOFF = 60.0


class _Failed(Exception):
    pass


@attrs.frozen
class Outcome:
    """How the user got there: passes of the script, the creates that failed in them,
    and when the first pass ended (loop seconds from the start)."""

    runs: int
    failures: int
    first_run_s: float
    first_run_failures: int


async def _request(api: RawApi, method: str, path: str, body: Any = None) -> Any:
    backoff = 1.0
    while True:
        response = await api.send(method, path, body)
        if response.status_code != 429:
            break
        hint = server_hint(response)
        if hint is not None:
            await asyncio.sleep(hint)
        else:
            await api.scale.sleep(backoff)
            backoff = min(backoff * 2, _MAX_BACKOFF)
    if response.status_code >= 300:
        raise _Failed(f"{method} {path}: {response.status_code}")
    return response.json()


async def _create(api: RawApi, path: str, body: Any) -> int:
    answer = await _request(api, "POST", path, body)
    while True:
        task = await _request(api, "GET", f"/tasks/{answer['taskId']}")
        if task["status"] in TERMINAL:
            break
        await api.scale.sleep(POLL_SECONDS)
    if task["status"] != "processing-completed":
        raise TaskFailed(task)
    return int(task["response"]["resourceId"])


async def _existing(api: RawApi) -> dict[str, int]:
    """Subscription name -> id, as the account has them now."""
    listing = await _request(api, "GET", "/subscriptions")
    return {sub["name"]: int(sub["id"]) for sub in listing.get("subscriptions", [])}


async def _existing_databases(api: RawApi, sub_id: int) -> set[str]:
    listing = await _request(api, "GET", f"/subscriptions/{sub_id}/databases")
    return {db["name"] for entry in listing.get("subscription", []) for db in entry["databases"]}


async def _databases(api: RawApi, sub_id: int, specs: list[DatabaseCreateSpec]) -> int:
    """Create these databases at once: how many failed."""
    path = f"/subscriptions/{sub_id}/databases"
    results = await asyncio.gather(
        *(_create(api, path, body_of(spec)) for spec in specs), return_exceptions=True
    )
    return _failures(results)


async def _subscription(api: RawApi, sub: ProSubscriptionPlan, sub_id: int | None) -> int:
    """Create the subscription unless it exists, then its missing databases: failures."""
    if sub_id is None:
        try:
            sub_id = await _create(api, "/subscriptions", body_of(sub.spec))
        except (_Failed, TaskFailed):
            return 1 + len(sub.databases)  # its databases cannot be attempted
        missing = list(sub.databases)
    else:
        present = await _existing_databases(api, sub_id)
        missing = [db for db in sub.databases if db.name not in present]
    return await _databases(api, sub_id, missing) if missing else 0


def _failures(results: list[Any]) -> int:
    """How many of these gathered creates failed; anything else unexpected is raised."""
    for result in results:
        if isinstance(result, BaseException) and not isinstance(result, (_Failed, TaskFailed)):
            raise result
    return sum(isinstance(result, BaseException) for result in results)


async def _run(api: RawApi, plan: Plan) -> int:
    """One pass of the script: the creates that failed in it."""
    existing = await _existing(api)
    failed = await asyncio.gather(
        *(_subscription(api, sub, existing.get(sub.name)) for sub in plan.subscriptions)
    )
    return sum(failed)


async def provision(api: RawApi, plan: Plan) -> Outcome:
    """Run the script until a pass has nothing left to fail."""
    loop = asyncio.get_running_loop()
    start = loop.time()
    failures = first_failures = 0
    first_run_s = 0.0
    for runs in range(1, MAX_RUNS + 1):
        failed = await _run(api, plan)
        failures += failed
        if runs == 1:
            first_run_s, first_failures = loop.time() - start, failed
        if not failed:
            break
    return Outcome(runs, failures, first_run_s, first_failures)
