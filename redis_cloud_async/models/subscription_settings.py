"""Settings of a Pro subscription: CIDR allowlist, maintenance windows, resource tags,
Redis versions, and the regions of an Active-Active subscription."""

from __future__ import annotations

import ipaddress
from typing import Any

import attrs

from .._errors import ValidationError
from ._base import Model, Spec, StrEnum, wire
from ._validators import cidr, each, in_range, length, matches, non_empty, one_of, optional
from .common import RESP_VERSION, Tag, distinct, require_tag_values
from .subscriptions import LocalThroughputSpec

__all__ = [
    "WEEKDAYS",
    "ActiveActiveRegion",
    "ActiveActiveRegionDatabase",
    "ActiveActiveRegionDeleteSpec",
    "ActiveActiveRegionSpec",
    "ActiveActiveRegions",
    "CidrAllowlist",
    "CidrAllowlistSpec",
    "MaintenanceMode",
    "MaintenanceWindow",
    "MaintenanceWindowSkipStatus",
    "MaintenanceWindowSpec",
    "MaintenanceWindows",
    "MaintenanceWindowsSpec",
    "RedisVersion",
    "RedisVersions",
    "RegionDatabaseSpec",
    "RegionToDeleteSpec",
    "ResourceTagsSpec",
]

WEEKDAYS = ("Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")
MAX_MAINTENANCE_WINDOWS = 7
MAX_RESOURCE_TAGS = 30
SECURITY_GROUP = matches(r"sg-[0-9A-Za-z]+", "an AWS security group id such as sg-0125be68a4625884")


# -- CIDR allowlist ------------------------------------------------------------------
@attrs.frozen(kw_only=True)
class CidrAllowlist(Model):
    """Who may reach a subscription in your own cloud account (`GET .../cidr`).

    The service names these fields in snake_case (hence `wire`).
    """

    cidr_ips: list[str] = wire("cidr_ips", factory=list)  # noqa: RUF009
    security_group_ids: list[str] = wire("security_group_ids", factory=list)  # noqa: RUF009
    errors: list[Any] = wire("errors", factory=list)  # noqa: RUF009


@attrs.frozen(kw_only=True)
class CidrAllowlistSpec(Spec):
    """`PUT /subscriptions/{id}/cidr`: the new allowlist (it replaces the old one).

    CIDR blocks such as ``10.0.0.0/16`` (host bits clear) and AWS security group ids,
    each listed once.
    """

    cidr_ips: list[str] | None = attrs.field(default=None, validator=optional(each(cidr)))
    security_group_ids: list[str] | None = attrs.field(
        default=None, validator=optional(each(SECURITY_GROUP))
    )

    def __attrs_post_init__(self) -> None:
        if self.cidr_ips is None and self.security_group_ids is None:
            raise ValidationError(
                "CidrAllowlistSpec", "set cidr_ips or security_group_ids (an empty list clears)"
            )
        distinct("CidrAllowlistSpec.cidr_ips", self.cidr_ips or [], "CIDR block")
        distinct(
            "CidrAllowlistSpec.security_group_ids", self.security_group_ids or [], "security group"
        )


# -- maintenance windows -------------------------------------------------------------
class MaintenanceMode(StrEnum):
    """``automatic``: Redis Cloud picks the time; ``manual``: only within your windows."""

    AUTOMATIC = "automatic"
    MANUAL = "manual"


@attrs.frozen(kw_only=True)
class MaintenanceWindow(Model):
    """A weekly window in which maintenance may happen."""

    days: list[str] = attrs.field(factory=list)
    start_hour: int | None = None
    duration_in_hours: int | None = None


@attrs.frozen(kw_only=True)
class MaintenanceWindowSkipStatus(Model):
    """How many maintenance skips remain, and when the current one ends."""

    remaining_skips: int | None = None
    current_skip_end: str | None = None


@attrs.frozen(kw_only=True)
class MaintenanceWindows(Model):
    """When maintenance may happen on a subscription (`GET .../maintenance-windows`)."""

    mode: MaintenanceMode | str | None = None
    time_zone: str | None = None
    windows: list[MaintenanceWindow] = attrs.field(factory=list)
    skip_status: MaintenanceWindowSkipStatus | None = None


@attrs.frozen(kw_only=True)
class MaintenanceWindowSpec(Spec):
    """A weekly window: days (``"Sunday"``..``"Saturday"``), a start hour 0-23 and a
    duration of at least 4 hours (8 for ram-and-flash subscriptions, checked by the
    service)."""

    days: list[str] = attrs.field(validator=[length(1, 7), each(one_of(WEEKDAYS))])
    start_hour: int = attrs.field(validator=in_range(0, 23))
    duration_in_hours: int = attrs.field(validator=in_range(4, 24))

    def __attrs_post_init__(self) -> None:
        distinct("MaintenanceWindowSpec.days", self.days, "day")


@attrs.frozen(kw_only=True)
class MaintenanceWindowsSpec(Spec):
    """`PUT .../maintenance-windows`: ``manual`` with 1-7 windows, or ``automatic``
    with none."""

    mode: str = attrs.field(validator=one_of(MaintenanceMode))
    windows: list[MaintenanceWindowSpec] | None = None

    def __attrs_post_init__(self) -> None:
        windows = self.windows or []
        if self.mode == MaintenanceMode.MANUAL and not windows:
            raise ValidationError(
                "MaintenanceWindowsSpec.windows", "manual mode needs at least one window"
            )
        if self.mode == MaintenanceMode.AUTOMATIC and windows:
            raise ValidationError(
                "MaintenanceWindowsSpec.windows", "automatic mode takes no windows"
            )
        if len(windows) > MAX_MAINTENANCE_WINDOWS:
            raise ValidationError(
                "MaintenanceWindowsSpec.windows",
                f"takes at most {MAX_MAINTENANCE_WINDOWS} windows, got {len(windows)}",
            )


# -- resource tags, versions ---------------------------------------------------------
@attrs.frozen(kw_only=True)
class ResourceTagsSpec(Spec):
    """`PUT .../resource-tags`: the subscription's cloud resource tags (replaces them all).

    At most 30 tags, each key once, every tag with a value.
    """

    resource_tags: list[Tag] = attrs.field(validator=length(0, MAX_RESOURCE_TAGS))

    def __attrs_post_init__(self) -> None:
        distinct("ResourceTagsSpec.resource_tags", (t.key for t in self.resource_tags), "key")
        require_tag_values("ResourceTagsSpec.resource_tags", self.resource_tags)


@attrs.frozen(kw_only=True)
class RedisVersion(Model):
    """A Redis version databases can run (`GET /subscriptions/redis-versions`)."""

    version: str
    eol_date: str | None = None
    is_preview: bool | None = None
    is_default: bool | None = None


@attrs.frozen(kw_only=True)
class RedisVersions(Model):
    """The answer of the Redis versions lists."""

    redis_versions: list[RedisVersion] = attrs.field(factory=list)


# -- Active-Active regions -----------------------------------------------------------
@attrs.frozen(kw_only=True)
class ActiveActiveRegionDatabase(Model):
    """A database's local throughput in one region of an Active-Active subscription."""

    database_id: int
    database_name: str | None = None
    read_operations_per_second: int | None = None
    write_operations_per_second: int | None = None
    resp_version: str | None = None
    links: list[dict[str, str]] = attrs.field(factory=list, repr=False)


@attrs.frozen(kw_only=True)
class ActiveActiveRegion(Model):
    """A region of an Active-Active subscription, with its databases."""

    region_id: int | None = None
    region: str
    deployment_cidr: str | None = None
    vpc_id: str | None = None
    status: str | None = None
    databases: list[ActiveActiveRegionDatabase] = attrs.field(factory=list)
    links: list[dict[str, str]] = attrs.field(factory=list, repr=False)


@attrs.frozen(kw_only=True)
class ActiveActiveRegions(Model):
    """The answer of `GET /subscriptions/{id}/regions`."""

    subscription_id: int | None = None
    regions: list[ActiveActiveRegion] = attrs.field(factory=list)
    links: list[dict[str, str]] = attrs.field(factory=list, repr=False)


def _deployment_cidr(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    cidr(instance, attribute, value)
    network = ipaddress.ip_network(value)
    if network.version == 4 and network.prefixlen != 24:
        raise ValidationError(
            f"{type(instance).__name__}.{attribute.name}",
            f"{value!r}: a region's deployment CIDR has 256 addresses (a /24)",
        )


@attrs.frozen(kw_only=True)
class RegionDatabaseSpec(Spec):
    """The local throughput of an existing database in a region being added."""

    name: str = attrs.field(validator=non_empty)
    local_throughput_measurement: LocalThroughputSpec | None = None


@attrs.frozen(kw_only=True)
class ActiveActiveRegionSpec(Spec):
    """`POST /subscriptions/{id}/regions`: a region to add to an Active-Active subscription.

    The deployment CIDR is a /24 that overlaps no other region's (the service checks the
    overlap).
    """

    region: str = attrs.field(validator=non_empty)
    deployment_cidr: str = wire("deploymentCIDR", validator=_deployment_cidr)
    dry_run: bool | None = None
    vpc_id: str | None = None
    subnet_ids: list[str] | None = None
    security_group_id: str | None = attrs.field(default=None, validator=optional(SECURITY_GROUP))
    preferred_availability_zones: list[str] | None = None
    databases: list[RegionDatabaseSpec] | None = None
    resp_version: str | None = attrs.field(default=None, validator=optional(RESP_VERSION))
    customer_managed_key_resource_name: str | None = None


@attrs.frozen(kw_only=True)
class RegionToDeleteSpec(Spec):
    """A region to remove from an Active-Active subscription, by name."""

    region: str = attrs.field(validator=non_empty)


@attrs.frozen(kw_only=True)
class ActiveActiveRegionDeleteSpec(Spec):
    """`DELETE /subscriptions/{id}/regions`: the regions to remove, by name."""

    regions: list[RegionToDeleteSpec] = attrs.field(validator=length(1))
    dry_run: bool | None = None

    def __attrs_post_init__(self) -> None:
        distinct("ActiveActiveRegionDeleteSpec.regions", (r.region for r in self.regions), "region")
