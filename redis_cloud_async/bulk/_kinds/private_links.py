"""AWS PrivateLinks of Pro subscriptions, planned as `PrivateLinkPlan`.

One per subscription, or per region of an Active-Active one (its key names the region:
``private-link:orders/us-east-1``). It is created with its first principal; the others
are added after, each one request. Its principals change in place, one request per
principal added or removed (a principal whose type or alias changes is removed and
added again); its share name cannot (a replace). Deleting it removes its principals
first, as the service requires.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, cast

from ...models.private_link import (
    PrivateLinkConfig,
    PrivateLinkPrincipal,
    PrivateLinkPrincipalSpec,
)
from .._context import RunContext
from .._ensure import Ensured
from .._fields import Field, Observed, fixed, plain, setting, unordered
from .._inventory import Found, Listing
from .._items import Item, Kind
from .._plan import PrivateLinkPlan, ProSubscriptionPlan
from .._remove import RemoveOps, absent, remove
from .._results import ItemOutcome
from .._update import Step, run_steps
from .connectivity import Connectivity, Place, absent_on, on, regional

__all__ = ["PRIVATE_LINKS", "PrivateLinks"]

PRINCIPALS = "principals"
FIELDS: tuple[Field, ...] = (
    setting(PRINCIPALS, PRINCIPALS, canon=unordered, created=False),
    fixed("share_name", "the resource share is named when the PrivateLink is created"),
)
_NONE = ("PRIVATE_LINK_NOT_FOUND",)


def _shown(
    principal: PrivateLinkPrincipal, planned: PrivateLinkPrincipalSpec | None
) -> dict[str, Any]:
    """A principal as the account shows it, in the spec's terms; its type and alias only
    where the plan sets them (the service fills them in otherwise)."""
    shown: dict[str, Any] = {"principal": principal.principal}
    if principal.type is not None and (planned is None or planned.type is not None):
        shown["type"] = principal.type
    if principal.alias is not None and (planned is None or planned.alias is not None):
        shown["alias"] = principal.alias
    return shown


def _planned_principals(item: Item[Any]) -> dict[str, PrivateLinkPrincipalSpec]:
    spec = item.spec
    return {p.principal: p for p in spec.principals} if isinstance(spec, PrivateLinkPlan) else {}


class PrivateLinks(Connectivity):
    name = Kind.PRIVATE_LINK
    provider = "AWS"

    def entries(self, plan: ProSubscriptionPlan) -> list[PrivateLinkPlan]:
        return plan.private_links

    async def listing(self, ctx: RunContext, place: Place, *, refresh: bool = False) -> Listing:
        """The place's PrivateLink (the configuration as `data`), by its region."""
        api = ctx.client.connectivity.private_link

        async def load() -> Listing:
            link = await absent_on(on(place, api.get, api.get_for_region), _NONE)
            if link is None:
                return {}
            return {place.region: Found(place.subscription_id, link.status, link)}

        return await self.read(ctx, place, load, refresh=refresh)

    async def create(self, ctx: RunContext, item: Item[PrivateLinkPlan]) -> Ensured:
        """The PrivateLink with its first principal (the others come as an update)."""
        place = await self.present_place(ctx, item)
        api = ctx.client.connectivity.private_link
        spec = item.spec.create_spec()
        send = on(place, api.create, api.create_for_region)
        command = regional("privateLinkCreateRequest", place)
        return await self.make(ctx, item, place, command, lambda: send(spec))

    async def delete(self, ctx: RunContext, item: Item[Any]) -> ItemOutcome:
        """Remove its principals, then the PrivateLink."""
        place = await self.place(ctx, item)
        if place is None:
            return absent(item.key)
        api = ctx.client.connectivity.private_link
        deleting = on(place, api.delete, api.delete_for_region)
        ops = self.removal(
            ctx,
            item,
            place,
            regional("privateLinkDeleteRequest", place),
            lambda _: deleting(confirm=True),
        )
        async with self.lane(ctx, place.subscription_id):
            found = await self.find_in(ctx, item)
            if found is not None:
                for principal in cast(PrivateLinkConfig, found.data).principals:
                    await remove(
                        ctx, item.key, self._remover(ctx, place, principal.principal or "")
                    )
            return await remove(ctx, item.key, ops)

    def _remover(self, ctx: RunContext, place: Place, principal: str) -> RemoveOps:
        """How to stop sharing the place's PrivateLink with one principal."""
        api = ctx.client.connectivity.private_link

        async def find(refresh: bool) -> Found | None:
            link = (await self.listing(ctx, place, refresh=refresh)).get(place.region)
            if link is None:
                return None
            listed = cast(PrivateLinkConfig, link.data).principals
            shown = any(p.principal == principal for p in listed)
            return Found(link.resource_id, None, link.data) if shown else None

        return RemoveOps(
            command=regional("privateLinkPrincipalDeleteRequest", place),
            find=find,
            delete=lambda _: on(place, api.remove_principal, api.remove_principal_for_region)(
                principal, confirm=True
            ),
            settle=lambda: self.parent.ready(ctx, place.subscription_id),
        )

    # -- day 2 ---------------------------------------------------------------------------
    def fields(self, item: Item[PrivateLinkPlan]) -> Sequence[Field]:
        return FIELDS

    def planned(self, item: Item[PrivateLinkPlan]) -> dict[str, Any]:
        return {PRINCIPALS: item.spec.principals, "share_name": item.spec.share_name}

    async def observe(self, ctx: RunContext, item: Item[Any], found: Found) -> Observed:
        link = cast(PrivateLinkConfig, found.data)
        planned = _planned_principals(item)
        values: dict[str, Any] = {
            PRINCIPALS: [_shown(p, planned.get(p.principal or "")) for p in link.principals]
        }
        if link.share_name is not None:
            values["share_name"] = link.share_name
        return Observed(values)

    async def update(
        self,
        ctx: RunContext,
        item: Item[PrivateLinkPlan],
        found: Found,
        steps: Mapping[str, Mapping[str, Any]],
    ) -> list[str]:
        """One request per principal: new ones added, changed ones removed and added
        again, the ones the plan no longer names removed (last, so that the PrivateLink
        keeps a principal throughout)."""
        place = await self.present_place(ctx, item)
        api = ctx.client.connectivity.private_link
        wanted = {p.principal: p for p in steps[PRINCIPALS][PRINCIPALS]}
        shown = {
            p.principal or "": _shown(p, wanted.get(p.principal or ""))
            for p in cast(PrivateLinkConfig, found.data).principals
        }
        changed = [n for n, spec in wanted.items() if n in shown and plain(spec) != plain(shown[n])]
        busy = await self.home_busy(ctx, item)

        async def now_shown() -> dict[str, dict[str, Any]]:
            fresh = await self.find_in(ctx, item, refresh=True)
            listed = [] if fresh is None else cast(PrivateLinkConfig, fresh.data).principals
            return {p.principal or "": _shown(p, wanted.get(p.principal or "")) for p in listed}

        def adding(principal: PrivateLinkPrincipalSpec) -> Step:
            async def applied() -> bool | None:
                there = (await now_shown()).get(principal.principal)
                return there is not None and plain(there) == plain(principal)

            return Step(
                name=f"add:{principal.principal}",
                command=regional("privateLinkPrincipalCreateRequest", place),
                resource_id=place.subscription_id,
                values={PRINCIPALS: [principal]},
                send=lambda: on(place, api.add_principal, api.add_principal_for_region)(principal),
                applied=applied,
                settle=lambda: self.parent.ready(ctx, place.subscription_id),
                busy=busy,
            )

        def removing(principal: str) -> Step:
            async def applied() -> bool | None:
                return principal not in await now_shown()

            return Step(
                name=f"remove:{principal}",
                command=regional("privateLinkPrincipalDeleteRequest", place),
                resource_id=place.subscription_id,
                values={PRINCIPALS: [principal]},
                send=lambda: on(place, api.remove_principal, api.remove_principal_for_region)(
                    principal, confirm=True
                ),
                applied=applied,
                settle=lambda: self.parent.ready(ctx, place.subscription_id),
                busy=busy,
            )

        ordered = [adding(spec) for n, spec in wanted.items() if n not in shown]
        for name in changed:
            ordered += [removing(name), adding(wanted[name])]
        ordered += [removing(name) for name in shown if name not in wanted]
        async with self.lane(ctx, place.subscription_id):
            return await run_steps(ctx, item.key, ordered)

    async def replace(self, ctx: RunContext, item: Item[PrivateLinkPlan]) -> Ensured:
        """Delete the PrivateLink (its principals first), then create it anew."""
        await self.delete(ctx, item)
        await self.find_in(ctx, item, refresh=True)
        return await self.create(ctx, item)

    async def prune(self, ctx: RunContext, item: Item[Found]) -> ItemOutcome:
        return await self.delete(ctx, item)

    async def export(self, ctx: RunContext, item: Item[Found]) -> PrivateLinkPlan:
        """The PrivateLink as the account holds it: its share and every principal."""
        link = cast(PrivateLinkConfig, item.spec.data)
        place = await self.present_place(ctx, item)
        principals = [
            PrivateLinkPrincipalSpec(**_shown(p, None)) for p in link.principals if p.principal
        ]
        return PrivateLinkPlan(
            share_name=link.share_name or "",
            principals=principals,
            region=None if place.region_id is None else place.region,
        )

    def writes(self, item: Item[PrivateLinkPlan]) -> int:
        """Its create, then one request per further principal."""
        return len(item.spec.principals)


PRIVATE_LINKS = PrivateLinks()
