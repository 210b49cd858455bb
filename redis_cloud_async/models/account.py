"""The account itself and its reference data: regions, modules, persistence options,
payment methods, query performance factors, system and session logs."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import attrs

from ._base import Model

__all__ = [
    "AccountInfo",
    "ApiKeyInfo",
    "ApiKeyOwner",
    "CloudRegion",
    "DataPersistenceOption",
    "ModuleInfo",
    "ModuleParameter",
    "PaymentMethod",
    "SessionLogEntry",
    "SystemLogEntry",
]


@attrs.frozen(kw_only=True)
class ApiKeyOwner(Model):
    """Who owns the API key the client uses."""

    name: str | None = None
    email: str | None = None


@attrs.frozen(kw_only=True)
class ApiKeyInfo(Model):
    """The API key the client uses: its owner and the source IPs allowed to use it."""

    name: str | None = None
    account_id: int | None = None
    account_name: str | None = None
    allowed_source_ips: list[str] = attrs.field(factory=list)
    created_timestamp: datetime | None = None
    owner: ApiKeyOwner | None = None
    user_account_id: int | None = None
    http_source_ip: str | None = None


@attrs.frozen(kw_only=True)
class AccountInfo(Model):
    """The account the API key belongs to (`GET /`)."""

    id: int
    name: str | None = None
    created_timestamp: datetime | None = None
    updated_timestamp: datetime | None = None
    poc_status: str | None = None
    marketplace_status: str | None = None
    key: ApiKeyInfo | None = None


@attrs.frozen(kw_only=True)
class RootAccount(Model):
    """`GET /` wraps the account in ``{"account": {...}}``."""

    account: AccountInfo
    links: list[dict[str, str]] = attrs.field(factory=list, repr=False)


@attrs.frozen(kw_only=True)
class CloudRegion(Model):
    """A cloud region Pro subscriptions can be deployed in."""

    id: int | None = None
    name: str
    provider: str | None = None


@attrs.frozen(kw_only=True)
class RegionList(Model):
    regions: list[CloudRegion] = attrs.field(factory=list)
    links: list[dict[str, str]] = attrs.field(factory=list, repr=False)


@attrs.frozen(kw_only=True)
class ModuleParameter(Model):
    """A setting a module takes when enabled on a database."""

    name: str | None = None
    description: str | None = None
    type: str | None = None
    default_value: Any = None
    required: bool | None = None


@attrs.frozen(kw_only=True)
class ModuleInfo(Model):
    """An advanced capability (module) databases can enable (`RedisJSON`...)."""

    name: str
    capability_name: str | None = None
    description: str | None = None
    parameters: list[ModuleParameter] = attrs.field(factory=list)


@attrs.frozen(kw_only=True)
class ModuleList(Model):
    modules: list[ModuleInfo] = attrs.field(factory=list)
    links: list[dict[str, str]] = attrs.field(factory=list, repr=False)


@attrs.frozen(kw_only=True)
class DataPersistenceOption(Model):
    """A data persistence setting (`name` is what database specs take)."""

    name: str
    description: str | None = None


@attrs.frozen(kw_only=True)
class DataPersistenceList(Model):
    data_persistence: list[DataPersistenceOption] = attrs.field(factory=list)
    links: list[dict[str, str]] = attrs.field(factory=list, repr=False)


@attrs.frozen(kw_only=True)
class PaymentMethod(Model):
    """A payment method of the account (its `id` is what subscription specs take)."""

    id: int
    type: str | None = None
    #: The card's last digits. A number: the service's recorded answers carry one (the
    #: published document's example shows a string, which decodes too).
    credit_card_ends_with: int | None = None
    name_on_card: str | None = None
    expiration_month: int | None = None
    expiration_year: int | None = None
    links: list[dict[str, str]] = attrs.field(factory=list, repr=False)


@attrs.frozen(kw_only=True)
class PaymentMethodList(Model):
    account_id: int | None = None
    payment_methods: list[PaymentMethod] = attrs.field(factory=list)
    links: list[dict[str, str]] = attrs.field(factory=list, repr=False)


@attrs.frozen(kw_only=True)
class QueryPerformanceFactors(Model):
    query_performance_factors: list[str] = attrs.field(factory=list)
    links: list[dict[str, str]] = attrs.field(factory=list, repr=False)


@attrs.frozen(kw_only=True)
class SystemLogEntry(Model):
    """An entry of the account's system (audit) log: who changed what, and when."""

    id: int
    time: datetime | None = None
    originator: str | None = None
    api_key_name: str | None = None
    resource: str | None = None
    resource_id: int | None = None
    type: str | None = None
    description: str | None = None


@attrs.frozen(kw_only=True)
class SessionLogEntry(Model):
    """An entry of the account's session log: a console or API sign-in and its origin."""

    id: str
    time: datetime | None = None
    user: str | None = None
    user_agent: str | None = None
    ip_address: str | None = None
    user_role: str | None = None
    type: str | None = None
    action: str | None = None
