"""Every kind of item, each handled by one object (an `ItemKind`), and a plan as items."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from .._costs import Costs
from .._items import Item, ItemKey
from .._plan import Plan
from .acl_roles import ACL_ROLES
from .acl_rules import ACL_RULES
from .acl_users import ACL_USERS
from .active_active_regions import ACTIVE_ACTIVE_REGIONS
from .essentials_databases import ESSENTIALS_DATABASES
from .essentials_subscriptions import ESSENTIALS_SUBSCRIPTIONS
from .kind import ItemKind, Resident
from .private_links import PRIVATE_LINKS
from .private_service_connect import PSC_ENDPOINTS, PSC_SERVICES
from .pro_databases import PRO_DATABASES
from .pro_subscriptions import PRO_SUBSCRIPTIONS
from .subscriptions import SubscriptionKind
from .transit_gateways import TRANSIT_GATEWAYS
from .vpc_peerings import VPC_PEERINGS

__all__ = [
    "KINDS",
    "RESIDENTS",
    "SUBSCRIPTIONS",
    "ItemKind",
    "Resident",
    "flatten",
    "kind_of",
    "resident_of",
]

#: Every kind; a subscription's items come in this order after it.
KINDS: tuple[ItemKind[Any], ...] = (
    PRO_SUBSCRIPTIONS,
    ACTIVE_ACTIVE_REGIONS,
    PRO_DATABASES,
    VPC_PEERINGS,
    PRIVATE_LINKS,
    TRANSIT_GATEWAYS,
    PSC_SERVICES,
    PSC_ENDPOINTS,
    ESSENTIALS_SUBSCRIPTIONS,
    ESSENTIALS_DATABASES,
    ACL_RULES,
    ACL_ROLES,
    ACL_USERS,
)

#: The kinds that live in subscriptions (what pruning looks for in a planned one), in
#: the order of `KINDS`.
RESIDENTS: tuple[Resident, ...] = tuple(kind for kind in KINDS if isinstance(kind, Resident))

#: The kinds of subscription (what counts against the account's pending limit).
SUBSCRIPTIONS: tuple[SubscriptionKind[Any], ...] = (PRO_SUBSCRIPTIONS, ESSENTIALS_SUBSCRIPTIONS)

_BY_NAME = {kind.name: kind for kind in KINDS}


def kind_of(item: Item[Any]) -> ItemKind[Any]:
    """The object that handles the item's kind."""
    return _BY_NAME[item.key.kind]


def resident_of(item: Item[Any]) -> Resident:
    """The object that handles the kind of an item that lives in a subscription."""
    return next(kind for kind in RESIDENTS if kind.name == item.key.kind)


def flatten(plan: Plan, costs: Costs) -> list[Item[Any]]:
    """Every item of the plan with its dependencies, in plan order: each subscription
    followed by what lives in it, then the account's items (ACL)."""
    made = [item for kind in KINDS for item in kind.items(plan, costs)]
    children: defaultdict[ItemKey, list[Item[Any]]] = defaultdict(list)
    for item in made:
        if item.parent is not None:
            children[item.parent].append(item)

    def family(item: Item[Any]) -> list[Item[Any]]:
        return [item, *(member for child in children[item.key] for member in family(child))]

    return [member for item in made if item.parent is None for member in family(item)]
