"""`client.connectivity.private_service_connect`: GCP Private Service Connect (PSC)."""

from __future__ import annotations

from .._handle import TaskHandle
from ..models.private_service_connect import (
    PscEndpoint,
    PscEndpointCreateSpec,
    PscEndpoints,
    PscEndpointUpdateSpec,
    PscScript,
    PscScriptAnswer,
    PscService,
)
from ._base import Resource
from ._operation import Route, operation

__all__ = ["PrivateServiceConnect"]

_SUB = "/subscriptions/{subscriptionId}/private-service-connect"
_REGION = "/subscriptions/{subscriptionId}/regions/{regionId}/private-service-connect"
_SERVICE = "/{pscServiceId}"
_ENDPOINT = "/{pscServiceId}/endpoints/{endpointId}"


class PrivateServiceConnect(Resource):
    """GCP Private Service Connect, single-region and per Active-Active region.

    A Google Cloud subscription has one PSC service; endpoints registered on it are
    forwarding rules in your project, created with the endpoint's creation script and
    then accepted (``PscEndpointUpdateSpec(action="accept")``). A service with endpoints
    cannot be deleted. Reads are asynchronous on the server: these methods wait for the
    task and return its data. Active-Active subscriptions use the ``*_for_region`` methods.
    """

    # -- shared steps ----------------------------------------------------------------------

    async def _script(self, route: Route) -> PscScript:
        return (await self._get_via_task(route, PscScriptAnswer)).script or PscScript()

    # -- single-region subscriptions ---------------------------------------------------------
    @operation("GET", _SUB, returns="task")
    async def get(self, subscription_id: int) -> PscService:
        """The subscription's PSC service: its id, service attachment and host name.

        Raises `TaskFailedError` (``PSC_SERVICE_NOT_FOUND``) when none is set up.
        """
        return await self._get_via_task(self._route(self.get, subscription_id), PscService)

    @operation("POST", _SUB, returns="task")
    async def create(self, subscription_id: int) -> TaskHandle:
        """Set up PSC for a Google Cloud subscription; the task's resource id is the service's."""
        return await self._write_in(self._route(self.create, subscription_id), subscription_id)

    @operation("DELETE", _SUB, returns="task")
    async def delete(self, subscription_id: int, *, confirm: bool = False) -> TaskHandle:
        """Remove the subscription's PSC service (delete its endpoints first).

        Needs confirm=True.
        """
        self._require_confirmation(confirm, "removing Private Service Connect")
        return await self._write_in(self._route(self.delete, subscription_id), subscription_id)

    @operation("GET", _SUB + _SERVICE, returns="task")
    async def list_endpoints(self, subscription_id: int, psc_service_id: int) -> list[PscEndpoint]:
        """The endpoints registered on a PSC service, with their status."""
        route = self._route(self.list_endpoints, subscription_id, psc_service_id)
        return (await self._get_via_task(route, PscEndpoints)).endpoints

    @operation("POST", _SUB + _SERVICE, returns="task")
    async def create_endpoint(
        self, subscription_id: int, psc_service_id: int, spec: PscEndpointCreateSpec
    ) -> TaskHandle:
        """Register an endpoint on a PSC service; the task's resource id is the endpoint's."""
        route = self._route(self.create_endpoint, subscription_id, psc_service_id)
        return await self._write_in(route, subscription_id, spec)

    @operation(
        "POST",
        _SUB + _SERVICE + "/endpoints",
        returns="task",
        sends=[("POST", _SUB + _SERVICE)],
    )
    async def register_endpoint(
        self, subscription_id: int, psc_service_id: int, spec: PscEndpointCreateSpec
    ) -> TaskHandle:
        """Register an endpoint on a PSC service: the guide's form of `create_endpoint`.

        The guide's ``POST .../endpoints``; sends the published ``POST .../{pscServiceId}``
        (`create_endpoint`).
        """
        return await self.create_endpoint(subscription_id, psc_service_id, spec)

    @operation("PUT", _SUB + _ENDPOINT, returns="task")
    async def update_endpoint(
        self,
        subscription_id: int,
        psc_service_id: int,
        endpoint_id: int,
        spec: PscEndpointUpdateSpec,
    ) -> TaskHandle:
        """Change an endpoint's fields, or accept or reject it (``spec.action``)."""
        route = self._route(self.update_endpoint, subscription_id, psc_service_id, endpoint_id)
        return await self._write_in(route, subscription_id, spec)

    @operation("DELETE", _SUB + _ENDPOINT, returns="task")
    async def delete_endpoint(
        self, subscription_id: int, psc_service_id: int, endpoint_id: int, *, confirm: bool = False
    ) -> TaskHandle:
        """Delete an endpoint (run its deletion script in GCP too). Needs confirm=True."""
        self._require_confirmation(confirm, "deleting a Private Service Connect endpoint")
        route = self._route(self.delete_endpoint, subscription_id, psc_service_id, endpoint_id)
        return await self._write_in(route, subscription_id)

    @operation(
        "GET",
        _SUB + _ENDPOINT + "/creationScripts",
        returns="task",
        query=["includeTerraformGcpScript"],
    )
    async def creation_script(
        self,
        subscription_id: int,
        psc_service_id: int,
        endpoint_id: int,
        *,
        include_terraform_gcp_script: bool = False,
    ) -> PscScript:
        """The gcloud/PowerShell script that creates the endpoint (and, with
        `include_terraform_gcp_script`, its Terraform inputs: `.terraform_gcp`)."""
        route = self._route(
            self.creation_script,
            subscription_id,
            psc_service_id,
            endpoint_id,
            include_terraform_gcp_script=include_terraform_gcp_script or None,
        )
        return await self._script(route)

    @operation("GET", _SUB + _ENDPOINT + "/deletionScripts", returns="task")
    async def deletion_script(
        self, subscription_id: int, psc_service_id: int, endpoint_id: int
    ) -> PscScript:
        """The gcloud/PowerShell script that deletes the endpoint's forwarding rules."""
        return await self._script(
            self._route(self.deletion_script, subscription_id, psc_service_id, endpoint_id)
        )

    # -- Active-Active regions ------------------------------------------------------------------
    @operation("GET", _REGION, returns="task")
    async def get_for_region(self, subscription_id: int, region_id: int) -> PscService:
        """An Active-Active region's PSC service."""
        route = self._route(self.get_for_region, subscription_id, region_id)
        return await self._get_via_task(route, PscService)

    @operation("POST", _REGION, returns="task")
    async def create_for_region(self, subscription_id: int, region_id: int) -> TaskHandle:
        """Set up PSC for one region of a Google Cloud Active-Active subscription."""
        route = self._route(self.create_for_region, subscription_id, region_id)
        return await self._write_in(route, subscription_id)

    @operation("DELETE", _REGION, returns="task")
    async def delete_for_region(
        self, subscription_id: int, region_id: int, *, confirm: bool = False
    ) -> TaskHandle:
        """Remove an Active-Active region's PSC service. Needs confirm=True."""
        self._require_confirmation(confirm, "removing Private Service Connect")
        route = self._route(self.delete_for_region, subscription_id, region_id)
        return await self._write_in(route, subscription_id)

    @operation("GET", _REGION + _SERVICE, returns="task")
    async def list_endpoints_for_region(
        self, subscription_id: int, region_id: int, psc_service_id: int
    ) -> list[PscEndpoint]:
        """The endpoints registered on an Active-Active region's PSC service."""
        route = self._route(
            self.list_endpoints_for_region, subscription_id, region_id, psc_service_id
        )
        return (await self._get_via_task(route, PscEndpoints)).endpoints

    @operation("POST", _REGION + _SERVICE, returns="task")
    async def create_endpoint_for_region(
        self,
        subscription_id: int,
        region_id: int,
        psc_service_id: int,
        spec: PscEndpointCreateSpec,
    ) -> TaskHandle:
        """Register an endpoint on an Active-Active region's PSC service."""
        route = self._route(
            self.create_endpoint_for_region, subscription_id, region_id, psc_service_id
        )
        return await self._write_in(route, subscription_id, spec)

    @operation("POST", _REGION + _ENDPOINT, returns="task", sends=[("POST", _REGION + _SERVICE)])
    async def register_endpoint_for_region(
        self,
        subscription_id: int,
        region_id: int,
        psc_service_id: int,
        spec: PscEndpointCreateSpec,
    ) -> TaskHandle:
        """Register a region's endpoint: the guide's form of `create_endpoint_for_region`.

        The guide's ``POST .../endpoints/{endpointId}``; sends the published
        ``POST .../{pscServiceId}`` (`create_endpoint_for_region`), and the server
        assigns the endpoint id.
        """
        return await self.create_endpoint_for_region(
            subscription_id, region_id, psc_service_id, spec
        )

    @operation("PUT", _REGION + _ENDPOINT, returns="task")
    async def update_endpoint_for_region(
        self,
        subscription_id: int,
        region_id: int,
        psc_service_id: int,
        endpoint_id: int,
        spec: PscEndpointUpdateSpec,
    ) -> TaskHandle:
        """Change a region's endpoint, or accept or reject it (``spec.action``)."""
        route = self._route(
            self.update_endpoint_for_region, subscription_id, region_id, psc_service_id, endpoint_id
        )
        return await self._write_in(route, subscription_id, spec)

    @operation("DELETE", _REGION + _ENDPOINT, returns="task")
    async def delete_endpoint_for_region(
        self,
        subscription_id: int,
        region_id: int,
        psc_service_id: int,
        endpoint_id: int,
        *,
        confirm: bool = False,
    ) -> TaskHandle:
        """Delete an Active-Active region's endpoint. Needs confirm=True."""
        self._require_confirmation(confirm, "deleting a Private Service Connect endpoint")
        route = self._route(
            self.delete_endpoint_for_region, subscription_id, region_id, psc_service_id, endpoint_id
        )
        return await self._write_in(route, subscription_id)

    @operation(
        "GET",
        _REGION + _ENDPOINT + "/creationScripts",
        returns="task",
        query=["includeTerraformGcpScript"],
    )
    async def creation_script_for_region(
        self,
        subscription_id: int,
        region_id: int,
        psc_service_id: int,
        endpoint_id: int,
        *,
        include_terraform_gcp_script: bool = False,
    ) -> PscScript:
        """The script that creates an Active-Active region's endpoint (and, with
        `include_terraform_gcp_script`, its Terraform inputs)."""
        route = self._route(
            self.creation_script_for_region,
            subscription_id,
            region_id,
            psc_service_id,
            endpoint_id,
            include_terraform_gcp_script=include_terraform_gcp_script or None,
        )
        return await self._script(route)

    @operation("GET", _REGION + _ENDPOINT + "/deletionScripts", returns="task")
    async def deletion_script_for_region(
        self, subscription_id: int, region_id: int, psc_service_id: int, endpoint_id: int
    ) -> PscScript:
        """The script that deletes an Active-Active region's endpoint."""
        return await self._script(
            self._route(
                self.deletion_script_for_region,
                subscription_id,
                region_id,
                psc_service_id,
                endpoint_id,
            )
        )
