"""What a platform team wants: a fleet written as data, every item identified by name.

The plan reuses the request specs of `redis_cloud_async.models`; only what the API
identifies by id (a role's databases) is written here by name, and resolved when the
databases exist. `Plan.check()` runs the rules across items (unique names, references
to planned items, connectivity on the cloud that offers it) and raises
`ValidationError` naming the offending field.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import attrs

from .._errors import ValidationError
from ..models._base import Spec
from ..models._validators import length, optional
from ..models.acl import AclRedisRuleSpec, AclUserCreateSpec
from ..models.databases import DatabaseCreateSpec
from ..models.essentials import EssentialsDatabaseCreateSpec, EssentialsSubscriptionCreateSpec
from ..models.private_link import PrivateLinkCreateSpec, PrivateLinkPrincipalSpec
from ..models.private_service_connect import PscEndpointCreateSpec
from ..models.subscription_settings import CidrAllowlistSpec, MaintenanceWindowsSpec
from ..models.subscriptions import SubscriptionCreateSpec, SubscriptionDatabaseSpec
from ..models.transit_gateway import TransitGatewayCreateSpec
from ..models.vpc_peering import (
    AwsActiveActiveVpcPeeringCreateSpec,
    AwsVpcPeeringCreateSpec,
    GcpActiveActiveVpcPeeringCreateSpec,
    GcpVpcPeeringCreateSpec,
)
from ._folding import unfold

__all__ = [
    "AclPlan",
    "AclUserPlan",
    "ActiveActivePeeringSpec",
    "DatabaseRef",
    "EssentialsSubscriptionPlan",
    "PeeringSpec",
    "Plan",
    "PrivateLinkPlan",
    "PrivateServiceConnectPlan",
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


def _rules_of(field: attrs.Attribute[Any]) -> Any:
    """The validator of a request spec's field, to check a plan's field the same way."""
    assert field.validator is not None, f"{field.name} has no validator"
    return field.validator


@attrs.frozen(kw_only=True)
class PrivateLinkPlan(Spec):
    """An AWS PrivateLink of a Pro subscription (of one region of an Active-Active one,
    `region`): its resource share, and the AWS principals it is shared with (at least
    one; the first comes with the create request, the others are added after)."""

    share_name: str = attrs.field(
        validator=_rules_of(attrs.fields(PrivateLinkCreateSpec).share_name)
    )
    principals: list[PrivateLinkPrincipalSpec] = attrs.field(validator=length(1))
    region: str | None = None

    def __attrs_post_init__(self) -> None:
        _unique("PrivateLinkPlan.principals", (p.principal for p in self.principals))

    def create_spec(self) -> PrivateLinkCreateSpec:
        """The create request: the share and its first principal."""
        first = self.principals[0]
        return PrivateLinkCreateSpec(
            share_name=self.share_name,
            principal=first.principal,
            type=first.type,
            alias=first.alias,
        )


@attrs.frozen(kw_only=True)
class PrivateServiceConnectPlan(Spec):
    """GCP Private Service Connect of a Pro subscription (of one region of an
    Active-Active one, `region`): its service, and the endpoints registered on it."""

    region: str | None = None
    endpoints: list[PscEndpointCreateSpec] = attrs.field(factory=list)

    def __attrs_post_init__(self) -> None:
        _unique(
            "PrivateServiceConnectPlan.endpoints",
            (e.endpoint_connection_name for e in self.endpoints),
        )


def _merged(
    carried: DatabaseCreateSpec, more: DatabaseCreateSpec, where: str
) -> DatabaseCreateSpec:
    """A database of the create request with the settings a `databases` entry of the
    same name (at `where`) adds; where both set a field, they must agree."""
    values = {}
    for field in attrs.fields(DatabaseCreateSpec):
        mine, theirs = getattr(carried, field.name), getattr(more, field.name)
        if mine is not None and theirs is not None and mine != theirs:
            raise ValidationError(
                f"{where}.{field.name}",
                f"{theirs!r} differs from the create request's {mine!r} for this database",
            )
        values[field.name] = theirs if theirs is not None else mine
    try:
        return DatabaseCreateSpec(**values)
    except ValidationError as error:
        raise ValidationError(where, f"with the create request's entry: {error}") from None


@attrs.frozen(kw_only=True)
class ProSubscriptionPlan:
    """A Pro subscription (single-region or Active-Active) and what lives in it.

    `spec` is the create request: its `databases` are created with the subscription and
    are planned databases too. `databases` are more planned databases; when the
    subscription is created by the run, those a create request can express exactly are
    moved into it (they come up with the subscription instead of one at a time after).
    A `databases` entry may also name a database of the create request again, to plan
    the settings the request cannot carry (set once it exists; where both say a field,
    they must agree). `cidr_allowlist` (single-region, in your own cloud account) and
    `maintenance_windows` are set once it exists, and kept so. Its connectivity:
    `peerings`, `private_links` and `transit_gateways` (AWS), `private_service_connect`
    (GCP); each names its region on an Active-Active subscription.
    """

    spec: SubscriptionCreateSpec
    databases: list[DatabaseCreateSpec] = attrs.field(factory=list)
    peerings: list[PeeringSpec] = attrs.field(factory=list)
    cidr_allowlist: CidrAllowlistSpec | None = None
    maintenance_windows: MaintenanceWindowsSpec | None = None
    private_links: list[PrivateLinkPlan] = attrs.field(factory=list)
    transit_gateways: list[TransitGatewayCreateSpec] = attrs.field(factory=list)
    private_service_connect: list[PrivateServiceConnectPlan] = attrs.field(factory=list)

    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def active_active(self) -> bool:
        return self.spec.deployment_type == "active-active"

    @property
    def provider(self) -> str:
        """The cloud it runs on (``AWS``, ``GCP``...)."""
        return self.spec.cloud_providers[0].provider

    def regions(self) -> list[str]:
        """Every region it runs in (one for a single-region subscription)."""
        return [r.region for cp in self.spec.cloud_providers for r in cp.regions]

    def active_active_regions(self) -> list[str]:
        """The regions of an Active-Active subscription (none for a single-region one)."""
        return self.regions() if self.active_active else []

    def region_of(self, region: str | None) -> str:
        """The region a connectivity entry is in: its own (Active-Active), else the
        subscription's."""
        return region if region is not None else self.regions()[0]

    def initial_databases(self) -> dict[str, DatabaseCreateSpec]:
        """The databases its create request makes, by name, each with the settings a
        `databases` entry of the same name adds."""
        more = {db.name: (index, db) for index, db in enumerate(self.databases)}
        made: dict[str, DatabaseCreateSpec] = {}
        for entry in self.spec.databases:
            for name in initial_database_names(entry):
                carried = unfold(entry, name)
                if name in more:
                    index, db = more[name]
                    carried = _merged(carried, db, f"databases[{index}]")
                made[name] = carried
        return made

    def later_databases(self) -> list[DatabaseCreateSpec]:
        """The planned databases its create request does not name."""
        initial = {n for db in self.spec.databases for n in initial_database_names(db)}
        return [db for db in self.databases if db.name not in initial]

    def database_names(self) -> list[str]:
        initial = [n for db in self.spec.databases for n in initial_database_names(db)]
        return list(dict.fromkeys([*initial, *(db.name for db in self.databases)]))

    def connectivity_count(self) -> int:
        """How many connectivity items it has (peerings, PrivateLinks, gateways, PSC)."""
        psc = sum(1 + len(p.endpoints) for p in self.private_service_connect)
        return len(self.peerings) + len(self.private_links) + len(self.transit_gateways) + psc

    def items_count(self) -> int:
        """How many items it makes: itself and everything in it."""
        return (
            1
            + len(self.database_names())
            + len(self.active_active_regions())
            + self.connectivity_count()
        )


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


_USER = attrs.fields(AclUserCreateSpec)


@attrs.frozen(kw_only=True)
class AclUserPlan(Spec):
    """An ACL user: its role (by name) and, to create it or to manage its password, a
    password (the service never shows one back: an exported plan leaves it out, and
    then the user's password is not managed)."""

    name: str = attrs.field(validator=_rules_of(_USER.name))
    role: str = attrs.field(validator=_rules_of(_USER.role))
    password: str | None = attrs.field(
        default=None, repr=False, validator=optional(_rules_of(_USER.password))
    )

    def create_spec(self) -> AclUserCreateSpec:
        """The create request (`ValidationError` when the plan has no password)."""
        if self.password is None:
            raise ValidationError(
                f"acl.users[{self.name}].password",
                "a new ACL user needs a password (an exported plan leaves passwords out)",
            )
        return AclUserCreateSpec(name=self.name, role=self.role, password=self.password)


def _users(users: Iterable[AclUserPlan | AclUserCreateSpec]) -> list[AclUserPlan]:
    """Users as the plan keeps them (a create request is one with its password)."""
    return [
        user
        if isinstance(user, AclUserPlan)
        else AclUserPlan(name=user.name, role=user.role, password=user.password)
        for user in users
    ]


@attrs.frozen(kw_only=True)
class AclPlan:
    """Redis ACL rules, then roles that use them, then users that hold a role (given
    as `AclUserPlan`s or as `AclUserCreateSpec`s)."""

    rules: list[AclRedisRuleSpec] = attrs.field(factory=list)
    roles: list[RolePlan] = attrs.field(factory=list)
    users: list[AclUserPlan] = attrs.field(factory=list, converter=_users)


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
            where = f"subscriptions[{i}]"
            _unique(
                f"{where}.spec.databases",
                (n for db in sub.spec.databases for n in initial_database_names(db)),
            )
            _unique(f"{where}.databases", (db.name for db in sub.databases))
            try:
                sub.initial_databases()
            except ValidationError as error:
                raise ValidationError(f"{where}.{error.field}", error.reason) from None
            pro_dbs.update((sub.name, name) for name in sub.database_names())
            if sub.active_active and sub.cidr_allowlist is not None:
                raise ValidationError(
                    f"{where}.cidr_allowlist",
                    "an Active-Active subscription has no CIDR allowlist (single-region only)",
                )
            for j, peering in enumerate(sub.peerings):
                aa = isinstance(peering, ActiveActivePeeringSpec)
                if aa != sub.active_active:
                    kind = "Active-Active" if sub.active_active else "single-region"
                    raise ValidationError(
                        f"{where}.peerings[{j}]",
                        f"a {kind} subscription needs the {kind} peering spec",
                    )
            _check_connectivity(sub, where)
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
        subs = sum(s.items_count() for s in self.subscriptions)
        fixed = sum(1 + len(s.databases) for s in self.essentials)
        return subs + fixed + len(self.acl.rules) + len(self.acl.roles) + len(self.acl.users)


#: What each connectivity of a subscription is, and the cloud that offers it.
_CONNECTIVITY = {
    "private_links": ("a PrivateLink", "AWS"),
    "transit_gateways": ("a transit gateway", "AWS"),
    "private_service_connect": ("Private Service Connect", "GCP"),
}


def _check_connectivity(sub: ProSubscriptionPlan, where: str) -> None:
    """Each connectivity entry on the cloud that offers it, in one of the subscription's
    regions (named on an Active-Active one), at most once per region (or gateway)."""
    for field, (what, provider) in _CONNECTIVITY.items():
        seen: list[str] = []
        for j, entry in enumerate(getattr(sub, field)):
            at = f"{where}.{field}[{j}]"
            if sub.provider != provider:
                raise ValidationError(
                    at, f"{what} needs a {provider} subscription (this one runs on {sub.provider})"
                )
            if sub.active_active and entry.region is None:
                raise ValidationError(f"{at}.region", "name its region (Active-Active)")
            if entry.region is not None and entry.region not in sub.regions():
                raise ValidationError(
                    f"{at}.region", f"{entry.region!r} is not a region of {sub.name!r}"
                )
            region = sub.region_of(entry.region)
            seen.append(f"{region}:{entry.aws_tgw_uid}" if field == "transit_gateways" else region)
        _unique(f"{where}.{field}", seen)


def _unique(field: str, names: Iterable[str]) -> None:
    seen: set[str] = set()
    for index, name in enumerate(names):
        if name in seen:
            raise ValidationError(f"{field}[{index}]", f"the name {name!r} is planned twice")
        seen.add(name)
