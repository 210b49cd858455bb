"""`client.connectivity.private_link`: AWS PrivateLink, single-region and per AA region."""

from __future__ import annotations

from collections.abc import Iterable

from .._errors import NotFoundError, ValidationError
from .._handle import TaskHandle
from ..models.private_link import (
    PrivateLinkConfig,
    PrivateLinkCreateSpec,
    PrivateLinkDisassociateSpec,
    PrivateLinkEndpointScript,
    PrivateLinkPrincipalRemoveSpec,
    PrivateLinkPrincipalSpec,
)
from ._base import Resource
from ._operation import Route, operation

__all__ = ["PrivateLink"]

_SUB = "/subscriptions/{subscriptionId}/private-link"
_REGION = "/subscriptions/{subscriptionId}/regions/{regionId}/private-link"


class PrivateLink(Resource):
    """AWS PrivateLink, single-region and per Active-Active region.

    A PrivateLink is created with its first principal (an AWS account, IAM user or role,
    organization...); every principal must be removed before the PrivateLink itself can
    be deleted. Reads are asynchronous on the server: these methods wait for the task and
    return its data. Active-Active subscriptions use the ``*_for_region`` methods.
    """

    # -- shared steps ----------------------------------------------------------------------

    async def _remove_principal(
        self, route: Route, subscription_id: int, principal: str, confirm: bool
    ) -> TaskHandle:
        self._require_confirmation(confirm, "removing a PrivateLink principal")
        spec = PrivateLinkPrincipalRemoveSpec(principal=principal)
        return await self._write_in(route, subscription_id, spec)

    async def _disassociate(
        self,
        route: Route,
        subscription_id: int,
        spec: PrivateLinkDisassociateSpec,
        confirm: bool,
    ) -> TaskHandle:
        self._require_confirmation(confirm, "disassociating PrivateLink connections")
        return await self._write_in(route, subscription_id, spec)

    async def _disassociate_endpoints(
        self,
        read: Route,
        write: Route,
        subscription_id: int,
        endpoint_ids: Iterable[str],
        confirm: bool,
    ) -> TaskHandle:
        """Read the PrivateLink (`read`), then disassociate the connections of these
        endpoints with the published request (`write`)."""
        self._require_confirmation(confirm, "disassociating PrivateLink connections")
        wanted = list(endpoint_ids)
        if not wanted:
            raise ValidationError("endpoint_ids", "needs at least 1 VPC endpoint id")
        link = await self._get_via_task(read, PrivateLinkConfig)
        found = [
            c for c in link.connections if c.connection_id in wanted or c.association_id in wanted
        ]
        known = {c.connection_id for c in found} | {c.association_id for c in found}
        missing = [e for e in wanted if e not in known]
        if missing:
            raise ValidationError(
                "endpoint_ids", f"no connection of this PrivateLink for {', '.join(missing)}"
            )
        spec = PrivateLinkDisassociateSpec.of(found)
        return await self._disassociate(write, subscription_id, spec, confirm)

    # -- single-region subscriptions ---------------------------------------------------------
    @operation("GET", _SUB, returns="task")
    async def get(self, subscription_id: int) -> PrivateLinkConfig:
        """The subscription's PrivateLink: share, principals, connections and databases.

        Raises `TaskFailedError` (``PRIVATE_LINK_NOT_FOUND``) when none is configured.
        """
        return await self._get_via_task(self._route(self.get, subscription_id), PrivateLinkConfig)

    @operation("POST", _SUB, returns="task")
    async def create(self, subscription_id: int, spec: PrivateLinkCreateSpec) -> TaskHandle:
        """Create the subscription's PrivateLink: a resource share and its first principal."""
        route = self._route(self.create, subscription_id)
        return await self._write_in(route, subscription_id, spec)

    @operation("DELETE", _SUB, returns="task")
    async def delete(self, subscription_id: int, *, confirm: bool = False) -> TaskHandle:
        """Delete the subscription's PrivateLink (remove its principals first).

        Needs confirm=True.
        """
        self._require_confirmation(confirm, "deleting a PrivateLink")
        return await self._write_in(self._route(self.delete, subscription_id), subscription_id)

    @operation("POST", _SUB + "/principals", returns="task")
    async def add_principal(
        self, subscription_id: int, spec: PrivateLinkPrincipalSpec
    ) -> TaskHandle:
        """Share the PrivateLink with one more AWS principal."""
        route = self._route(self.add_principal, subscription_id)
        return await self._write_in(route, subscription_id, spec)

    @operation("DELETE", _SUB + "/principals", returns="task")
    async def remove_principal(
        self, subscription_id: int, principal: str, *, confirm: bool = False
    ) -> TaskHandle:
        """Stop sharing the PrivateLink with a principal (account id or ARN). Needs confirm=True."""
        route = self._route(self.remove_principal, subscription_id)
        return await self._remove_principal(route, subscription_id, principal, confirm)

    @operation(
        "GET", _SUB + "/endpoint-script", returns="task", query=["includeTerraformAwsScript"]
    )
    async def endpoint_script(
        self, subscription_id: int, *, include_terraform_aws_script: bool = False
    ) -> PrivateLinkEndpointScript:
        """The script that creates the VPC endpoints on the principal's side.

        With `include_terraform_aws_script`, also its Terraform form
        (`.terraform_aws_script`).
        """
        route = self._route(
            self.endpoint_script,
            subscription_id,
            include_terraform_aws_script=include_terraform_aws_script or None,
        )
        return await self._get_via_task(route, PrivateLinkEndpointScript)

    @operation("POST", _SUB + "/connections/disassociate", returns="task")
    async def disassociate(
        self, subscription_id: int, spec: PrivateLinkDisassociateSpec, *, confirm: bool = False
    ) -> TaskHandle:
        """Disconnect VPC endpoint connections from the PrivateLink. Needs confirm=True.

        Build the spec from what `get` reports: ``PrivateLinkDisassociateSpec.of(conns)``.
        """
        route = self._route(self.disassociate, subscription_id)
        return await self._disassociate(route, subscription_id, spec, confirm)

    @operation(
        "PUT",
        _SUB + "/connections/disassociate",
        returns="task",
        sends=[("GET", _SUB), ("POST", _SUB + "/connections/disassociate")],
    )
    async def disassociate_endpoints(
        self, subscription_id: int, endpoint_ids: Iterable[str], *, confirm: bool = False
    ) -> TaskHandle:
        """Disconnect connections by VPC endpoint id (the guide's form). Needs confirm=True.

        Looks the connections up, then sends the published ``POST`` disassociation; an id
        that matches no connection raises `ValidationError` before any write is sent.
        """
        read = self._route(self.get, subscription_id)
        write = self._route(self.disassociate, subscription_id)
        return await self._disassociate_endpoints(
            read, write, subscription_id, endpoint_ids, confirm
        )

    # -- Active-Active regions ------------------------------------------------------------------
    @operation("GET", _REGION, returns="task")
    async def get_for_region(self, subscription_id: int, region_id: int) -> PrivateLinkConfig:
        """An Active-Active region's PrivateLink: share, principals, connections, databases.

        Raises `NotFoundError` when the region has none: the service then completes the
        read with an empty resource (``{"links": []}``), not with a failed task.
        """
        route = self._route(self.get_for_region, subscription_id, region_id)
        link = await self._get_via_task(route, PrivateLinkConfig)
        if link.share_name is None and link.status is None and not link.principals:
            raise NotFoundError(
                f"subscription {subscription_id} has no PrivateLink in region {region_id}",
                method=route.method,
                path=route.path,
                status=404,
            )
        return link

    @operation("POST", _REGION, returns="task")
    async def create_for_region(
        self, subscription_id: int, region_id: int, spec: PrivateLinkCreateSpec
    ) -> TaskHandle:
        """Create an Active-Active region's PrivateLink with its first principal."""
        route = self._route(self.create_for_region, subscription_id, region_id)
        return await self._write_in(route, subscription_id, spec)

    @operation("DELETE", _REGION, returns="task")
    async def delete_for_region(
        self, subscription_id: int, region_id: int, *, confirm: bool = False
    ) -> TaskHandle:
        """Delete an Active-Active region's PrivateLink. Needs confirm=True."""
        self._require_confirmation(confirm, "deleting a PrivateLink")
        route = self._route(self.delete_for_region, subscription_id, region_id)
        return await self._write_in(route, subscription_id)

    @operation("POST", _REGION + "/principals", returns="task")
    async def add_principal_for_region(
        self, subscription_id: int, region_id: int, spec: PrivateLinkPrincipalSpec
    ) -> TaskHandle:
        """Share an Active-Active region's PrivateLink with one more AWS principal."""
        route = self._route(self.add_principal_for_region, subscription_id, region_id)
        return await self._write_in(route, subscription_id, spec)

    @operation("DELETE", _REGION + "/principals", returns="task")
    async def remove_principal_for_region(
        self, subscription_id: int, region_id: int, principal: str, *, confirm: bool = False
    ) -> TaskHandle:
        """Stop sharing a region's PrivateLink with a principal. Needs confirm=True."""
        route = self._route(self.remove_principal_for_region, subscription_id, region_id)
        return await self._remove_principal(route, subscription_id, principal, confirm)

    @operation(
        "GET", _REGION + "/endpoint-script", returns="task", query=["includeTerraformAwsScript"]
    )
    async def endpoint_script_for_region(
        self, subscription_id: int, region_id: int, *, include_terraform_aws_script: bool = False
    ) -> PrivateLinkEndpointScript:
        """The script that creates the VPC endpoints for an Active-Active region.

        With `include_terraform_aws_script`, also its Terraform form.
        """
        route = self._route(
            self.endpoint_script_for_region,
            subscription_id,
            region_id,
            include_terraform_aws_script=include_terraform_aws_script or None,
        )
        return await self._get_via_task(route, PrivateLinkEndpointScript)

    @operation("POST", _REGION + "/connections/disassociate", returns="task")
    async def disassociate_for_region(
        self,
        subscription_id: int,
        region_id: int,
        spec: PrivateLinkDisassociateSpec,
        *,
        confirm: bool = False,
    ) -> TaskHandle:
        """Disconnect connections from a region's PrivateLink. Needs confirm=True."""
        route = self._route(self.disassociate_for_region, subscription_id, region_id)
        return await self._disassociate(route, subscription_id, spec, confirm)

    @operation(
        "PUT",
        _REGION + "/connections/disassociate",
        returns="task",
        sends=[("GET", _REGION), ("POST", _REGION + "/connections/disassociate")],
    )
    async def disassociate_endpoints_for_region(
        self,
        subscription_id: int,
        region_id: int,
        endpoint_ids: Iterable[str],
        *,
        confirm: bool = False,
    ) -> TaskHandle:
        """Disconnect a region's connections by VPC endpoint id (the guide's form).

        Sends the published ``POST`` disassociation. Needs confirm=True.
        """
        read = self._route(self.get_for_region, subscription_id, region_id)
        write = self._route(self.disassociate_for_region, subscription_id, region_id)
        return await self._disassociate_endpoints(
            read, write, subscription_id, endpoint_ids, confirm
        )
