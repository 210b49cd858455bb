"""What every route module shares, and the only module a route module imports from here.

Lookups answer 404 synchronously, from the path's parameters. Then the page of a list
(``offset``/``limit``, 404 past the end), the ``self`` link, the shape of a database spec
(400, for Pro and Essentials databases and a subscription's initial ones), the Redis
versions (Pro and Essentials), and the two forms of the connectivity areas' routes
(subscription-wide and per Active-Active region) with their asynchronous reads and changes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

from ..engine.errors import bad_request, not_found
from ..engine.state import Database, Item, Subscription
from ..engine.tasks import Outcome
from ..frontend import fields
from ..frontend.call import Call, Reply, ok
from ..frontend.routing import Routes
from ..service import reference_data
from ..service.busy import require_active
from ..service.connectivity import Scope

T = TypeVar("T")

# -- lookups ----------------------------------------------------------------------------


def pro_subscription(call: Call) -> Subscription:
    return _subscription(call, call.sim.account.subscriptions, "Subscription")


def fixed_subscription(call: Call) -> Subscription:
    return _subscription(call, call.sim.account.fixed_subscriptions, "Essentials subscription")


def _subscription(call: Call, subs: dict[int, Subscription], label: str) -> Subscription:
    sub_id = call.int_param("subscriptionId")
    sub = subs.get(sub_id)
    if sub is None:
        raise not_found(f"{label} {sub_id} not found")
    return sub


def database(call: Call, *, essentials: bool) -> tuple[Subscription, Database]:
    sub = fixed_subscription(call) if essentials else pro_subscription(call)
    db_id = call.int_param("databaseId")
    db = sub.databases.get(db_id)
    if db is None:
        raise not_found(f"Database {db_id} not found in subscription {sub.id}")
    return sub, db


def item(call: Call, collection: str, param: str, label: str) -> Item:
    """The item of the collection named by the path parameter ``param``, or 404."""
    item_id = call.int_param(param)
    found = call.sim.account.collection(collection).get(item_id)
    if found is None:
        raise not_found(f"{label} {item_id} not found")
    return found


# -- lists and links --------------------------------------------------------------------


def page(call: Call, items: Sequence[T], *, limit: int, max_limit: int) -> Sequence[T]:
    """The ``offset``/``limit`` page of ``items``; an empty page is a 404 (the end)."""
    offset = call.query_int("offset", 0)
    size = call.query_int("limit", limit, low=1, high=max_limit)
    chunk = items[offset : offset + size]
    if not chunk:
        raise not_found(f"No items at offset {offset}")
    return chunk


def account_list(call: Call, key: str, shown: Any) -> Reply:
    """A list answer: the account's id, the list under ``key``, and a ``self`` link."""
    return ok({"accountId": call.sim.account.id, key: shown, "links": self_link(call)})


def self_link(call: Call, path: str | None = None) -> list[dict[str, str]]:
    """The ``links`` of an answer: to ``path`` (an API path), or to the request's own."""
    target = call.path[len("/v1") :] if path is None else path
    return [{"rel": "self", "type": "GET", "href": call.href(target)}]


# -- databases and versions -------------------------------------------------------------

PROTOCOLS = ("redis", "memcached", "stack")
#: The most databases one request may ask for (a spec's `quantity`, and all its specs'
#: together): each is built one by one.
MAX_QUANTITY = 1000
THROUGHPUT_BY = ("operations-per-second", "number-of-shards")


def check_spec(spec: Mapping[str, Any], *, where: str = "", creating: bool = True) -> None:
    """400 unless a database spec is well-formed (types, required name, one size field).

    Only its shape: what it asks for is judged when the task runs
    (`service.databases.spec_problem`).
    """
    if creating:
        fields.required_string(spec, "name", where=where)
    else:
        fields.string(spec, "name", where=where)
    fields.one_of(spec, "protocol", PROTOCOLS, where=where)
    fields.integer(spec, "port", where=where)
    fields.integer(spec, "quantity", where=where, low=1, high=MAX_QUANTITY)
    memory = fields.number(spec, "memoryLimitInGb", where=where)
    dataset = fields.number(spec, "datasetSizeInGb", where=where)
    if memory is not None and dataset is not None:
        raise bad_request("You cannot set both 'memoryLimitInGb' and 'datasetSizeInGb'")
    for flag in ("replication", "supportOSSClusterApi", "enableTls", "enableDefaultUser"):
        fields.boolean(spec, flag, where=where)
    for text in ("dataPersistence", "dataEvictionPolicy", "password", "redisVersion"):
        fields.string(spec, text, where=where)
    fields.one_of(spec, "respVersion", ("resp2", "resp3"), where=where)
    fields.strings(spec, "sourceIp", where=where)
    throughput = fields.obj(spec, "throughputMeasurement", where=where)
    if throughput:
        fields.one_of(throughput, "by", THROUGHPUT_BY, where=f"{where}throughputMeasurement")
        fields.required_integer(throughput, "value", where="throughputMeasurement")
    for index, module in enumerate(fields.objects(spec, "modules", where=where)):
        fields.required_string(module, "name", where=f"modules[{index}]")
    for index, alert in enumerate(fields.objects(spec, "alerts", where=where)):
        fields.required_string(alert, "name", where=f"alerts[{index}]")
        fields.number(alert, "value", where=f"alerts[{index}]")


def redis_versions(call: Call, subs: dict[int, Subscription], *, required: bool) -> Reply:
    """The Redis versions, for an optional (Pro) or required (Essentials) subscription."""
    if "subscriptionId" not in call.query:
        if required:
            raise bad_request("Required parameter 'subscriptionId' is not present")
    elif call.query_int("subscriptionId", 0) not in subs:
        raise not_found(f"Subscription {call.query['subscriptionId']} not found")
    versions = []
    for version, eol, preview, default in reference_data.REDIS_VERSIONS:
        shown: dict[str, Any] = {"version": version, "isPreview": preview, "isDefault": default}
        if eol is not None:
            shown["eolDate"] = eol
        versions.append(shown)
    return ok({"redisVersions": versions})


# -- the connectivity areas (peering, PrivateLink, Transit Gateway, PSC) -----------------


def scope_of(call: Call) -> Scope:
    """The scope of the route: per region when the template has ``{regionId}``."""
    sub = pro_subscription(call)
    if "regionId" not in call.params:
        return Scope(sub, None)
    region_id = call.int_param("regionId")
    region = next((r for r in sub.regions.values() if r.id == region_id), None)
    if region is None:
        raise not_found(f"Region {region_id} not found in subscription {sub.id}")
    return Scope(sub, region.name)


def change(call: Call, command: str, act: Callable[[Scope, Outcome], None]) -> Reply:
    """Queue a connectivity change: the subscription must be active when it runs.

    Its task's response carries the ``resourceId`` `act` sets and no
    ``additionalResourceId`` (the service's recorded answers: transit gateway attachments,
    PSC services and endpoints).
    """
    sim = call.sim
    scope = scope_of(call)

    def work(out: Outcome) -> None:
        require_active(sim, scope.sub)
        act(scope, out)

    return call.submit(command, work)


def regional(call: Call, command: str) -> str:
    """The command type of a PrivateLink or PSC task: on the per-region form the service
    names it ``activeActive`` + the subscription-wide name (``activeActivePscServiceGetRequest``,
    ``activeActivePrivateLinkGetRequest``: its recorded answers)."""
    if "regionId" not in call.params:
        return command
    return "activeActive" + command[:1].upper() + command[1:]


def read(call: Call, command: str, produce: Callable[[Scope], dict[str, Any]]) -> Reply:
    """An asynchronous GET: a task whose ``response.resource`` is ``produce(scope)``."""
    scope = scope_of(call)

    def work(out: Outcome) -> None:
        out.resource = produce(scope)
        out.resource_id = scope.sub.id

    return call.submit(command, work)


def both_forms(routes: Routes, method: str, tail: str) -> Callable[[Callable[[Call], Reply]], Any]:
    """Register a handler for the subscription-wide and the per-region template."""

    def register(handler: Callable[[Call], Reply]) -> Any:
        routes.add(method, "/subscriptions/{subscriptionId}" + tail)(handler)
        routes.add(method, "/subscriptions/{subscriptionId}/regions/{regionId}" + tail)(handler)
        return handler

    return register
