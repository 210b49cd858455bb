"""GCP Private Service Connect of Pro subscriptions: the service (planned as
`PrivateServiceConnectPlan`) and its endpoints (each a `PscEndpointCreateSpec`).

One service per subscription, or per region of an Active-Active one
(``psc-service:orders/us-central1``); each endpoint is named by its connection name
(``psc-endpoint:orders/us-central1:redis-psc``) and waits for its service, which is
ready once the service shows it ``active``. An endpoint's GCP project, VPC and subnet
change in place. A service goes after its endpoints (the service deletes no service
that has one), each endpoint gone first.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any, cast

from ..._handle import TaskHandle
from ...models.private_service_connect import (
    PscEndpoint,
    PscEndpointCreateSpec,
    PscEndpointUpdateSpec,
)
from .._compare import matches
from .._context import RunContext
from .._costs import Costs
from .._ensure import Ensured
from .._fields import Field, Observed, setting
from .._floors import Floors
from .._inventory import Found, Listing
from .._items import Item, ItemKey, Kind
from .._plan import Plan, PrivateServiceConnectPlan, ProSubscriptionPlan
from .._remove import absent
from .._results import ItemOutcome
from .._update import Step, run_steps
from .connectivity import Connectivity, Place, absent_on, on, regional
from .in_subscription import parent_of, planned_in

__all__ = ["PSC_ENDPOINTS", "PSC_SERVICES", "PscEndpoints", "PscServices"]

_NONE = ("PSC_SERVICE_NOT_FOUND",)
#: Statuses of a service on its way out (`remove` waits for it instead of deleting).
_LEAVING = frozenset({"delete-queued", "delete-pending", "deleted"})
ENDPOINT = "endpoint"
ENDPOINT_FIELDS: tuple[Field, ...] = (
    setting("gcp_project_id", ENDPOINT),
    setting("gcp_vpc_name", ENDPOINT),
    setting("gcp_vpc_subnet_name", ENDPOINT),
)


class PscServices(Connectivity):
    name = Kind.PSC_SERVICE
    provider = "GCP"

    def entries(self, plan: ProSubscriptionPlan) -> list[PrivateServiceConnectPlan]:
        return plan.private_service_connect

    def settling(self, floors: Floors) -> float:
        """Its endpoints wait until it is active."""
        return floors.costs.connectivity

    async def listing(self, ctx: RunContext, place: Place, *, refresh: bool = False) -> Listing:
        """The place's service (as `data`), by its region."""
        api = ctx.client.connectivity.private_service_connect

        async def load() -> Listing:
            service = await absent_on(on(place, api.get, api.get_for_region), _NONE)
            if service is None or service.id is None:
                return {}
            status = "deleting" if service.status in _LEAVING else service.status
            return {place.region: Found(service.id, status, service)}

        return await self.read(ctx, place, load, refresh=refresh)

    async def service_id(self, ctx: RunContext, place: Place) -> int | None:
        found = (await self.listing(ctx, place)).get(place.region)
        return None if found is None else found.resource_id

    async def create(self, ctx: RunContext, item: Item[PrivateServiceConnectPlan]) -> Ensured:
        """Set up the service, then wait until it is active (its endpoints need it)."""
        place = await self.present_place(ctx, item)
        api = ctx.client.connectivity.private_service_connect

        async def ready(_: int) -> None:
            def look() -> Any:
                return self.find_in(ctx, item, refresh=True)

            await self.until(ctx, item.key, look, lambda seen: bool(seen and seen.active))

        send = on(place, api.create, api.create_for_region)
        command = regional("pscServiceCreateRequest", place)
        return await self.make(ctx, item, place, command, send, ready=ready)

    async def delete(self, ctx: RunContext, item: Item[Any]) -> ItemOutcome:
        """Delete the service (the service refuses while it has endpoints)."""
        place = await self.place(ctx, item)
        if place is None:
            return absent(item.key)
        api = ctx.client.connectivity.private_service_connect
        deleting = on(place, api.delete, api.delete_for_region)
        command = regional("pscServiceDeleteRequest", place)
        ops = self.removal(ctx, item, place, command, lambda _: deleting(confirm=True))
        return await self.removed(ctx, item, place, ops)

    # -- day 2 ---------------------------------------------------------------------------
    def fields(self, item: Item[PrivateServiceConnectPlan]) -> Sequence[Field]:
        """Nothing of the service itself is set: its endpoints are items of their own."""
        return ()

    def planned(self, item: Item[PrivateServiceConnectPlan]) -> dict[str, Any]:
        return {}

    async def observe(self, ctx: RunContext, item: Item[Any], found: Found) -> Observed:
        return Observed({})

    async def update(
        self,
        ctx: RunContext,
        item: Item[PrivateServiceConnectPlan],
        found: Found,
        steps: Mapping[str, Mapping[str, Any]],
    ) -> list[str]:
        raise AssertionError(f"{item.key}: a service has no update step")  # pragma: no cover

    async def replace(self, ctx: RunContext, item: Item[PrivateServiceConnectPlan]) -> Ensured:
        raise AssertionError(f"{item.key}: nothing replaces a service")  # pragma: no cover

    async def prune(self, ctx: RunContext, item: Item[Found]) -> ItemOutcome:
        """Delete its endpoints (each until gone), then the service."""
        place = await self.place(ctx, item)
        if place is None:
            return absent(item.key)
        parent = parent_of(item)
        for name in await PSC_ENDPOINTS.listing(ctx, place, refresh=True):
            endpoint = Item(key=PSC_ENDPOINTS.key(parent.name, name), spec=None, parent=parent)
            await PSC_ENDPOINTS.delete(ctx, endpoint)
        return await self.delete(ctx, item)

    async def export(self, ctx: RunContext, item: Item[Found]) -> PrivateServiceConnectPlan:
        """The service as the account holds it (its endpoints are exported apart)."""
        place = await self.present_place(ctx, item)
        return PrivateServiceConnectPlan(region=None if place.region_id is None else place.region)


PSC_SERVICES = PscServices()


class PscEndpoints(Connectivity):
    name = Kind.PSC_ENDPOINT
    provider = "GCP"

    def items(self, plan: Plan, costs: Costs) -> Iterator[Item[PscEndpointCreateSpec]]:
        for sub in plan.subscriptions:
            for psc in sub.private_service_connect:
                region = sub.region_of(psc.region)
                service = PSC_SERVICES.place_key(sub.name, region)
                for endpoint in psc.endpoints:
                    yield Item(
                        key=self.place_key(sub.name, region, endpoint.endpoint_connection_name),
                        spec=endpoint,
                        deps=(*self.deps(sub, region), service),
                        parent=self.parent.key(sub.name),
                    )

    def named_in(self, plan: ProSubscriptionPlan) -> bool:
        return any(psc.endpoints for psc in plan.private_service_connect)

    async def listing(self, ctx: RunContext, place: Place, *, refresh: bool = False) -> Listing:
        """The endpoints on the place's service, by ``region:connection name``."""
        api = ctx.client.connectivity.private_service_connect

        async def load() -> Listing:
            service_id = await PSC_SERVICES.service_id(ctx, place)
            if service_id is None:
                return {}
            listing = on(place, api.list_endpoints, api.list_endpoints_for_region)
            return {
                f"{place.region}:{e.endpoint_connection_name}": Found(e.id, e.status, e)
                for e in await listing(service_id)
                if e.id is not None and e.endpoint_connection_name
            }

        return await self.read(ctx, place, load, refresh=refresh)

    async def create(self, ctx: RunContext, item: Item[PscEndpointCreateSpec]) -> Ensured:
        """Register the endpoint on its service (then the customer runs its script)."""
        place = await self.present_place(ctx, item)
        api = ctx.client.connectivity.private_service_connect

        async def send() -> TaskHandle:
            service_id = await self._service_id(ctx, place)
            creating = on(place, api.create_endpoint, api.create_endpoint_for_region)
            return await creating(service_id, item.spec)

        command = regional("pscEndpointCreateRequest", place)
        return await self.make(ctx, item, place, command, send)

    async def _service_id(self, ctx: RunContext, place: Place) -> int:
        found = (await PSC_SERVICES.listing(ctx, place, refresh=True)).get(place.region)
        assert found is not None, f"no Private Service Connect service in {place.region}"
        return found.resource_id

    async def delete(self, ctx: RunContext, item: Item[Any]) -> ItemOutcome:
        """Delete the endpoint and wait until it is gone (its service waits for that)."""
        place = await self.place(ctx, item)
        if place is None:
            return absent(item.key)
        api = ctx.client.connectivity.private_service_connect

        async def delete(endpoint_id: int) -> TaskHandle:
            service_id = await self._service_id(ctx, place)
            deleting = on(place, api.delete_endpoint, api.delete_endpoint_for_region)
            return await deleting(service_id, endpoint_id, confirm=True)

        async def gone(_: int) -> None:
            def look() -> Any:
                return self.find_in(ctx, item, refresh=True)

            await self.until(ctx, item.key, look, lambda seen: seen is None)

        command = regional("pscEndpointDeleteRequest", place)
        ops = self.removal(ctx, item, place, command, delete, gone=gone)
        return await self.removed(ctx, item, place, ops)

    # -- day 2 ---------------------------------------------------------------------------
    def fields(self, item: Item[PscEndpointCreateSpec]) -> Sequence[Field]:
        return ENDPOINT_FIELDS

    def planned(self, item: Item[PscEndpointCreateSpec]) -> dict[str, Any]:
        return {field.name: getattr(item.spec, field.name) for field in ENDPOINT_FIELDS}

    async def observe(self, ctx: RunContext, item: Item[Any], found: Found) -> Observed:
        endpoint = cast(PscEndpoint, found.data)
        values = {field.name: getattr(endpoint, field.name) for field in ENDPOINT_FIELDS}
        return Observed({name: value for name, value in values.items() if value is not None})

    async def update(
        self,
        ctx: RunContext,
        item: Item[PscEndpointCreateSpec],
        found: Found,
        steps: Mapping[str, Mapping[str, Any]],
    ) -> list[str]:
        place = await self.present_place(ctx, item)
        api = ctx.client.connectivity.private_service_connect
        values = steps[ENDPOINT]

        async def send() -> TaskHandle:
            service_id = await self._service_id(ctx, place)
            updating = on(place, api.update_endpoint, api.update_endpoint_for_region)
            return await updating(service_id, found.resource_id, PscEndpointUpdateSpec(**values))

        async def applied() -> bool | None:
            fresh = await self.find_in(ctx, item, refresh=True)
            return fresh is not None and matches(
                ENDPOINT_FIELDS, values, await self.observe(ctx, item, fresh)
            )

        step = Step(
            name=ENDPOINT,
            command=regional("pscEndpointUpdateRequest", place),
            resource_id=found.resource_id,
            values=values,
            send=send,
            applied=applied,
            settle=lambda: self.parent.ready(ctx, place.subscription_id),
            busy=await self.home_busy(ctx, item),
        )
        async with self.lane(ctx, place.subscription_id):
            return await run_steps(ctx, item.key, [step])

    async def replace(self, ctx: RunContext, item: Item[PscEndpointCreateSpec]) -> Ensured:
        raise AssertionError(f"{item.key}: every field changes in place")  # pragma: no cover

    async def prune(self, ctx: RunContext, item: Item[Found]) -> ItemOutcome:
        return await self.delete(ctx, item)

    async def export(self, ctx: RunContext, item: Item[Found]) -> PscEndpointCreateSpec:
        endpoint = cast(PscEndpoint, item.spec.data)
        return PscEndpointCreateSpec(
            gcp_project_id=endpoint.gcp_project_id or "",
            gcp_vpc_name=endpoint.gcp_vpc_name or "",
            gcp_vpc_subnet_name=endpoint.gcp_vpc_subnet_name or "",
            endpoint_connection_name=endpoint.endpoint_connection_name or "",
        )

    async def residents(
        self, ctx: RunContext, subscription: Item[Any], found: Found, *, thorough: bool
    ) -> dict[ItemKey, Found]:
        """Its endpoints on the services the plan names (a service the plan does not
        name is pruned with its endpoints); export: every endpoint."""
        listed = await super().residents(ctx, subscription, found, thorough=thorough)
        plan = planned_in(subscription)
        if plan is None:
            return listed
        services = {plan.region_of(psc.region) for psc in plan.private_service_connect}
        return {
            key: one
            for key, one in listed.items()
            if self.region_in(key, subscription.key) in services
        }

    def region_in(self, key: ItemKey, subscription: ItemKey) -> str:
        """The region (its service's) that the key of an endpoint of `subscription` names."""
        return key.name[len(subscription.name) + 1 :].split(":", 1)[0]


PSC_ENDPOINTS = PscEndpoints()
