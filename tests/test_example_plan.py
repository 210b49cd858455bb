"""The plan file the README shows applies as it says, and tears down."""

from __future__ import annotations

from pathlib import Path

from redis_cloud_async import AsyncClient
from redis_cloud_async.bulk import apply, destroy, load_plan

PLAN = Path(__file__).resolve().parents[1] / "examples" / "fleet.toml"


async def test_the_readme_plan_applies_then_destroys(client: AsyncClient) -> None:
    plan = load_plan(PLAN)
    applied = await apply(client, plan)
    applied.raise_for_failures()
    assert applied.counts() == {"created": plan.items_count()}
    subs = {s.name: s for s in await client.subscriptions.list()}
    assert set(subs) == {"orders", "sessions-global"}
    assert subs["sessions-global"].is_active_active
    names = {db.name for db in await client.databases.list(subs["orders"].id)}
    assert names == {"orders-main", "orders-cache"}
    again = await apply(client, plan)
    assert again.writes == 0
    removed = await destroy(client, plan, confirm=True)
    removed.raise_for_failures()
    assert await client.subscriptions.list() == []
