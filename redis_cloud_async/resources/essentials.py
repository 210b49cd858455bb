"""`client.essentials`: Essentials (fixed-plan) plans, subscriptions and databases."""

from __future__ import annotations

from ._base import ClientContext, Resource

__all__ = ["Essentials", "EssentialsDatabases", "EssentialsPlans", "EssentialsSubscriptions"]


class EssentialsPlans(Resource):
    """Essentials plans: the fixed sizes an Essentials subscription can take."""


class EssentialsSubscriptions(Resource):
    """Essentials subscriptions (`/fixed/subscriptions`)."""


class EssentialsDatabases(Resource):
    """Databases of Essentials subscriptions (`/fixed/subscriptions/{id}/databases`)."""


class Essentials:
    """The Essentials area: `.plans`, `.subscriptions`, `.databases`."""

    def __init__(self, context: ClientContext) -> None:
        self.plans = EssentialsPlans(context)
        self.subscriptions = EssentialsSubscriptions(context)
        self.databases = EssentialsDatabases(context)
