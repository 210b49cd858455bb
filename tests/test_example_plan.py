"""The plan file the README shows applies as it says, and tears down."""

from __future__ import annotations

from pathlib import Path

from redis_cloud_async import AsyncClient
from redis_cloud_async.bulk import apply, destroy, diff, load_plan

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


async def test_the_readme_change_is_one_update(client: AsyncClient, tmp_path: Path) -> None:
    """The README's "Changing a fleet": 1 GB -> 5 GB is one update, then no change."""
    text = PLAN.read_text(encoding="utf-8")
    assert text.count("memory_limit_in_gb = 1\n") == 1
    resized = tmp_path / "fleet.toml"
    resized.write_text(text.replace("memory_limit_in_gb = 1\n", "memory_limit_in_gb = 5\n"))
    journal = tmp_path / "fleet.journal"
    assert (await apply(client, load_plan(PLAN), journal=journal)).ok
    plan = load_plan(resized)
    changes = await diff(client, plan, journal=journal)
    assert [c.describe() for c in changes if c.action != "keep"] == [
        "update pro-database:orders/orders-cache: memory_limit_in_gb 1.0 -> 5.0"
    ]
    result = await apply(client, plan, journal=journal)
    assert result["pro-database:orders/orders-cache"].status == "updated"
    assert result.counts() == {"updated": 1, "present": plan.items_count() - 1}
    assert not (await diff(client, plan, journal=journal)).has_changes
