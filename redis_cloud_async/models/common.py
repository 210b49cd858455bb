"""Small shapes and enums shared by several areas of the API."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Any

import attrs

from .._errors import ValidationError
from ._base import Model, Spec, StrEnum
from ._validators import in_range, length, matches, non_empty, one_of

__all__ = [
    "HOURS_PER_MONTH",
    "CloudProvider",
    "CostEstimate",
    "DataEvictionPolicy",
    "DataPersistence",
    "PricingItem",
    "ResourceStatus",
    "Tag",
    "ThroughputMeasurement",
    "ThroughputMeasurementSpec",
    "distinct",
    "require_change",
    "require_tag_values",
]


class ResourceStatus(StrEnum):
    """The lifecycle of a subscription or a database (the database statuses the service
    reports, as the official Go SDK lists them, included)."""

    PENDING = "pending"
    ACTIVE = "active"
    ACTIVE_CHANGE_PENDING = "active-change-pending"
    ACTIVE_CHANGE_DRAFT = "active-change-draft"
    ACTIVE_UPGRADE_PENDING = "active-upgrade-pending"
    DYNAMIC_ENDPOINTS_CREATION_PENDING = "dynamic-endpoints-creation-pending"
    PROXY_POLICY_CHANGE_PENDING = "proxy-policy-change-pending"
    PROXY_POLICY_CHANGE_DRAFT = "proxy-policy-change-draft"
    RCP_CHANGE_PENDING = "rcp-change-pending"
    RCP_DRAFT = "rcp-draft"
    RCP_ACTIVE_CHANGE_DRAFT = "rcp-active-change-draft"
    DELETING = "deleting"
    ERROR = "error"
    DRAFT = "draft"


class CloudProvider(StrEnum):
    """The clouds the service runs on, as it spells them."""

    AWS = "AWS"
    GCP = "GCP"
    AZURE = "Azure"


class DataPersistence(StrEnum):
    """How a database persists its data: append-only file or snapshots."""

    NONE = "none"
    AOF_EVERY_1_SECOND = "aof-every-1-second"
    AOF_EVERY_WRITE = "aof-every-write"
    SNAPSHOT_EVERY_1_HOUR = "snapshot-every-1-hour"
    SNAPSHOT_EVERY_6_HOURS = "snapshot-every-6-hours"
    SNAPSHOT_EVERY_12_HOURS = "snapshot-every-12-hours"


class DataEvictionPolicy(StrEnum):
    """What a full database evicts (``noeviction``: refuse writes instead)."""

    ALLKEYS_LRU = "allkeys-lru"
    ALLKEYS_LFU = "allkeys-lfu"
    ALLKEYS_LRM = "allkeys-lrm"
    ALLKEYS_RANDOM = "allkeys-random"
    VOLATILE_LRU = "volatile-lru"
    VOLATILE_LFU = "volatile-lfu"
    VOLATILE_LRM = "volatile-lrm"
    VOLATILE_RANDOM = "volatile-random"
    VOLATILE_TTL = "volatile-ttl"
    NOEVICTION = "noeviction"


THROUGHPUT_BY = ("operations-per-second", "number-of-shards")

# -- rules of the database and payment settings several specs take -----------------------
#: Database names: letters, digits and hyphens, starting with a letter, ending with a
#: letter or digit, at most 40 characters (the published document's rule).
DATABASE_NAME = matches(
    r"[A-Za-z](?:[A-Za-z0-9-]{0,38}[A-Za-z0-9])?",
    "a database name has 1-40 letters, digits and hyphens, starts with a letter and "
    "ends with a letter or digit",
)
#: A database's size (`dataset_size_in_gb`, `memory_limit_in_gb`): at least 0.1 GB.
SIZE_IN_GB = in_range(0.1)
#: The protocols of a Pro database (Essentials ones add ``stack``).
PRO_PROTOCOL = one_of(("redis", "memcached"))
#: The port a Pro database listens on.
PORT = in_range(10000, 19999)
RESP_VERSION = one_of(("resp2", "resp3"))
PERSISTENCE = one_of(DataPersistence)
EVICTION_POLICY = one_of(DataEvictionPolicy)
SHARDING_TYPE = one_of(("default-regex-rules", "custom-regex-rules", "redis-oss-hashing"))
PAYMENT_METHOD = one_of(("credit-card", "marketplace"))

#: Hours in a billing month (365 x 24 / 12), to state hourly prices per month.
HOURS_PER_MONTH = 730.0
_HOURS_IN = {"hour": 1.0, "month": HOURS_PER_MONTH}


@attrs.frozen(kw_only=True)
class ThroughputMeasurement(Model):
    """A database's throughput: ``by`` operations per second or shards."""

    by: str | None = None
    value: int | None = None


@attrs.frozen(kw_only=True)
class ThroughputMeasurementSpec(Spec):
    """How throughput is sized: `by` ``operations-per-second`` or ``number-of-shards``."""

    by: str = attrs.field(validator=one_of(THROUGHPUT_BY))
    value: int = attrs.field(validator=in_range(1))


@attrs.frozen(kw_only=True)
class Tag(Spec):
    """A key/value tag (database tags, resource tags)."""

    key: str = attrs.field(validator=[non_empty, length(1, 128)])
    value: str = attrs.field(validator=length(0, 256))


def require_tag_values(where: str, tags: Iterable[Tag]) -> None:
    """Raise `ValidationError` at `where[i].value` for a tag without a value."""
    for index, tag in enumerate(tags):
        if not tag.value:
            raise ValidationError(f"{where}[{index}].value", f"tag {tag.key!r} needs a value")


# -- rules across the fields of a spec (for `__attrs_post_init__`) ----------------------
def distinct(where: str, values: Iterable[Any], what: str) -> None:
    """Raise `ValidationError` at `where` when a value is listed twice."""
    seen: set[Any] = set()
    for value in values:
        if value in seen:
            raise ValidationError(where, f"{what} {value!r} is listed twice")
        seen.add(value)


def require_change(
    spec: Any, *, ignore: Collection[str] = ("dry_run",), hint: str = "a field"
) -> None:
    """Raise `ValidationError` when an update spec sets no field (besides `ignore`); the
    message asks to set `hint` (the fields of a small spec, by name)."""
    names = (f.name for f in attrs.fields(type(spec)) if f.name not in ignore)
    if all(getattr(spec, name) is None for name in names):
        raise ValidationError(type(spec).__name__, f"nothing to update: set {hint}")


@attrs.frozen(kw_only=True)
class PricingItem(Model):
    """One line of a price estimate or of a subscription's pricing."""

    type: str | None = None
    type_details: str | None = None
    quantity: float | None = None
    quantity_measurement: str | None = None
    price_per_unit: float | None = None
    price_currency: str | None = None
    price_period: str | None = None
    region: str | None = None
    database_name: str | None = None


@attrs.frozen(kw_only=True)
class CostEstimate(Model):
    """A priced plan: what a dry run answers (`response.resource` of its task), and a
    subscription's current pricing (`GET /subscriptions/{id}/pricing`)."""

    pricing: list[PricingItem] = attrs.field(factory=list)

    def total(self, period: str = "hour") -> float:
        """The summed price of the lines billed per `period` (quantity x unit price);
        `per` converts the other lines too."""
        return sum(
            (item.quantity or 0) * (item.price_per_unit or 0)
            for item in self.pricing
            if (item.price_period or "hour").lower() == period.lower()
        )

    def per(self, period: str = "month") -> float:
        """The price per `period` (``"hour"`` or ``"month"``) of every line, each
        converted from the period it is billed per (a month is `HOURS_PER_MONTH` hours);
        lines billed per any other period are left out."""
        target = _HOURS_IN[period.lower()]
        return sum(
            (item.quantity or 0) * (item.price_per_unit or 0) * target / hours
            for item in self.pricing
            if (hours := _HOURS_IN.get((item.price_period or "hour").lower())) is not None
        )
