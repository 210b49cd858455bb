"""Plausible prices, for ``GET .../pricing`` and dry runs (``response.resource.pricing``).

The arithmetic is the simulator's own (shards of 25 GB or 25k ops/s, doubled for
replication); only the shape follows the published ``SubscriptionPricing``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any

SHARD_PRICE = 0.124
STORAGE_PRICE = 0.0028


def shards(spec: Mapping[str, Any]) -> int:
    """Shards a database of this spec needs (replication included)."""
    size = spec.get("datasetSizeInGb") or (spec.get("memoryLimitInGb") or 1) / 2
    throughput = spec.get("throughputMeasurement") or {}
    by_ops = throughput.get("value", 25000) if throughput.get("by") != "number-of-shards" else 0
    count = max(1, math.ceil(float(size) / 25), math.ceil(float(by_ops) / 25000))
    if throughput.get("by") == "number-of-shards":
        count = max(1, int(throughput.get("value", 1)))
    return count * (2 if spec.get("replication", True) else 1)


def pricing(specs: Iterable[Mapping[str, Any]], regions: Iterable[str]) -> list[dict[str, Any]]:
    """Price lines for databases of these specs in each of these regions."""
    specs = list(specs)
    lines: list[dict[str, Any]] = []
    for region in regions:
        count = sum(shards(spec) * int(spec.get("quantity", 1)) for spec in specs)
        size = sum(float(spec.get("datasetSizeInGb") or 1) for spec in specs)
        lines.append(
            {
                "type": "Shards",
                "typeDetails": "high-throughput",
                "quantity": max(count, 1),
                "quantityMeasurement": "shards",
                "pricePerUnit": SHARD_PRICE,
                "priceCurrency": "USD",
                "pricePeriod": "hour",
                "region": region,
            }
        )
        lines.append(
            {
                "type": "EBS Volume",
                "quantity": max(math.ceil(size * 6), 1),
                "quantityMeasurement": "GB",
                "pricePerUnit": STORAGE_PRICE,
                "priceCurrency": "USD",
                "pricePeriod": "hour",
                "region": region,
            }
        )
    return lines
