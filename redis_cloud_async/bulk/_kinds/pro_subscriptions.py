"""Pro subscriptions (single-region or Active-Active), planned as `ProSubscriptionPlan`.

A new subscription's create request carries its planned databases that it can say
exactly (`fold`): they come up with it instead of one at a time after. Its settings
change through four requests (steps): `PUT /subscriptions/{id}` (public endpoint
access, payment), its resource tags, its CIDR allowlist and its maintenance windows;
where it runs (cloud, account, deployment type, region, CIDR, storage) is fixed.
"""

from __future__ import annotations

from collections.abc import Awaitable, Mapping, Sequence
from typing import Any, cast

import attrs

from ..._client import AsyncClient
from ..._errors import TaskFailedError
from ..._handle import TaskHandle
from ...models.databases import DatabaseCreateSpec
from ...models.subscription_settings import CidrAllowlistSpec, MaintenanceWindowsSpec
from ...models.subscriptions import (
    Subscription,
    SubscriptionCreateSpec,
    SubscriptionDatabaseSpec,
    SubscriptionUpdateSpec,
)
from ...resources.databases import Databases
from ...resources.subscriptions import Subscriptions
from .._context import RunContext
from .._costs import Costs
from .._ensure import Ensured
from .._exported import Exported, as_data, exportable, spec_of
from .._fields import Field, Observed, fixed, plain, setting, unordered
from .._folding import CARRIED, fold
from .._inventory import Found, Listing
from .._items import Item, Kind
from .._plan import Plan, PrivateServiceConnectPlan, ProSubscriptionPlan, initial_database_names
from .subscriptions import SubscriptionKind

__all__ = ["PRO_SUBSCRIPTIONS", "ProSubscriptions", "own_account"]

_WHERE = "where a subscription runs is chosen when it is created"
#: The update steps: the subscription's own request, then its settings' requests.
SETTINGS, TAGS, CIDR, MAINTENANCE = "settings", "resource_tags", "cidr_allowlist", "maintenance"
_COMMANDS = {
    SETTINGS: "subscriptionUpdateRequest",
    TAGS: "subscriptionResourceTagsUpdateRequest",
    CIDR: "cidrWhiteListUpdateRequest",
    MAINTENANCE: "subscriptionMaintenanceWindowsUpdateRequest",
}


#: Redis's own cloud account (the one a subscription runs in unless you bring yours).
REDIS_CLOUD_ACCOUNT = 1


def own_account(found: Found) -> bool:
    """Whether a found subscription runs in your own cloud account."""
    sub = cast(Subscription, found.data)
    account = sub.cloud_details[0].cloud_account_id if sub.cloud_details else None
    return account not in (None, REDIS_CLOUD_ACCOUNT)


def allowlist(value: Any) -> Any:
    """A CIDR allowlist: its blocks and its security groups, each in any order (a list
    left unset is empty: the request replaces the whole allowlist)."""
    shown = plain(value) or {}
    return {key: unordered(shown.get(key) or []) for key in ("cidr_ips", "security_group_ids")}


def windows(value: Any) -> Any:
    """Maintenance windows: the mode, and the windows in any order (days too)."""
    shown = plain(value) or {}
    return {
        "mode": shown.get("mode"),
        "windows": unordered(
            [
                {**window, "days": sorted(window.get("days") or [])}
                for window in shown.get("windows") or []
            ]
        ),
    }


_COMMON: tuple[Field, ...] = (
    setting("public_endpoint_access", SETTINGS),
    setting("payment_method_id", SETTINGS),
    setting("payment_method", SETTINGS),
    setting("resource_tags", TAGS, canon=unordered),
    setting("maintenance_windows", MAINTENANCE, canon=windows, created=False),
    fixed("deployment_type", _WHERE),
    fixed("provider", _WHERE),
    fixed("cloud_account_id", _WHERE),
    fixed("memory_storage", _WHERE),
    fixed("persistent_storage_encryption_type", _WHERE),
)
SINGLE_REGION_FIELDS: tuple[Field, ...] = (
    *_COMMON,
    setting("cidr_allowlist", CIDR, canon=allowlist, created=False),
    fixed("region", _WHERE),
    fixed("deployment_cidr", _WHERE),
)
#: An Active-Active subscription's regions are items of their own.
ACTIVE_ACTIVE_FIELDS = _COMMON


class ProSubscriptions(SubscriptionKind[ProSubscriptionPlan]):
    name = Kind.PRO_SUBSCRIPTION
    create_command = "subscriptionCreateRequest"
    delete_command = "subscriptionDeleteRequest"
    database_delete_command = "databaseDeleteRequest"

    def area(self, client: AsyncClient) -> Subscriptions:
        return client.subscriptions

    def database_area(self, client: AsyncClient) -> Databases:
        return client.databases

    async def listing(self, client: AsyncClient) -> Listing:
        return {
            s.name: Found(s.id, s.status, s) for s in await client.subscriptions.list() if s.name
        }

    def planned(self, item: Item[ProSubscriptionPlan]) -> dict[str, Any]:
        plan = item.spec
        spec = plan.spec
        cloud = spec.cloud_providers[0]
        values: dict[str, Any] = {
            "public_endpoint_access": spec.public_endpoint_access,
            "payment_method_id": spec.payment_method_id,
            "payment_method": spec.payment_method,
            "resource_tags": cloud.resource_tags,
            "cidr_allowlist": plan.cidr_allowlist,
            "maintenance_windows": plan.maintenance_windows,
            "deployment_type": spec.deployment_type,
            "provider": cloud.provider,
            "cloud_account_id": cloud.cloud_account_id,
            "memory_storage": spec.memory_storage,
            "persistent_storage_encryption_type": spec.persistent_storage_encryption_type,
        }
        if not plan.active_active:
            region = cloud.regions[0]
            values["region"] = region.region
            values["deployment_cidr"] = (
                region.networking.deployment_cidr if region.networking else None
            )
        return {name: value for name, value in values.items() if value is not None}

    def fields(self, item: Item[ProSubscriptionPlan]) -> Sequence[Field]:
        return ACTIVE_ACTIVE_FIELDS if item.spec.active_active else SINGLE_REGION_FIELDS

    async def observe(
        self, ctx: RunContext, item: Item[ProSubscriptionPlan], found: Found
    ) -> Observed:
        plan = item.spec
        values = await self.current(
            ctx,
            found,
            cidr=plan.cidr_allowlist is not None,
            windows=plan.maintenance_windows is not None,
        )
        return Observed(values)

    async def current(
        self, ctx: RunContext, found: Found, *, cidr: bool, windows: bool
    ) -> dict[str, Any]:
        """The subscription's values in the plan's terms; its CIDR allowlist and its
        maintenance windows (one read each) only if asked."""
        sub = cast(Subscription, found.data)
        cloud = sub.cloud_details[0] if sub.cloud_details else None
        values: dict[str, Any] = {
            "public_endpoint_access": sub.public_endpoint_access,
            "payment_method_id": sub.payment_method_id,
            "payment_method": sub.payment_method_type,
            "resource_tags": [{"key": t.key, "value": t.value} for t in sub.resource_tags],
            "deployment_type": sub.deployment_type,
            "memory_storage": sub.memory_storage,
            "persistent_storage_encryption_type": sub.persistent_storage_encryption_type,
        }
        if cloud is not None:
            values["provider"] = cloud.provider
            values["cloud_account_id"] = cloud.cloud_account_id
            if len(cloud.regions) == 1:
                region = cloud.regions[0]
                values["region"] = region.region
                if region.networking:
                    values["deployment_cidr"] = region.networking[0].deployment_cidr
        if cidr:
            current = await ctx.client.subscriptions.cidr_allowlist(found.resource_id)
            values["cidr_allowlist"] = {
                "cidr_ips": current.cidr_ips,
                "security_group_ids": current.security_group_ids,
            }
        if windows:
            windows_now = await ctx.client.subscriptions.maintenance_windows(found.resource_id)
            values["maintenance_windows"] = {
                "mode": windows_now.mode,
                "windows": windows_now.windows,
            }
        return {name: value for name, value in values.items() if value is not None}

    async def export(
        self, ctx: RunContext, found: Found, children: Mapping[Kind, Sequence[Exported]]
    ) -> ProSubscriptionPlan | None:
        """The subscription and what lives in it (`children`, each kind's residents as
        exported), as a plan says it; None for one without a database (a create request
        needs one). Its first database (by id) is its create request's entry, with what
        the entry can say; the rest of its settings are planned in `databases`."""
        sub = cast(Subscription, found.data)
        databases = sorted(children.get(Kind.PRO_DATABASE, ()), key=lambda e: e.resource_id)
        if not databases or not sub.name:
            return None
        fields = ACTIVE_ACTIVE_FIELDS if sub.is_active_active else SINGLE_REGION_FIELDS
        own = own_account(found)
        values = await self.current(ctx, found, cidr=own and not sub.is_active_active, windows=True)
        shown = exportable(fields, values)
        first: DatabaseCreateSpec = databases[0].spec
        entry = {k: v for k, v in as_data(first).items() if k in CARRIED}
        if sub.is_active_active:
            regions = [as_data(e.spec) for e in children.get(Kind.ACTIVE_ACTIVE_REGION, ())]
        else:
            networking = {"deployment_cidr": shown.pop("deployment_cidr", None)}
            regions = [{"region": shown.pop("region", None), "networking": networking}]
        cloud = {
            "provider": shown.pop("provider", None),
            "cloud_account_id": shown.pop("cloud_account_id", None),
            "resource_tags": shown.pop("resource_tags", None),
            "regions": regions,
        }
        settings: dict[str, Any] = {
            name: spec_of(cls, shown.pop(name))
            for name, cls in (
                ("cidr_allowlist", CidrAllowlistSpec),
                ("maintenance_windows", MaintenanceWindowsSpec),
            )
            if name in shown
        }
        create = {
            "name": sub.name,
            **shown,
            "cloud_providers": [as_data(cloud)],
            "databases": [entry],
        }
        more = [e.spec for e in databases[1:]]
        return ProSubscriptionPlan(
            spec=spec_of(SubscriptionCreateSpec, create),
            databases=more if fold(first) is not None else [first, *more],
            peerings=[e.spec for e in children.get(Kind.VPC_PEERING, ())],
            private_links=[e.spec for e in children.get(Kind.PRIVATE_LINK, ())],
            transit_gateways=[e.spec for e in children.get(Kind.TRANSIT_GATEWAY, ())],
            private_service_connect=_psc(children),
            **settings,
        )

    def send(
        self,
        ctx: RunContext,
        item: Item[ProSubscriptionPlan],
        subscription_id: int,
        step: str,
        values: Mapping[str, Any],
    ) -> Awaitable[TaskHandle]:
        area = ctx.client.subscriptions
        if step == TAGS:
            return area.update_resource_tags(subscription_id, values["resource_tags"])
        if step == CIDR:
            allow: CidrAllowlistSpec = values["cidr_allowlist"]
            full = CidrAllowlistSpec(
                cidr_ips=allow.cidr_ips or [], security_group_ids=allow.security_group_ids or []
            )
            return area.update_cidr_allowlist(subscription_id, full)
        if step == MAINTENANCE:
            spec: MaintenanceWindowsSpec = values["maintenance_windows"]
            return area.update_maintenance_windows(subscription_id, spec)
        return area.update(subscription_id, SubscriptionUpdateSpec(**values))

    def step_command(self, step: str) -> str:
        return _COMMANDS[step]

    def leaves_pending(self, step: str) -> bool:
        """Its own update and a new allowlist leave it pending; tags and windows do not."""
        return step in (SETTINGS, CIDR)

    def in_plan(self, plan: Plan) -> list[ProSubscriptionPlan]:
        return plan.subscriptions

    def seconds(self, costs: Costs) -> float:
        return costs.subscription

    def chain(self, spec: ProSubscriptionPlan, costs: Costs, *, folding: bool) -> float:
        """Its create, then its databases the create request does not carry, one at a
        time, and its connectivity (peerings, PrivateLinks, gateways, PSC)."""
        later = [db for db in spec.later_databases() if not folding or fold(db) is None]
        return (
            costs.subscription
            + costs.database * len(later)
            + costs.task * spec.connectivity_count()
        )

    async def create(self, ctx: RunContext, item: Item[ProSubscriptionPlan]) -> Ensured:
        plan = item.spec
        initial = [n for entry in plan.spec.databases for n in initial_database_names(entry)]
        folded = {
            db.name: entry for db in plan.later_databases() if (entry := fold(db)) is not None
        }
        if ctx.fold and folded:
            try:
                ensured = await self._create(ctx, item, [*folded.values()])
            except TaskFailedError as error:
                if not (error.error_type or "").startswith("DATABASE_"):
                    raise
                # One carried database is wrong: the subscription must not fail for it.
                # Create it bare; the databases then go one by one and fail one by one.
                folded = {}
                ensured = await self._create(ctx, item, [])
        else:
            folded = {}
            ensured = await self._create(ctx, item, [])
        carried = frozenset([*initial, *folded]) if ensured.created else frozenset()
        return self.made(ctx, item, ensured, carried)

    async def _create(
        self,
        ctx: RunContext,
        item: Item[ProSubscriptionPlan],
        folded: list[SubscriptionDatabaseSpec],
    ) -> Ensured:
        spec = attrs.evolve(item.spec.spec, databases=[*item.spec.spec.databases, *folded])
        return await self.make(ctx, item, lambda: ctx.client.subscriptions.create(spec))


def _psc(children: Mapping[Kind, Sequence[Exported]]) -> list[PrivateServiceConnectPlan]:
    """Each Private Service Connect service with its endpoints (by the region each
    endpoint was found in)."""
    endpoints: dict[str | None, list[Any]] = {}
    for endpoint in children.get(Kind.PSC_ENDPOINT, ()):
        endpoints.setdefault(endpoint.region, []).append(endpoint.spec)
    return [
        attrs.evolve(service.spec, endpoints=endpoints.get(service.region, []))
        for service in children.get(Kind.PSC_SERVICE, ())
    ]


PRO_SUBSCRIPTIONS = ProSubscriptions()
