"""What a platform team wants: a fleet written as data, every item identified by name.

The plan reuses the request specs of `redis_cloud_async.models`; only what the API
identifies by id (a role's databases) is written here by name, and resolved when the
databases exist. `Plan.check()` runs the rules across items (unique names, references
to planned items) and raises `ValidationError` naming the offending field.
"""

from __future__ import annotations

from collections.abc import Iterator

import attrs

from .._errors import ValidationError
from ..models.acl import AclRedisRuleSpec, AclUserCreateSpec
from ..models.databases import DatabaseCreateSpec
from ..models.essentials import EssentialsDatabaseCreateSpec, EssentialsSubscriptionCreateSpec
from ..models.subscription_settings import CidrAllowlistSpec, MaintenanceWindowsSpec
from ..models.subscriptions import SubscriptionCreateSpec, SubscriptionDatabaseSpec
from ..models.vpc_peering import (
    AwsActiveActiveVpcPeeringCreateSpec,
    AwsVpcPeeringCreateSpec,
    GcpActiveActiveVpcPeeringCreateSpec,
    GcpVpcPeeringCreateSpec,
)

__all__ = [
    "AclPlan",
    "ActiveActivePeeringSpec",
    "DatabaseRef",
    "EssentialsSubscriptionPlan",
    "PeeringSpec",
    "Plan",
    "ProSubscriptionPlan",
    "RolePlan",
    "RoleRulePlan",
    "initial_database_names",
]

PeeringSpec = (
    AwsVpcPeeringCreateSpec
    | GcpVpcPeeringCreateSpec
    | AwsActiveActiveVpcPeeringCreateSpec
    | GcpActiveActiveVpcPeeringCreateSpec
)

#: The peerings from a region of an Active-Active subscription.
ActiveActivePeeringSpec = AwsActiveActiveVpcPeeringCreateSpec | GcpActiveActiveVpcPeeringCreateSpec


def initial_database_names(spec: SubscriptionDatabaseSpec) -> list[str]:
    """The databases a create request's entry makes: `quantity` copies, `-2`, `-3`..."""
    count = spec.quantity or 1
    return [spec.name if n == 0 else f"{spec.name}-{n + 1}" for n in range(count)]


@attrs.frozen(kw_only=True)
class ProSubscriptionPlan:
    """A Pro subscription (single-region or Active-Active) and what lives in it.

    `spec` is the create request: its `databases` are created with the subscription and
    are planned databases too. `databases` are more planned databases; when the
    subscription is created by the run, those a create request can express exactly are
    moved into it (they come up with the subscription instead of one at a time after).
    `cidr_allowlist` (single-region, in your own cloud account) and `maintenance_windows`
    are set once it exists, and kept so.
    """

    spec: SubscriptionCreateSpec
    databases: list[DatabaseCreateSpec] = attrs.field(factory=list)
    peerings: list[PeeringSpec] = attrs.field(factory=list)
    cidr_allowlist: CidrAllowlistSpec | None = None
    maintenance_windows: MaintenanceWindowsSpec | None = None

    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def active_active(self) -> bool:
        return self.spec.deployment_type == "active-active"

    def active_active_regions(self) -> list[str]:
        """The regions of an Active-Active subscription (none for a single-region one)."""
        if not self.active_active:
            return []
        return [r.region for cp in self.spec.cloud_providers for r in cp.regions]

    def database_names(self) -> list[str]:
        initial = [n for db in self.spec.databases for n in initial_database_names(db)]
        return [*initial, *(db.name for db in self.databases)]


@attrs.frozen(kw_only=True)
class EssentialsSubscriptionPlan:
    """An Essentials subscription on a plan, and its databases."""

    spec: EssentialsSubscriptionCreateSpec
    databases: list[EssentialsDatabaseCreateSpec] = attrs.field(factory=list)

    @property
    def name(self) -> str:
        return self.spec.name


@attrs.frozen(kw_only=True)
class DatabaseRef:
    """A planned database, by subscription and database name (ids do not exist yet)."""

    subscription: str
    database: str
    essentials: bool = False
    regions: list[str] | None = None


@attrs.frozen(kw_only=True)
class RoleRulePlan:
    """A Redis ACL rule (by name) applied to databases of the plan."""

    rule: str
    databases: list[DatabaseRef] = attrs.field(validator=attrs.validators.min_len(1))


@attrs.frozen(kw_only=True)
class RolePlan:
    """A database access role: rules on databases, all by name."""

    name: str
    rules: list[RoleRulePlan] = attrs.field(validator=attrs.validators.min_len(1))


@attrs.frozen(kw_only=True)
class AclPlan:
    """Redis ACL rules, then roles that use them, then users that hold a role."""

    rules: list[AclRedisRuleSpec] = attrs.field(factory=list)
    roles: list[RolePlan] = attrs.field(factory=list)
    users: list[AclUserCreateSpec] = attrs.field(factory=list)


@attrs.frozen(kw_only=True)
class Plan:
    """The whole fleet. Build it in code or load it with `load_plan`."""

    subscriptions: list[ProSubscriptionPlan] = attrs.field(factory=list)
    essentials: list[EssentialsSubscriptionPlan] = attrs.field(factory=list)
    acl: AclPlan = attrs.field(factory=AclPlan)

    def __attrs_post_init__(self) -> None:
        self.check()

    def check(self) -> None:
        """Raise `ValidationError` (naming the field) if items clash or refer to nothing."""
        _unique("subscriptions", (s.name for s in self.subscriptions))
        _unique("essentials", (s.name for s in self.essentials))
        pro_dbs: set[tuple[str, str]] = set()
        for i, sub in enumerate(self.subscriptions):
            names = sub.database_names()
            _unique(f"subscriptions[{i}].databases", names)
            pro_dbs.update((sub.name, name) for name in names)
            if sub.active_active and sub.cidr_allowlist is not None:
                raise ValidationError(
                    f"subscriptions[{i}].cidr_allowlist",
                    "an Active-Active subscription has no CIDR allowlist (single-region only)",
                )
            for j, peering in enumerate(sub.peerings):
                aa = isinstance(peering, ActiveActivePeeringSpec)
                if aa != sub.active_active:
                    kind = "Active-Active" if sub.active_active else "single-region"
                    raise ValidationError(
                        f"subscriptions[{i}].peerings[{j}]",
                        f"a {kind} subscription needs the {kind} peering spec",
                    )
        fixed_dbs: set[tuple[str, str]] = set()
        for i, fixed in enumerate(self.essentials):
            names = [db.name for db in fixed.databases]
            _unique(f"essentials[{i}].databases", names)
            fixed_dbs.update((fixed.name, name) for name in names)
        acl = self.acl
        _unique("acl.rules", (r.name for r in acl.rules))
        _unique("acl.roles", (r.name for r in acl.roles))
        _unique("acl.users", (u.name for u in acl.users))
        for i, role in enumerate(acl.roles):
            for j, rule in enumerate(role.rules):
                for k, ref in enumerate(rule.databases):
                    known = fixed_dbs if ref.essentials else pro_dbs
                    if (ref.subscription, ref.database) not in known:
                        raise ValidationError(
                            f"acl.roles[{i}].rules[{j}].databases[{k}]",
                            f"no planned database {ref.database!r} in subscription "
                            f"{ref.subscription!r}",
                        )

    def items_count(self) -> int:
        """How many items the plan has (each gets one outcome)."""
        subs = sum(
            1 + len(s.database_names()) + len(s.peerings) + len(s.active_active_regions())
            for s in self.subscriptions
        )
        fixed = sum(1 + len(s.databases) for s in self.essentials)
        return subs + fixed + len(self.acl.rules) + len(self.acl.roles) + len(self.acl.users)


def _unique(field: str, names: Iterator[str] | list[str]) -> None:
    seen: set[str] = set()
    for index, name in enumerate(names):
        if name in seen:
            raise ValidationError(f"{field}[{index}]", f"the name {name!r} is planned twice")
        seen.add(name)
