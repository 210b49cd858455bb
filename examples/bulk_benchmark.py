"""How close `apply` gets to the fastest the service's rules allow.

    python examples/bulk_benchmark.py [--speed 800] [--json out.json] [--check 1.15]
                                      [--baseline]

Applies the issue's fleet (24 subscriptions, 4 of them Active-Active across 3 regions,
8 databases each) to the embedded simulator, then prints the wall time, the computed
lower bound and their ratio, the requests sent and the 429s received. `--baseline`
also runs the same fleet with `fold_databases=False` (every database created on its
own after its subscription, as a loop over the API would), in the same process.
`--check R` exits non-zero if the ratio is above R.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from pathlib import Path
from typing import Any

from redis_cloud_async import PollPolicy, RateBudget
from redis_cloud_async.bulk import apply, lower_bound, sample_plan
from redis_cloud_async.testing import FakeRedisCloud

RATE_WINDOW = 5.0
RPM = 400


async def measure(speed: float, *, fold: bool) -> dict[str, Any]:
    fake = FakeRedisCloud(speed=speed, requests_per_minute=RPM, rate_window=RATE_WINDOW)
    plan = sample_plan(subscriptions=24, active_active=4, databases=8)
    bound = lower_bound(
        plan, speed=speed, requests_per_minute=RPM, rate_window=RATE_WINDOW, fold_databases=fold
    )
    poll = PollPolicy(initial=0.02, factor=1.0, maximum=0.02, grace=5.0)
    budget = RateBudget(RPM, period=RATE_WINDOW, margin=0.05)
    async with fake.client(poll=poll, rate_budget=budget) as client:
        began = time.perf_counter()
        result = await apply(client, plan, fold_databases=fold)
        elapsed = time.perf_counter() - began
        return {
            "fold_databases": fold,
            "items": len(result),
            "ok": result.ok,
            "wall_s": round(elapsed, 3),
            "bound_s": round(bound.seconds, 3),
            "limited_by": bound.limited_by,
            "ratio": round(bound.ratio(elapsed), 3),
            "requests": client.stats.requests,
            "writes": result.writes,
            "client_429": client.stats.rate_limited,
            "server_429": fake.stats.too_many_requests,
        }


def table(rows: list[dict[str, Any]]) -> str:
    keys = list(rows[0])
    widths = [max(len(k), *(len(str(r[k])) for r in rows)) for k in keys]
    lines = ["  ".join(k.ljust(w) for k, w in zip(keys, widths, strict=True))]
    lines += [
        "  ".join(str(r[k]).ljust(w) for k, w in zip(keys, widths, strict=True)) for r in rows
    ]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--speed", type=float, default=800.0)
    parser.add_argument("--json", help="write the results to this file")
    parser.add_argument("--check", type=float, help="fail if the ratio is above this")
    parser.add_argument("--baseline", action="store_true", help="also run without folding")
    args = parser.parse_args()
    rows = [asyncio.run(measure(args.speed, fold=True))]
    if args.baseline:
        rows.append(asyncio.run(measure(args.speed, fold=False)))
    print(table(rows))
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=2), encoding="utf-8")
    first = rows[0]
    if not first["ok"] or first["client_429"] or first["server_429"]:
        return 1
    if args.check is not None and first["ratio"] > args.check:
        print(f"ratio {first['ratio']} is above {args.check}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
