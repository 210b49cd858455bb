"""GCP Private Service Connect (PSC): what the server answers, and the endpoint specs.

A subscription (or an Active-Active region) on Google Cloud has one PSC service; each
endpoint registered on it is a set of forwarding rules the customer creates in their own
project with the endpoint's creation script, then accepts (or rejects) through the API.
"""

from __future__ import annotations

import attrs

from .._errors import ValidationError
from ._base import Model, Spec, StrEnum
from ._validators import matches, one_of, optional
from .vpc_peering import GCP_PROJECT_ID, gcp_name

__all__ = [
    "PscEndpoint",
    "PscEndpointAction",
    "PscEndpointCreateSpec",
    "PscEndpointStatus",
    "PscEndpointUpdateSpec",
    "PscEndpoints",
    "PscScript",
    "PscScriptAnswer",
    "PscService",
    "PscServiceAttachment",
    "PscServiceStatus",
    "PscTerraformGcp",
]


class PscServiceStatus(StrEnum):
    """The lifecycle of a PSC service."""

    CREATE_QUEUED = "create-queued"
    INITIALIZED = "initialized"
    CREATE_PENDING = "create-pending"
    ACTIVE = "active"
    DELETE_QUEUED = "delete-queued"
    DELETE_PENDING = "delete-pending"
    DELETED = "deleted"
    PROVISION_FAILED = "provision-failed"
    FAILED = "failed"


class PscEndpointStatus(StrEnum):
    """The lifecycle of a PSC endpoint: ``initialized`` until its creation script runs,
    ``pending`` until accepted or rejected, then ``active`` or ``rejected``."""

    INITIALIZED = "initialized"
    PROCESSING = "processing"
    PENDING = "pending"
    ACCEPT_PENDING = "accept-pending"
    ACTIVE = "active"
    REJECT_PENDING = "reject-pending"
    REJECTED = "rejected"
    DELETED = "deleted"
    FAILED = "failed"


class PscEndpointAction(StrEnum):
    """What `PscEndpointUpdateSpec.action` does to a pending endpoint."""

    ACCEPT = "accept"
    REJECT = "reject"


# -- Google Cloud naming rules (guide 7.3) ------------------------------------------------
#: Project ids follow the rule VPC peering checks; VPC and subnet names are resource names.
GCP_RESOURCE_NAME = gcp_name("resource name")
ENDPOINT_PREFIX = matches(
    r"[a-z][-a-z0-9]{0,59}",
    "the endpoint connection name is the prefix of the forwarding rules' names: 1-60 "
    "lowercase letters, digits and hyphens starting with a letter (not a resource path)",
)


# -- answers -------------------------------------------------------------------------------
@attrs.frozen(kw_only=True)
class PscService(Model):
    """The PSC service of a subscription or an Active-Active region."""

    id: int | None = None
    connection_host_name: str | None = None
    service_attachment_name: str | None = None
    status: PscServiceStatus | str | None = None


@attrs.frozen(kw_only=True)
class PscEndpoint(Model):
    """An endpoint registered on a PSC service."""

    id: int | None = None
    gcp_project_id: str | None = None
    gcp_vpc_name: str | None = None
    gcp_vpc_subnet_name: str | None = None
    endpoint_connection_name: str | None = None
    status: PscEndpointStatus | str | None = None


@attrs.frozen(kw_only=True)
class PscEndpoints(Model):
    """`GET .../private-service-connect/{pscServiceId}`: a service's endpoints."""

    psc_service_id: int | None = None
    endpoints: list[PscEndpoint] = attrs.field(factory=list)


@attrs.frozen(kw_only=True)
class PscServiceAttachment(Model):
    """One service attachment to connect to, as the Terraform form of a script names it."""

    name: str | None = None
    dns_record: str | None = None
    ip_address_name: str | None = None
    forwarding_rule_name: str | None = None


@attrs.frozen(kw_only=True)
class PscTerraformGcp(Model):
    """The inputs of a Terraform configuration that creates the endpoint."""

    service_attachments: list[PscServiceAttachment] = attrs.field(factory=list)


@attrs.frozen(kw_only=True)
class PscScript(Model):
    """A script to run in Google Cloud to create or delete an endpoint's forwarding rules."""

    bash: str | None = None
    powershell: str | None = None
    terraform_gcp: PscTerraformGcp | None = None


@attrs.frozen(kw_only=True)
class PscScriptAnswer(Model):
    """What the script GETs answer (`{"script": {...}}`)."""

    script: PscScript | None = None


# -- specs ---------------------------------------------------------------------------------
@attrs.frozen(kw_only=True)
class PscEndpointCreateSpec(Spec):
    """`POST .../private-service-connect/{pscServiceId}`: an endpoint in your GCP project,
    e.g. ``PscEndpointCreateSpec(gcp_project_id="my-project", gcp_vpc_name="my-vpc",
    gcp_vpc_subnet_name="my-subnet", endpoint_connection_name="redis-psc")``."""

    gcp_project_id: str = attrs.field(validator=GCP_PROJECT_ID)
    gcp_vpc_name: str = attrs.field(validator=GCP_RESOURCE_NAME)
    gcp_vpc_subnet_name: str = attrs.field(validator=GCP_RESOURCE_NAME)
    endpoint_connection_name: str = attrs.field(validator=ENDPOINT_PREFIX)


@attrs.frozen(kw_only=True)
class PscEndpointUpdateSpec(Spec):
    """`PUT .../endpoints/{endpointId}`: change an endpoint's fields, or accept or reject
    it (``action``), not both at once."""

    gcp_project_id: str | None = attrs.field(default=None, validator=optional(GCP_PROJECT_ID))
    gcp_vpc_name: str | None = attrs.field(default=None, validator=optional(GCP_RESOURCE_NAME))
    gcp_vpc_subnet_name: str | None = attrs.field(
        default=None, validator=optional(GCP_RESOURCE_NAME)
    )
    endpoint_connection_name: str | None = attrs.field(
        default=None, validator=optional(ENDPOINT_PREFIX)
    )
    #: A `PscEndpointAction` or its value (``"accept"``, ``"reject"``), like other specs'
    #: enum fields.
    action: str | None = attrs.field(default=None, validator=optional(one_of(PscEndpointAction)))

    def __attrs_post_init__(self) -> None:
        fields = (
            self.gcp_project_id,
            self.gcp_vpc_name,
            self.gcp_vpc_subnet_name,
            self.endpoint_connection_name,
        )
        changed = any(value is not None for value in fields)
        if self.action is not None and changed:
            raise ValidationError(
                "PscEndpointUpdateSpec.action", "give either an action or fields to change"
            )
        if self.action is None and not changed:
            raise ValidationError(
                "PscEndpointUpdateSpec.action", "give an action or at least one field to change"
            )
