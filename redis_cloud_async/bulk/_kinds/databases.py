"""What Pro and Essentials databases share: lookup, create, delete, change and bound.

Creating, changing or deleting a database leaves its subscription non-active until
the change is done, so each holds a pending-subscription slot throughout, inside the
subscription's lane. A database its subscription's create request carried is there
as soon as the subscription is. Its current settings come from its subscription's
database list (one list serves every database of the subscription); its password
from its own `GET`, only when the plan sets one.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Awaitable, Collection, Iterable, Mapping, Sequence
from typing import Any, Generic, TypeVar

from ..._client import AsyncClient
from ..._errors import NotFoundError
from ..._handle import TaskHandle
from ...models.databases import DatabaseCreateSpec, DatabaseFields
from ...models.essentials import EssentialsDatabaseCreateSpec
from ...resources._database_ops import DatabaseOperations
from .._compare import matches
from .._context import RunContext
from .._costs import Costs
from .._ensure import Ensured, Ops, ensure
from .._exported import exportable, spec_of
from .._fields import UNKNOWN, Field, Observed
from .._floors import Floors
from .._inventory import Found, Listing
from .._items import Item, ItemKey
from .._plan import Plan
from .._remove import RemoveOps, absent, remove
from .._results import ItemOutcome
from .._update import Step, run_steps
from .in_subscription import InSubscription, parent_of

__all__ = ["UPGRADE", "DatabaseKind", "names", "port_of", "shown_settings"]


#: What a database is planned as: the create request of its kind.
SpecT = TypeVar("SpecT", DatabaseCreateSpec, EssentialsDatabaseCreateSpec)

#: The step that raises a database's Redis version (its own request).
UPGRADE = "redis_version"
_UPGRADE_COMMAND = "databaseUpgradeRedisVersionRequest"


def names(value: Any) -> Any:
    """Modules compared by name (their parameters are not shown back)."""
    if not isinstance(value, list):
        return value
    return sorted(
        str(module.get("name") if isinstance(module, Mapping) else module.name) for module in value
    )


def port_of(db: DatabaseFields) -> int | None:
    """The database's port, from its endpoint (None before it is activated)."""
    endpoint = db.private_endpoint or db.public_endpoint or ""
    found = re.search(r":(\d+)$", endpoint)
    return int(found.group(1)) if found else None


def shown_settings(db: DatabaseFields) -> dict[str, Any]:
    """What every listed database shows of its create request's settings."""
    security = db.security
    return {
        "protocol": db.protocol,
        "modules": [{"name": m.name} for m in db.modules],
        "redis_version": db.redis_version,
        "dataset_size_in_gb": db.dataset_size_in_gb,
        "memory_limit_in_gb": db.memory_limit_in_gb,
        "resp_version": db.resp_version,
        "support_oss_cluster_api": db.support_oss_cluster_api,
        "use_external_endpoint_for_oss_cluster_api": db.use_external_endpoint_for_oss_cluster_api,
        "data_persistence": db.data_persistence,
        "data_eviction_policy": db.data_eviction_policy,
        "replication": db.replication,
        "enable_tls": security.enable_tls if security else None,
        "alerts": [{"name": a.name, "value": a.value} for a in getattr(db, "alerts", [])],
    }


class DatabaseKind(InSubscription, ABC, Generic[SpecT]):
    """A kind of database, planned as its create request `SpecT`."""

    #: The tasks' `commandType` of a create, an update and a delete.
    create_command: str
    update_command: str
    delete_command: str
    #: What it is planned as (its create request).
    spec_class: type[SpecT]

    @abstractmethod
    def area(self, client: AsyncClient) -> DatabaseOperations[Any, Any, SpecT, Any]:
        """The client namespace that serves this kind."""

    @abstractmethod
    def seconds(self, costs: Costs) -> float:
        """How long a create leaves the subscription pending."""

    @abstractmethod
    def items(self, plan: Plan, costs: Costs) -> Iterable[Item[SpecT]]: ...

    @abstractmethod
    def fields(self, item: Item[SpecT]) -> Sequence[Field]:
        """How each field of the item compares and changes."""

    @abstractmethod
    def current(self, item: Item[SpecT], db: Any) -> dict[str, Any]:
        """The listed database's settings in the spec's terms (password aside)."""

    @abstractmethod
    async def send_settings(
        self, ctx: RunContext, item: Item[SpecT], found: Found, values: Mapping[str, Any]
    ) -> TaskHandle:
        """Send the update request that changes these settings."""

    @abstractmethod
    async def exported_fields(
        self, ctx: RunContext, item: Item[Found]
    ) -> tuple[Sequence[Field], Collection[str]]:
        """The fields an exported database of this kind sets, and those it leaves to
        the service."""

    def command_for(self, item: Item[SpecT]) -> str:
        """The tasks' `commandType` of the item's settings update."""
        return self.update_command

    def planned(self, item: Item[SpecT]) -> dict[str, Any]:
        spec = item.spec
        return {
            field.name: getattr(spec, field.name)
            for field in self.fields(item)
            if getattr(spec, field.name, None) is not None
        }

    async def find(
        self, ctx: RunContext, subscription_id: int, name: str, *, refresh: bool = False
    ) -> Found | None:
        """The database with this name in the subscription, if it has one."""
        return (await self.listing(ctx, subscription_id, refresh=refresh)).get(name)

    async def listing(
        self, ctx: RunContext, subscription_id: int, *, refresh: bool = False
    ) -> Listing:
        """Every database of the subscription, by name (the listed database as `data`)."""

        async def load() -> Listing:
            try:
                found = await self.area(ctx.client).list(subscription_id)
            except NotFoundError:
                return {}
            return {db.name: Found(db.database_id, db.status, db) for db in found if db.name}

        return await ctx.inventory.read((self.name, subscription_id), load, refresh=refresh)

    async def ready(self, ctx: RunContext, subscription_id: int, database_id: int) -> object:
        """Wait until the database is active."""
        area = self.area(ctx.client)
        return await area.wait_until_active(subscription_id, database_id, timeout=ctx.timeout)

    async def create(self, ctx: RunContext, item: Item[SpecT]) -> Ensured:
        parent = self.home(ctx, item)
        sub_id = parent.resource_id
        name = item.spec.name
        area = self.area(ctx.client)

        def find(refresh: bool) -> Awaitable[Found | None]:
            return self.find(ctx, sub_id, name, refresh=refresh)

        ops = Ops(
            command=self.create_command,
            find=find,
            send=lambda: area.create(sub_id, item.spec),
            ready=lambda db_id: self.ready(ctx, sub_id, db_id),
            slot=lambda: ctx.slot(item, self.pending_seconds(item, None, ctx.costs)),
            settle=lambda: self.parent.ready(ctx, sub_id),
        )
        if name in parent.carried:
            found = await find(False)
            if found is not None and found.active:
                ctx.record(item.key, "finished", resource_id=found.resource_id)
                return Ensured(found.resource_id, created=True)
        async with self.lane(ctx, sub_id):
            return await ensure(ctx, item.key, ops, carried=name in parent.carried)

    async def delete(self, ctx: RunContext, item: Item[SpecT]) -> ItemOutcome:
        sub_id = await self.home_id(ctx, item)
        if sub_id is None:
            return absent(item.key)
        return await self.remove_named(ctx, item.key, sub_id, item.spec.name)

    async def remove_named(
        self, ctx: RunContext, key: ItemKey, subscription_id: int, name: str
    ) -> ItemOutcome:
        """Delete the subscription's database of this name and wait until it is gone."""
        area = self.area(ctx.client)
        ops = RemoveOps(
            command=self.delete_command,
            find=lambda refresh: self.find(ctx, subscription_id, name, refresh=refresh),
            delete=lambda db_id: area.delete(subscription_id, db_id, confirm=True),
            gone=lambda db_id: area.wait_until_gone(subscription_id, db_id, timeout=ctx.timeout),
            slot=lambda: ctx.slots.hold(),
            settle=lambda: self.parent.ready(ctx, subscription_id),
        )
        async with self.lane(ctx, subscription_id):
            return await remove(ctx, key, ops)

    # -- day 2 ---------------------------------------------------------------------------
    async def locate(
        self, ctx: RunContext, item: Item[SpecT], *, refresh: bool = False
    ) -> Found | None:
        sub_id = await self.home_id(ctx, item)
        if sub_id is None:
            return None
        return await self.find(ctx, sub_id, item.spec.name, refresh=refresh)

    async def observe(self, ctx: RunContext, item: Item[SpecT], found: Found) -> Observed:
        values = self.current(item, found.data)
        if item.spec.password is not None:
            sub_id = await self.present_home_id(ctx, item)
            db = await self.area(ctx.client).get(sub_id, found.resource_id)
            values["password"] = db.password if db.password is not None else UNKNOWN
        return Observed(values)

    async def update(
        self,
        ctx: RunContext,
        item: Item[SpecT],
        found: Found,
        steps: Mapping[str, Mapping[str, Any]],
    ) -> list[str]:
        sub_id = await self.present_home_id(ctx, item)
        db_id = found.resource_id
        area = self.area(ctx.client)
        fields = self.fields(item)
        busy = await self.home_busy(ctx, item)

        async def reread() -> Observed:
            fresh = await self.find(ctx, sub_id, item.spec.name, refresh=True)
            if fresh is None:
                raise NotFoundError(
                    f"{item.key} is gone", method="GET", path=f"{sub_id}/{db_id}", status=404
                )
            return await self.observe(ctx, item, fresh)

        def step(name: str, values: Mapping[str, Any]) -> Step:
            async def applied() -> bool | None:
                if name == UPGRADE:
                    return await self._upgraded(ctx, sub_id, db_id, values[UPGRADE])
                return matches(fields, values, await reread())

            async def send() -> TaskHandle:
                if name == UPGRADE:
                    return await area.upgrade(sub_id, db_id, values[UPGRADE])
                return await self.send_settings(ctx, item, found, values)

            return Step(
                name=name,
                command=_UPGRADE_COMMAND if name == UPGRADE else self.command_for(item),
                resource_id=db_id,
                values=values,
                send=send,
                applied=applied,
                blind=name != UPGRADE and not any(f.shown for f in fields if f.name in values),
                slot=lambda: ctx.slot(item, self.pending_seconds(item, name, ctx.costs)),
                ready=lambda: self._changed(ctx, item, sub_id, db_id),
                settle=lambda: self.parent.ready(ctx, sub_id),
                busy=busy,
            )

        ordered = sorted(steps, key=lambda name: name == UPGRADE)  # settings first
        async with self.lane(ctx, sub_id):
            return await run_steps(ctx, item.key, [step(n, steps[n]) for n in ordered])

    async def _changed(self, ctx: RunContext, item: Item[SpecT], sub_id: int, db_id: int) -> object:
        """Wait until a change of the database is done: through its subscription, whose
        list serves every waiting subscription with one request (a changing database
        keeps it busy), then one read of the database's own list; the database's
        wait, if that read shows it still changing."""
        await self.parent.ready(ctx, sub_id)
        found = await self.find(ctx, sub_id, item.spec.name, refresh=True)
        if found is not None and found.active:
            return found
        return await self.ready(ctx, sub_id, db_id)

    async def _upgraded(self, ctx: RunContext, sub_id: int, db_id: int, version: str) -> bool:
        """Whether an upgrade to `version` was accepted (it may still be running)."""
        try:
            status = await self.area(ctx.client).upgrade_status(sub_id, db_id)
        except NotFoundError:
            return False
        return status.target_redis_version == version and status.upgrade_status != "failed"

    async def replace(self, ctx: RunContext, item: Item[SpecT]) -> Ensured:
        """Delete the database (its data with it), then create it as planned."""
        sub_id = self.home(ctx, item).resource_id
        await self.remove_named(ctx, item.key, sub_id, item.spec.name)
        await self.find(ctx, sub_id, item.spec.name, refresh=True)
        return await self.create(ctx, item)

    async def residents(
        self, ctx: RunContext, subscription: Item[Any], found: Found, *, thorough: bool
    ) -> dict[ItemKey, Found]:
        listing = await self.listing(ctx, found.resource_id)
        return {self.key(subscription.key.name, name): one for name, one in listing.items()}

    async def prune(self, ctx: RunContext, item: Item[Found]) -> ItemOutcome:
        sub_id = self.home(ctx, item).resource_id
        return await self.remove_named(ctx, item.key, sub_id, self.local_name(item))

    def pending_seconds(self, item: Item[SpecT], step: str | None, costs: Costs) -> float:
        """Its create, or a change of its settings or version (its subscription busy
        meanwhile)."""
        return self.seconds(costs) if step is None else costs.database_update

    async def export(self, ctx: RunContext, item: Item[Found]) -> SpecT:
        """Its settings as the list shows them (one size: the dataset's, if shown)."""
        name = self.local_name(item)
        fields, leave = await self.exported_fields(ctx, item)
        probe = Item(key=item.key, spec=self.spec_class(name=name), parent=item.parent)
        values = exportable(fields, self.current(probe, item.spec.data), leave=leave)
        if "dataset_size_in_gb" in values:
            values.pop("memory_limit_in_gb", None)
        return spec_of(self.spec_class, {"name": name, **values})

    def bound(self, item: Item[SpecT], floors: Floors) -> None:
        """Ready with its subscription if carried by its create request, else one
        create later (and a write that holds a slot)."""
        carried = item.initial or (floors.fold and item.foldable)
        seconds = 0.0 if carried else self.seconds(floors.costs)
        if not carried:
            floors.pending_write(seconds)
        floors.ready[item.key] = floors.ready[parent_of(item)] + seconds
