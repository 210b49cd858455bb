"""`destroy`: tear a plan down, children before parents, within the same limits.

The dependencies of `apply` are reversed: a subscription goes after its databases
and peerings, a database after the roles that use it, a rule after its roles, a role
after its users. Deleting a database or a subscription leaves the subscription
non-active until the deletion is done, so those hold a pending-subscription slot until
the resource is gone. An item that is absent is fine (``absent``); a delete whose
answer was lost is reconciled by looking the item up, like a create.
"""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable, Callable
from contextlib import AbstractAsyncContextManager
from typing import Any

import attrs

from .._client import AsyncClient
from .._errors import AmbiguousWriteError, NotFoundError, TaskFailedError
from .._handle import TaskHandle
from ._context import RunContext
from ._costs import DEFAULT_COSTS
from ._ensure import BUSY_ERRORS, MAX_SENDS, no_slot, unresolved
from ._events import EventStream, Failed, Ready, Submitted, Succeeded
from ._inventory import Found
from ._items import Item, ItemKey, Kind, flatten, peering_name
from ._plan import Plan
from ._results import ItemOutcome, RunResult, task_id_of
from ._run import EventCallback, execute

__all__ = ["destroy"]


@attrs.frozen(kw_only=True)
class _RemoveOps:
    command: str
    find: Callable[[bool], Awaitable[Found | None]]
    delete: Callable[[int], Awaitable[TaskHandle]]
    gone: Callable[[int], Awaitable[object]] | None = None
    slot: Callable[[], AbstractAsyncContextManager[None]] = no_slot
    settle: Callable[[], Awaitable[object]] | None = None


def _reversed(items: list[Item]) -> list[Item]:
    """The same items, each now waiting for the items that depended on it. Regions of
    Active-Active subscriptions go with their subscription: they wait for it."""
    regions = {i.key for i in items if i.key.kind is Kind.ACTIVE_ACTIVE_REGION}
    dependents: dict[ItemKey, list[ItemKey]] = {item.key: [] for item in items}
    for item in items:
        if item.key not in regions:
            for dep in item.deps:
                if dep not in regions:
                    dependents[dep].append(item.key)
    return [
        attrs.evolve(item, deps=item.deps if item.key in regions else tuple(dependents[item.key]))
        for item in reversed(items)
    ]


async def _remove(ctx: RunContext, key: ItemKey, ops: _RemoveOps) -> ItemOutcome:
    found = await ops.find(False)
    if found is None:
        return ItemOutcome(item=str(key), status="absent")
    task_id = None
    async with ops.slot():
        for attempt in range(1, MAX_SENDS + 1):
            if found is None or found.status == "deleting":
                break
            ctx.status(key, "deleting")
            try:
                ctx.writes += 1
                handle = await ops.delete(found.resource_id)
                ctx.known_tasks.add(handle.task_id)
                ctx.emit(Submitted, key, task_id=handle.task_id, command=ops.command)
                task = await handle.wait(timeout=ctx.timeout)
            except NotFoundError:
                break
            except AmbiguousWriteError as error:
                with unresolved(error):
                    found = await _reconcile(ctx, ops)
                continue
            except TaskFailedError as error:
                if error.error_type in BUSY_ERRORS and ops.settle and attempt < MAX_SENDS:
                    # Gone while settling: a delete of ours whose answer was lost did it,
                    # and the next delete answers 404.
                    with contextlib.suppress(NotFoundError):
                        await ops.settle()
                    continue
                raise
            task_id = task.task_id
            ctx.emit(Succeeded, key, task_id=task_id, resource_id=task.resource_id)
            break
        else:
            raise RuntimeError(f"{key}: still present after {MAX_SENDS} deletes")
        if ops.gone is not None:
            ctx.status(key, "waiting-until-gone")
            await ops.gone(found.resource_id if found else 0)
    return ItemOutcome(item=str(key), status="deleted", task_id=task_id)


async def _reconcile(ctx: RunContext, ops: _RemoveOps) -> Found | None:
    """Look again after a lost delete answer, waiting out unknown deletes of the kind."""
    while True:
        found = await ops.find(True)
        if found is None or found.status == "deleting":
            return found
        if not await ctx.wait_out_unknown_tasks(ops.command):
            return found


async def _subscription_id(ctx: RunContext, kind: Kind, name: str) -> int | None:
    if kind is Kind.ESSENTIALS_SUBSCRIPTION:
        found = (await ctx.inventory.essentials_subscriptions()).get(name)
    else:
        found = (await ctx.inventory.pro_subscriptions()).get(name)
    return None if found is None else found.resource_id


def _subscription_ops(ctx: RunContext, item: Item) -> _RemoveOps:
    essentials = item.key.kind is Kind.ESSENTIALS_SUBSCRIPTION
    namespace: Any = ctx.client.essentials.subscriptions if essentials else ctx.client.subscriptions
    lists = (
        ctx.inventory.essentials_subscriptions if essentials else ctx.inventory.pro_subscriptions
    )

    async def find(refresh: bool) -> Found | None:
        return (await lists(refresh=refresh)).get(item.key.name)

    async def gone(sub_id: int) -> object:
        return await namespace.wait_until_gone(sub_id, timeout=ctx.timeout)

    async def settle() -> object:
        found = await find(False)
        if found is None:
            return None
        return await namespace.wait_until_active(found.resource_id, timeout=ctx.timeout)

    return _RemoveOps(
        command="fixedSubscriptionDeleteRequest" if essentials else "subscriptionDeleteRequest",
        find=find,
        delete=lambda sub_id: namespace.delete(sub_id, confirm=True),
        gone=gone,
        slot=lambda: ctx.slots.hold(),
        settle=settle,
    )


async def _database(ctx: RunContext, item: Item) -> ItemOutcome:
    essentials = item.key.kind is Kind.ESSENTIALS_DATABASE
    parent, namespace, parents = ctx.database_area(item.key)
    sub_id = await _subscription_id(ctx, parent.kind, parent.name)
    if sub_id is None:
        return ItemOutcome(item=str(item.key), status="absent")

    ops = _RemoveOps(
        command="fixedDatabaseDeleteRequest" if essentials else "databaseDeleteRequest",
        find=lambda refresh: ctx.inventory.database(
            sub_id, item.spec.name, essentials=essentials, refresh=refresh
        ),
        delete=lambda db_id: namespace.delete(sub_id, db_id, confirm=True),
        gone=lambda db_id: namespace.wait_until_gone(sub_id, db_id, timeout=ctx.timeout),
        slot=lambda: ctx.slots.hold(),
        settle=lambda: parents.wait_until_active(sub_id, timeout=ctx.timeout),
    )
    async with ctx.lane((parent.kind, sub_id)):
        return await _remove(ctx, item.key, ops)


async def _peering(ctx: RunContext, item: Item) -> ItemOutcome:
    assert item.subscription is not None
    sub_id = await _subscription_id(ctx, Kind.PRO_SUBSCRIPTION, item.subscription)
    if sub_id is None:
        return ItemOutcome(item=str(item.key), status="absent")
    active_active = hasattr(item.spec, "source_region")
    identity = peering_name(item.spec)
    peering = ctx.client.connectivity.vpc_peering

    async def find(refresh: bool) -> Found | None:
        found = await ctx.inventory.peerings(sub_id, active_active=active_active, refresh=refresh)
        return found.get(identity)

    async def delete(peering_id: int) -> TaskHandle:
        if active_active:
            return await peering.delete_active_active(sub_id, peering_id, confirm=True)
        return await peering.delete(sub_id, peering_id, confirm=True)

    ops = _RemoveOps(command="vpcPeeringDeleteRequest", find=find, delete=delete)
    async with ctx.lane((Kind.PRO_SUBSCRIPTION, sub_id)):
        return await _remove(ctx, item.key, ops)


async def _region(ctx: RunContext, item: Item) -> ItemOutcome:
    """A region goes with its subscription (which this item waited for)."""
    assert item.subscription is not None
    present = await _subscription_id(ctx, Kind.PRO_SUBSCRIPTION, item.subscription)
    return ItemOutcome(item=str(item.key), status="absent" if present is None else "deleted")


def _acl_ops(ctx: RunContext, item: Item) -> _RemoveOps:
    acl = ctx.client.acl
    namespace: Any
    kind, command, namespace = {
        Kind.ACL_RULE: ("rule", "aclRedisRuleDeleteRequest", acl.redis_rules),
        Kind.ACL_ROLE: ("role", "aclRoleDeleteRequest", acl.roles),
        Kind.ACL_USER: ("user", "aclUserDeleteRequest", acl.users),
    }[item.key.kind]

    async def find(refresh: bool) -> Found | None:
        return (await ctx.inventory.acl(kind, refresh=refresh)).get(item.key.name)

    return _RemoveOps(
        command=command,
        find=find,
        delete=lambda item_id: namespace.delete(item_id, confirm=True),
    )


async def _destroy_one(ctx: RunContext, item: Item) -> ItemOutcome:
    kind = item.key.kind
    try:
        if kind is Kind.ACTIVE_ACTIVE_REGION:
            outcome = await _region(ctx, item)
        elif kind in (Kind.PRO_SUBSCRIPTION, Kind.ESSENTIALS_SUBSCRIPTION):
            outcome = await _remove(ctx, item.key, _subscription_ops(ctx, item))
        elif kind in (Kind.PRO_DATABASE, Kind.ESSENTIALS_DATABASE):
            outcome = await _database(ctx, item)
        elif kind is Kind.VPC_PEERING:
            outcome = await _peering(ctx, item)
        else:
            outcome = await _remove(ctx, item.key, _acl_ops(ctx, item))
    except Exception as error:
        ctx.emit(Failed, item.key, error=error, task_id=task_id_of(error))
        return ItemOutcome(
            item=str(item.key), status="failed", error=error, task_id=task_id_of(error)
        )
    ctx.emit(Ready, item.key, resource_id=None, changed=outcome.status == "deleted")
    return outcome


async def destroy(
    client: AsyncClient,
    plan: Plan,
    *,
    on_event: EventCallback | None = None,
    max_pending_subscriptions: int = 3,
    timeout: float | None = None,
) -> RunResult:
    """Delete everything the plan names, children first; one outcome per item
    (``deleted``, ``absent``, ``failed`` or ``skipped``). Idempotent: what is absent
    is fine. Anything in a planned subscription that the plan does not name makes
    that subscription's delete fail (`SUBSCRIPTION_IN_USE`) rather than be removed."""
    return await execute(
        client,
        _reversed(flatten(plan, DEFAULT_COSTS)),
        _destroy_one,
        stream=EventStream(on_event),
        journal=None,
        max_pending_subscriptions=max_pending_subscriptions,
        timeout=timeout,
        fold=False,
        costs=DEFAULT_COSTS,
    )
