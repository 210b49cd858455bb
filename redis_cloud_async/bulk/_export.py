"""`export`: the account (or some of its subscriptions) as a plan, in one call.

Each subscription is read with the lists `diff` and `apply` read (every kind's
residents, thorough: its databases, Active-Active regions, peerings, PrivateLinks,
transit gateway attachments and Private Service Connect), concurrently within the
rate budget, and each item said as a plan would say it (each kind's `export`): every
field its kind compares and the account shows, and no secret (see `_exported`). So
`diff(client, export(client))` has no change. The account's ACL rules, roles and users
come along when the whole account is exported.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from typing import Any

from .._client import AsyncClient
from .._errors import NotFoundError
from .._secrets import get_logger
from ._context import RunContext
from ._exported import Exported
from ._inventory import Found
from ._items import Item, Kind
from ._kinds import RESIDENTS
from ._kinds.acl import AclKind
from ._kinds.acl_roles import ACL_ROLES
from ._kinds.acl_rules import ACL_RULES
from ._kinds.acl_users import ACL_USERS
from ._kinds.essentials_databases import ESSENTIALS_DATABASES
from ._kinds.essentials_subscriptions import ESSENTIALS_SUBSCRIPTIONS
from ._kinds.pro_subscriptions import PRO_SUBSCRIPTIONS
from ._kinds.subscriptions import SubscriptionKind
from ._plan import AclPlan, EssentialsSubscriptionPlan, Plan, ProSubscriptionPlan

__all__ = ["export"]

log = get_logger("redis_cloud_async.bulk")


async def export(client: AsyncClient, *, subscriptions: Iterable[int] | None = None) -> Plan:
    """The account as a `Plan`: its Pro subscriptions (with their databases, regions and
    connectivity), its Essentials subscriptions and their databases, and its ACL rules,
    roles and users; with `subscriptions` (ids, Pro or Essentials), only those (and no
    ACL: it belongs to the account). `diff(client, export(client))` has no change.

    Passwords and other secrets are never written: the service does not show them back
    (a database's, which one read shows, is left out too), so the plan does not set
    them and they stay as they are. Values the service fills in (a database's
    eviction policy, alerts, source IPs...) are written as they are, so the plan holds
    the whole account. A Pro subscription without a database is left out (its create
    request would need one), with a warning on the ``redis_cloud_async.bulk`` logger.
    Raises `NotFoundError` for an id the account does not have.
    """
    ctx = RunContext.reading(client)
    pro, fixed = await asyncio.gather(
        _listed(ctx, PRO_SUBSCRIPTIONS), _listed(ctx, ESSENTIALS_SUBSCRIPTIONS)
    )
    if subscriptions is not None:
        wanted = list(subscriptions)
        known = {one.resource_id for one in [*pro.values(), *fixed.values()]}
        missing = [sub_id for sub_id in wanted if sub_id not in known]
        if missing:
            raise NotFoundError(
                f"no subscription {', '.join(map(str, missing))} in the account",
                method="GET",
                path="/subscriptions",
                status=404,
            )
        pro = {n: one for n, one in pro.items() if one.resource_id in wanted}
        fixed = {n: one for n, one in fixed.items() if one.resource_id in wanted}
    pro_plans, fixed_plans, acl = await asyncio.gather(
        asyncio.gather(*(_pro(ctx, name, one) for name, one in pro.items())),
        asyncio.gather(*(_essentials(ctx, name, one) for name, one in fixed.items())),
        _acl(ctx) if subscriptions is None else _no_acl(),
    )
    return Plan(
        subscriptions=[plan for plan in pro_plans if plan is not None],
        essentials=list(fixed_plans),
        acl=acl,
    )


async def _listed(ctx: RunContext, kind: SubscriptionKind[Any]) -> dict[str, Found]:
    """The account's subscriptions of a kind, by name, in the order of their ids."""
    listing = await kind.listed(ctx)
    return dict(sorted(listing.items(), key=lambda pair: pair[1].resource_id))


async def _children(
    ctx: RunContext, kind: SubscriptionKind[Any], name: str, found: Found
) -> dict[Kind, list[Exported]]:
    """What each resident kind finds in the subscription, exported (in name order)."""
    parent = kind.key(name)
    subscription = Item(key=parent, spec=found)
    residents = [r for r in RESIDENTS if r.parent is kind]
    listed = await asyncio.gather(
        *(r.residents(ctx, subscription, found, thorough=True) for r in residents)
    )
    children: dict[Kind, list[Exported]] = {}
    for resident, items in zip(residents, listed, strict=True):
        for key, one in sorted(items.items(), key=lambda pair: pair[1].resource_id):
            item = Item(key=key, spec=one, deps=(parent,), parent=parent)
            place = key.name[len(name) + 1 :].split(":", 1)[0]
            spec = await resident.export(ctx, item)
            children.setdefault(resident.name, []).append(Exported(spec, one.resource_id, place))
    return children


async def _pro(ctx: RunContext, name: str, found: Found) -> ProSubscriptionPlan | None:
    children = await _children(ctx, PRO_SUBSCRIPTIONS, name, found)
    plan = await PRO_SUBSCRIPTIONS.export(ctx, found, children)
    if plan is None:
        log.warning(
            "export leaves out Pro subscription %r (id %s): it has no database, and a "
            "subscription's create request needs one",
            name,
            found.resource_id,
        )
    return plan


async def _essentials(ctx: RunContext, name: str, found: Found) -> EssentialsSubscriptionPlan:
    children = await _children(ctx, ESSENTIALS_SUBSCRIPTIONS, name, found)
    databases = [one.spec for one in children.get(ESSENTIALS_DATABASES.name, [])]
    return ESSENTIALS_SUBSCRIPTIONS.export(found, databases)


async def _acl(ctx: RunContext) -> AclPlan:
    """The account's own rules, its roles and its users (no password)."""

    async def exported(kind: AclKind[Any, Any]) -> list[Any]:
        listing = await kind.listed(ctx)
        specs = [await kind.export(ctx, one) for one in listing.values()]
        return [spec for spec in specs if spec is not None]

    rules, roles, users = await asyncio.gather(
        exported(ACL_RULES), exported(ACL_ROLES), exported(ACL_USERS)
    )
    return AclPlan(rules=rules, roles=roles, users=users)


async def _no_acl() -> AclPlan:
    return AclPlan()
