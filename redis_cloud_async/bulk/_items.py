"""What a run works on: items, each one thing of a plan with what it waits for.

Keys are stable strings (``pro-database:prod/cache``): they name outcomes, events and
journal rows, so a resumed run finds what an earlier one did. `Kind` names every kind
of item; the object that handles each kind (`_kinds`) makes its items from a plan.
"""

from __future__ import annotations

from typing import Generic, TypeVar

import attrs

from ..models._base import StrEnum

__all__ = ["Item", "ItemKey", "Kind"]

SpecT = TypeVar("SpecT")


class Kind(StrEnum):
    PRO_SUBSCRIPTION = "pro-subscription"
    ACTIVE_ACTIVE_REGION = "active-active-region"
    PRO_DATABASE = "pro-database"
    ESSENTIALS_SUBSCRIPTION = "essentials-subscription"
    ESSENTIALS_DATABASE = "essentials-database"
    VPC_PEERING = "vpc-peering"
    PRIVATE_LINK = "private-link"
    TRANSIT_GATEWAY = "transit-gateway"
    PSC_SERVICE = "psc-service"
    PSC_ENDPOINT = "psc-endpoint"
    ACL_RULE = "acl-rule"
    ACL_ROLE = "acl-role"
    ACL_USER = "acl-user"


@attrs.frozen(order=True)
class ItemKey:
    """What an item is, by kind and name (``subscription/database`` inside one)."""

    kind: Kind
    name: str

    def __str__(self) -> str:
        return f"{self.kind}:{self.name}"


@attrs.frozen(kw_only=True)
class Item(Generic[SpecT]):
    """One thing of the plan: its spec, its parent subscription and what it waits for."""

    key: ItemKey
    spec: SpecT = attrs.field(repr=False)
    deps: tuple[ItemKey, ...] = ()
    #: The subscription it lives in (None for an item of the account).
    parent: ItemKey | None = None
    #: Pro databases from the subscription's own create request.
    initial: bool = False
    #: Pro databases that a subscription create request can carry exactly.
    foldable: bool = False
    #: The rest of a chain this item starts (the scheduling priority), in service seconds.
    chain: float = 0.0
