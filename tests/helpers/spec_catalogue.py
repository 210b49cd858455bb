"""The request specs under test, a valid instance of each, and the methods that send them.

Which specs: every `Spec` whose name says Create/Update, every spec a create, update or
add method of the client takes (found from the methods' annotations, generic namespaces
included), and the specs nested in them, at any depth.
"""

from __future__ import annotations

import inspect
import typing
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import attrs

import redis_cloud_async.models as models
from redis_cloud_async import AsyncClient
from redis_cloud_async.models import Spec

#: A baseline of every covered spec: its required fields and what its rules across
#: fields need, nothing more (nested specs are built from their own baselines).
BASELINES: dict[str, Callable[[], dict[str, Any]]] = {
    "AccountUserInviteSpec": lambda: {"name": "Ada", "email": "ada@example.com"},
    "AccountUserUpdateSpec": lambda: {"name": "Ada"},
    "AclRedisRuleSpec": lambda: {"name": "reader", "redis_rule": "+@read ~cache:*"},
    "AclRoleCreateSpec": lambda: {"name": "role", "redis_rules": [build("AclRoleRuleSpec")]},
    "AclRoleDatabaseSpec": lambda: {"subscription_id": 1, "database_id": 2},
    "AclRoleRuleSpec": lambda: {
        "rule_name": "reader",
        "databases": [build("AclRoleDatabaseSpec")],
    },
    "AclRoleUpdateSpec": lambda: {"name": "role"},
    "AclUserCreateSpec": lambda: {"name": "app", "role": "role", "password": "pw-0123456789"},
    "AclUserUpdateSpec": lambda: {"role": "role"},
    "ActiveActiveDatabaseUpdateSpec": lambda: {"name": "db2"},
    "ActiveActiveRegionDeleteSpec": lambda: {"regions": [build("RegionToDeleteSpec")]},
    "ActiveActiveRegionSpec": lambda: {"region": "us-east-2", "deployment_cidr": "10.0.1.0/24"},
    "AwsActiveActiveVpcPeeringCreateSpec": lambda: {
        "aws_account_id": "123456789012",
        "vpc_id": "vpc-0123abcd",
        "source_region": "us-east-1",
        "destination_region": "us-west-2",
        "vpc_cidrs": ["10.10.0.0/16"],
    },
    "AwsVpcPeeringCreateSpec": lambda: {
        "aws_account_id": "123456789012",
        "vpc_id": "vpc-0123abcd",
        "region": "us-east-1",
        "vpc_cidrs": ["10.10.0.0/16"],
    },
    "CidrAllowlistSpec": lambda: {"cidr_ips": ["10.0.0.0/16"]},
    "CloudAccountCreateSpec": lambda: {
        "name": "aws",
        "access_key_id": "AKIAIOSFODNN7EXAMPLE",
        "access_secret_key": "secret-value-0123",
        "console_username": "ops",
        "console_password": "console-pass-0123",
        "sign_in_login_url": "https://123456789012.signin.aws.amazon.com/console",
    },
    "CloudAccountUpdateSpec": lambda: {
        "access_key_id": "AKIAIOSFODNN7EXAMPLE",
        "access_secret_key": "secret-value-0123",
        "console_username": "ops",
        "console_password": "console-pass-0123",
    },
    "CloudProviderSpec": lambda: {"regions": [build("RegionSpec")]},
    "CostReportCreateSpec": lambda: {"start_date": "2025-01-01", "end_date": "2025-01-31"},
    "CustomerManagedKeySpec": lambda: {"resource_name": "key"},
    "DatabaseAlertSpec": lambda: {"name": "dataset-size", "value": 80},
    "DatabaseCreateSpec": lambda: {"name": "db"},
    "DatabaseImportSpec": lambda: {
        "source_type": "aws-s3",
        "import_from_uri": ["s3://bucket/dump.rdb"],
    },
    "DatabaseModuleSpec": lambda: {"name": "RedisJSON"},
    "DatabaseTagsSpec": lambda: {"tags": [build("Tag")]},
    "DatabaseUpdateSpec": lambda: {"name": "db2"},
    "DatabaseUpgradeSpec": lambda: {"target_redis_version": "7.4"},
    "EssentialsDatabaseCreateSpec": lambda: {"name": "db"},
    "EssentialsDatabaseUpdateSpec": lambda: {"name": "db2"},
    "EssentialsSubscriptionCreateSpec": lambda: {"name": "sub", "plan_id": 1},
    "EssentialsSubscriptionUpdateSpec": lambda: {"name": "sub2"},
    "GcpActiveActiveVpcPeeringCreateSpec": lambda: {
        "vpc_project_uid": "my-project-1",
        "vpc_network_name": "net",
        "source_region": "us-central1",
    },
    "GcpVpcPeeringCreateSpec": lambda: {
        "vpc_project_uid": "my-project-1",
        "vpc_network_name": "net",
    },
    "LocalRegionPropertiesSpec": lambda: {"region": "us-east-1"},
    "LocalThroughputSpec": lambda: {"region": "us-east-1"},
    "MaintenanceWindowSpec": lambda: {"days": ["Monday"], "start_hour": 2, "duration_in_hours": 4},
    "MaintenanceWindowsSpec": lambda: {
        "mode": "manual",
        "windows": [build("MaintenanceWindowSpec")],
    },
    "PrivateLinkConnectionSpec": lambda: {
        "association_id": "assoc-1",
        "principal_id": "principal-1",
        "type": "aws-account",
    },
    "PrivateLinkCreateSpec": lambda: {"principal": "123456789012", "share_name": "share"},
    "PrivateLinkDisassociateSpec": lambda: {"connections": [build("PrivateLinkConnectionSpec")]},
    "PrivateLinkPrincipalRemoveSpec": lambda: {"principal": "123456789012"},
    "PrivateLinkPrincipalSpec": lambda: {"principal": "123456789012"},
    "PscEndpointCreateSpec": lambda: {
        "gcp_project_id": "my-project-1",
        "gcp_vpc_name": "net",
        "gcp_vpc_subnet_name": "subnet",
        "endpoint_connection_name": "redis-psc",
    },
    "PscEndpointUpdateSpec": lambda: {"gcp_vpc_name": "net2"},
    "RegionDatabaseSpec": lambda: {"name": "db"},
    "RegionSpec": lambda: {"region": "us-east-1"},
    "RegionToDeleteSpec": lambda: {"region": "us-east-1"},
    "ReplicaSpec": lambda: {"sync_sources": [build("SyncSourceSpec")]},
    "ResourceTagsSpec": lambda: {"resource_tags": [build("Tag")]},
    "SubscriptionCreateSpec": lambda: {
        "name": "sub",
        "cloud_providers": [build("CloudProviderSpec")],
        "databases": [build("SubscriptionDatabaseSpec")],
    },
    "SubscriptionDatabaseSpec": lambda: {"name": "db"},
    "SubscriptionUpdateSpec": lambda: {"name": "sub2"},
    "SyncSourceSpec": lambda: {"endpoint": "redis://source.example.com:12000"},
    "Tag": lambda: {"key": "team", "value": "core"},
    "TagValueSpec": lambda: {"value": "core"},
    "ThroughputMeasurementSpec": lambda: {"by": "operations-per-second", "value": 25000},
    "TransitGatewayAttachmentUpdateSpec": lambda: {"cidrs": ["10.20.0.0/16"]},
    "TransitGatewayCreateSpec": lambda: {
        "aws_tgw_uid": "tgw-0123456789abcdef0",
        "aws_account_id": "123456789012",
    },
    "VpcPeeringUpdateSpec": lambda: {"vpc_cidrs": ["10.10.0.0/16"]},
}

_SPECS: dict[str, type[Spec]] = {
    name: cls
    for name, cls in vars(models).items()
    if isinstance(cls, type) and issubclass(cls, Spec) and cls is not Spec
}


def build(name: str, **overrides: Any) -> Any:
    """A fresh valid instance of the spec class `name` (with `overrides`)."""
    return _SPECS[name](**(baseline(name) | overrides))


def baseline(name: str) -> dict[str, Any]:
    """The keyword arguments of a valid instance (an empty dict if all are optional)."""
    factory = BASELINES.get(name)
    return factory() if factory is not None else {}


# -- which specs, and which client methods take them -------------------------------------
def _specs_in(annotation: Any) -> list[type[Spec]]:
    if isinstance(annotation, type):
        return [annotation] if issubclass(annotation, Spec) else []
    return [spec for arg in typing.get_args(annotation) for spec in _specs_in(arg)]


@attrs.frozen
class SpecMethod:
    """A client method that sends a spec: where it lives and how to call it."""

    path: str  #: e.g. ``connectivity.vpc_peering.create``
    parameter: str  #: the parameter that takes the spec (or a sequence of them)
    specs: tuple[type[Spec], ...]
    sequence: bool  #: the parameter takes a sequence of specs

    def bound(self, client: AsyncClient) -> Callable[..., Any]:
        target: Any = client
        for part in self.path.split("."):
            target = getattr(target, part)
        return typing.cast(Callable[..., Any], target)

    def call(self, client: AsyncClient, spec: Spec) -> Any:
        """Call the method with `spec`: ids are 1, destructive ones confirmed."""
        method = self.bound(client)
        args: dict[str, Any] = {}
        for name, parameter in inspect.signature(method).parameters.items():
            if name == self.parameter:
                args[name] = [spec] if self.sequence else spec
            elif name == "confirm":
                args[name] = True
            elif parameter.default is inspect.Parameter.empty:
                args[name] = 1
        return method(**args)


def _namespaces(client: AsyncClient) -> Iterator[tuple[str, Any]]:
    """Every public namespace object of a client, nested ones included, with its path."""
    stack: list[tuple[str, Any]] = [("", client)]
    while stack:
        prefix, obj = stack.pop()
        for name, value in vars(obj).items():
            if not name.startswith("_") and type(value).__module__.startswith(
                "redis_cloud_async.resources"
            ):
                path = f"{prefix}{name}"
                yield path, value
                stack.append((f"{path}.", value))


def _type_arguments(cls: type) -> dict[Any, Any]:
    """The type variables a generic namespace binds (`DatabaseOperations[..., CreateSpec]`)."""
    bound: dict[Any, Any] = {}
    for klass in cls.__mro__:
        for base in getattr(klass, "__orig_bases__", ()):
            parameters = getattr(typing.get_origin(base), "__parameters__", ())
            bound.update(zip(parameters, typing.get_args(base), strict=False))
    return bound


def spec_methods() -> list[SpecMethod]:
    """Every public coroutine method of the client that takes a spec, sorted by path."""
    client = AsyncClient("k" * 8, "s" * 8)
    found: list[SpecMethod] = []
    for path, namespace in _namespaces(client):
        bound = _type_arguments(type(namespace))
        for name, method in inspect.getmembers(type(namespace), inspect.iscoroutinefunction):
            if name.startswith("_"):
                continue
            for parameter, hint in typing.get_type_hints(method).items():
                annotation = bound.get(hint, hint) if isinstance(hint, typing.TypeVar) else hint
                specs = _specs_in(annotation)
                if parameter != "return" and specs:
                    sequence = typing.get_origin(annotation) in (list, Sequence)
                    found.append(SpecMethod(f"{path}.{name}", parameter, tuple(specs), sequence))
    return sorted(found, key=lambda m: m.path)


def _is_write_verb(method_path: str) -> bool:
    verb = method_path.rsplit(".", 1)[-1]
    return verb.startswith(("create", "update", "add"))


def target_specs() -> list[type[Spec]]:
    """The specs the brief names: Create/Update in the name, or taken by a create,
    update or add method."""
    named = {cls for name, cls in _SPECS.items() if "Create" in name or "Update" in name}
    taken = {cls for m in spec_methods() if _is_write_verb(m.path) for cls in m.specs}
    return sorted(named | taken, key=lambda c: c.__name__)


def _nested(cls: type[Spec]) -> Iterator[type[Spec]]:
    for annotation in typing.get_type_hints(cls).values():
        yield from _specs_in(annotation)


def covered_specs() -> list[type[Spec]]:
    """The target specs and every spec nested in them, at any depth."""
    seen: dict[str, type[Spec]] = {}
    todo = target_specs()
    while todo:
        cls = todo.pop()
        if cls.__name__ not in seen:
            seen[cls.__name__] = cls
            todo.extend(_nested(cls))
    return sorted(seen.values(), key=lambda c: c.__name__)
