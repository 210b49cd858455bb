"""Reference data the simulated account offers: regions, modules, versions, plans.

Values follow the published document's examples, so that a request written against the
real service (``us-east-1``, ``RedisJSON``, ``aof-every-1-second``) works unchanged.
"""

from __future__ import annotations

from typing import Any

#: (id, name, provider), as in the document's ``Regions`` example.
REGIONS: tuple[tuple[int, str, str], ...] = (
    (1, "us-east-1", "AWS"),
    (2, "us-west-1", "AWS"),
    (3, "us-west-2", "AWS"),
    (4, "eu-west-1", "AWS"),
    (5, "ap-southeast-1", "AWS"),
    (6, "ap-northeast-1", "AWS"),
    (7, "sa-east-1", "AWS"),
    (15, "ap-southeast-2", "AWS"),
    (29, "eu-central-1", "AWS"),
    (30, "ap-south-1", "AWS"),
    (59, "us-east-2", "AWS"),
    (60, "eu-west-2", "AWS"),
    (61, "eu-west-3", "AWS"),
    (62, "eu-north-1", "AWS"),
    (63, "ca-central-1", "AWS"),
    (32, "asia-east1", "GCP"),
    (33, "asia-northeast1", "GCP"),
    (34, "asia-southeast1", "GCP"),
    (35, "europe-west1", "GCP"),
    (36, "europe-west4", "GCP"),
    (74, "europe-west2", "GCP"),
    (77, "northamerica-northeast1", "GCP"),
    (37, "us-central1", "GCP"),
    (38, "us-east1", "GCP"),
    (39, "us-west1", "GCP"),
    (81, "us-east4", "GCP"),
)

#: Azure regions exist for Essentials plans only.
AZURE_REGIONS: tuple[tuple[int, str], ...] = ((201, "east-us"), (202, "west-europe"))

MODULES: tuple[dict[str, Any], ...] = (
    {
        "name": "RedisBloom",
        "capabilityName": "Probabilistic",
        "description": "A set of probabilistic data structures to Redis, including Bloom "
        "filter, Cuckoo filter, Count-min sketch, Top-K, and t-digest",
        "parameters": [],
    },
    {
        "name": "RedisJSON",
        "capabilityName": "JSON",
        "description": "Native JSON Data Type for Redis, allowing for atomic reads and "
        "writes of sub-elements",
        "parameters": [],
    },
    {
        "name": "RediSearch",
        "capabilityName": "Search and query",
        "description": "A comprehensive, expressive, flexible, fast and developer-friendly "
        "search and query engine for the diversity of data types in Redis",
        "parameters": [
            {
                "name": "number-of-documents",
                "description": "Expected number of documents the database module will be indexing",
                "type": "integer",
                "defaultValue": 1000000,
                "required": False,
            }
        ],
    },
    {
        "name": "RedisTimeSeries",
        "capabilityName": "Time series",
        "description": "Time-Series data structure for redis",
        "parameters": [],
    },
)

MODULE_VERSIONS = {
    "RedisBloom": "2.8.2",
    "RedisJSON": "2.8.4",
    "RediSearch": "2.10.5",
    "RedisTimeSeries": "1.12.2",
}

PERSISTENCE: tuple[tuple[str, str], ...] = (
    ("none", "None"),
    ("aof-every-1-second", "Append only file (AOF) - fsync every 1 second"),
    ("aof-every-write", "Append only file (AOF) - fsync every write"),
    ("snapshot-every-1-hour", "Snapshot every 1 hour"),
    ("snapshot-every-6-hours", "Snapshot every 6 hour"),
    ("snapshot-every-12-hours", "Snapshot every 12 hour"),
)
PERSISTENCE_NAMES = frozenset(name for name, _ in PERSISTENCE)

EVICTION_POLICIES = frozenset(
    {
        "allkeys-lru",
        "allkeys-lfu",
        "allkeys-random",
        "volatile-lru",
        "volatile-lfu",
        "volatile-random",
        "volatile-ttl",
        "noeviction",
    }
)

#: (version, end of life, preview, default)
REDIS_VERSIONS: tuple[tuple[str, str | None, bool, bool], ...] = (
    ("6.2", "2026-02-28", False, False),
    ("7.2", "2027-02-28", False, False),
    ("7.4", None, False, True),
    ("8.0", None, True, False),
)
DEFAULT_REDIS_VERSION = "7.4"

QUERY_PERFORMANCE_FACTORS = ("Standard", "1.5x", "2x", "3x", "4x", "6x", "8x", "12x", "16x")

PAYMENT_METHOD_ID = 8241
PAYMENT_METHODS: tuple[dict[str, Any], ...] = (
    {
        "id": PAYMENT_METHOD_ID,
        "type": "Visa",
        # A number, as the service's recorded answers carry it (the published document's
        # example shows a string; the Go SDK decodes an integer).
        "creditCardEndsWith": 4242,
        "nameOnCard": "Simulated Owner",
        "expirationMonth": 12,
        "expirationYear": 2030,
        "links": [],
    },
)

DEFAULT_ACL_RULES: tuple[tuple[str, str], ...] = (
    ("Full-Access", "+@all  ~*"),
    ("Read-Write", "+@all -@dangerous ~*"),
    ("Read-Only", "+@read ~*"),
)

#: Essentials plan sizes: (name, size, unit, price per month, availability, databases).
_PLAN_SIZES: tuple[tuple[str, float, str, int, str, int], ...] = (
    ("Free 30MB", 30, "MB", 0, "No replication", 1),
    ("Standard 250MB", 250, "MB", 5, "Single-zone", 1),
    ("Standard 1GB", 1, "GB", 22, "Single-zone", 1),
    ("Multi-AZ 1GB", 1, "GB", 44, "Multi-zone", 1),
    ("Standard 5GB", 5, "GB", 100, "Single-zone", 4),
    ("Multi-AZ 12GB", 12, "GB", 400, "Multi-zone", 8),
)


def region_by_name(name: str) -> tuple[int, str, str] | None:
    return next((r for r in REGIONS if r[1] == name), None)


def _plan_regions() -> list[tuple[int, str, str]]:
    chosen = [r for r in REGIONS if r[1] in {"us-east-1", "eu-west-1", "us-central1"}]
    return chosen + [(rid, name, "AZURE") for rid, name in AZURE_REGIONS]


def essentials_plans() -> list[dict[str, Any]]:
    """The Essentials plan catalogue, ids stable across runs."""
    plans: list[dict[str, Any]] = []
    for region_index, (region_id, region, provider) in enumerate(_plan_regions()):
        for size_index, (name, size, unit, price, availability, dbs) in enumerate(_PLAN_SIZES):
            free = price == 0
            plans.append(
                {
                    "id": 98000 + region_index * 100 + size_index,
                    "name": name,
                    "size": size,
                    "sizeMeasurementUnit": unit,
                    "provider": provider,
                    "region": region,
                    "regionId": region_id,
                    "price": price,
                    "priceCurrency": "USD",
                    "pricePeriod": "Month",
                    "maximumDatabases": dbs,
                    "maximumThroughput": 100 if free else 2000 * (size_index + 1),
                    "maximumBandwidthGB": 5 if free else 50 * (size_index + 1),
                    "availability": availability,
                    "connections": "30" if free else "1024",
                    "cidrAllowRules": 1 if free else 8,
                    "supportDataPersistence": not free,
                    "redisFlex": False,
                    "supportInstantAndDailyBackups": not free,
                    "supportReplication": availability != "No replication",
                    "supportClustering": size_index >= 4,
                    "supportSsl": not free,
                    "supportedAlerts": ["datasets-size", "throughput-higher-than"],
                    "customerSupport": "Basic" if free else "Standard",
                    "links": [],
                }
            )
    return plans


PLANS = essentials_plans()
PLANS_BY_ID = {plan["id"]: plan for plan in PLANS}
