"""`client.connectivity.private_service_connect`: GCP Private Service Connect (PSC)."""

from __future__ import annotations

from .._handle import TaskHandle
from .._permits import Lane
from ..models._base import Spec
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
from ._operation import operation

__all__ = ["PrivateServiceConnect"]

_SUB = "/subscriptions/{subscriptionId}/private-service-connect"
_REGION = "/subscriptions/{subscriptionId}/regions/{regionId}/private-service-connect"
_SERVICE = "/{pscServiceId}"
_ENDPOINT = "/{pscServiceId}/endpoints/{endpointId}"


def _path(
    subscription_id: int,
    region_id: int | None,
    service_id: int | None = None,
    endpoint_id: int | None = None,
    tail: str = "",
) -> str:
    path = f"/subscriptions/{int(subscription_id)}"
    if region_id is not None:
        path += f"/regions/{int(region_id)}"
    path += "/private-service-connect"
    if service_id is not None:
        path += f"/{int(service_id)}"
    if endpoint_id is not None:
        path += f"/endpoints/{int(endpoint_id)}"
    return path + tail


class PrivateServiceConnect(Resource):
    """GCP Private Service Connect, single-region and per Active-Active region.

    A Google Cloud subscription has one PSC service; endpoints registered on it are
    forwarding rules in your project, created with the endpoint's creation script and
    then accepted (``PscEndpointUpdateSpec(action="accept")``). A service with endpoints
    cannot be deleted. Reads are asynchronous on the server: these methods wait for the
    task and return its data. Active-Active subscriptions use the ``*_for_region`` methods.
    """

    # -- shared steps ----------------------------------------------------------------------
    async def _change(
        self,
        method: str,
        subscription_id: int,
        region_id: int | None,
        service_id: int | None = None,
        endpoint_id: int | None = None,
        spec: Spec | None = None,
    ) -> TaskHandle:
        sid = int(subscription_id)
        path = _path(sid, region_id, service_id, endpoint_id)
        return await self._write(method, path, spec, lane=Lane("pro", sid))

    async def _endpoints(
        self, subscription_id: int, region_id: int | None, service_id: int
    ) -> list[PscEndpoint]:
        path = _path(subscription_id, region_id, service_id)
        return (await self._get_via_task(path, PscEndpoints)).endpoints

    async def _script(
        self,
        subscription_id: int,
        region_id: int | None,
        service_id: int,
        endpoint_id: int,
        which: str,
    ) -> PscScript:
        path = _path(subscription_id, region_id, service_id, endpoint_id, f"/{which}Scripts")
        return (await self._get_via_task(path, PscScriptAnswer)).script or PscScript()

    # -- single-region subscriptions ---------------------------------------------------------
    @operation("GET", _SUB, returns="task")
    async def get(self, subscription_id: int) -> PscService:
        """The subscription's PSC service: its id, service attachment and host name.

        Raises `TaskFailedError` (``PSC_SERVICE_NOT_FOUND``) when none is set up.
        """
        return await self._get_via_task(_path(subscription_id, None), PscService)

    @operation("POST", _SUB, returns="task")
    async def create(self, subscription_id: int) -> TaskHandle:
        """Set up PSC for a Google Cloud subscription; the task's resource id is the service's."""
        return await self._change("POST", subscription_id, None)

    @operation("DELETE", _SUB, returns="task")
    async def delete(self, subscription_id: int, *, confirm: bool = False) -> TaskHandle:
        """Remove the subscription's PSC service (delete its endpoints first).

        Needs confirm=True.
        """
        self._require_confirmation(confirm, "removing Private Service Connect")
        return await self._change("DELETE", subscription_id, None)

    @operation("GET", _SUB + _SERVICE, returns="task")
    async def list_endpoints(self, subscription_id: int, psc_service_id: int) -> list[PscEndpoint]:
        """The endpoints registered on a PSC service, with their status."""
        return await self._endpoints(subscription_id, None, psc_service_id)

    @operation("POST", _SUB + _SERVICE, returns="task")
    async def create_endpoint(
        self, subscription_id: int, psc_service_id: int, spec: PscEndpointCreateSpec
    ) -> TaskHandle:
        """Register an endpoint on a PSC service; the task's resource id is the endpoint's."""
        return await self._change("POST", subscription_id, None, psc_service_id, spec=spec)

    @operation("POST", _SUB + _SERVICE + "/endpoints", returns="task")
    async def register_endpoint(
        self, subscription_id: int, psc_service_id: int, spec: PscEndpointCreateSpec
    ) -> TaskHandle:
        """Register an endpoint on a PSC service (the guide's form of `create_endpoint`).

        The guide's ``POST .../endpoints``; sends the published ``POST .../{pscServiceId}``.
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
        return await self._change("PUT", subscription_id, None, psc_service_id, endpoint_id, spec)

    @operation("DELETE", _SUB + _ENDPOINT, returns="task")
    async def delete_endpoint(
        self, subscription_id: int, psc_service_id: int, endpoint_id: int, *, confirm: bool = False
    ) -> TaskHandle:
        """Delete an endpoint (run its deletion script in GCP too). Needs confirm=True."""
        self._require_confirmation(confirm, "deleting a Private Service Connect endpoint")
        return await self._change("DELETE", subscription_id, None, psc_service_id, endpoint_id)

    @operation("GET", _SUB + _ENDPOINT + "/creationScripts", returns="task")
    async def creation_script(
        self, subscription_id: int, psc_service_id: int, endpoint_id: int
    ) -> PscScript:
        """The gcloud/PowerShell script (and Terraform inputs) that create the endpoint."""
        return await self._script(subscription_id, None, psc_service_id, endpoint_id, "creation")

    @operation("GET", _SUB + _ENDPOINT + "/deletionScripts", returns="task")
    async def deletion_script(
        self, subscription_id: int, psc_service_id: int, endpoint_id: int
    ) -> PscScript:
        """The gcloud/PowerShell script that deletes the endpoint's forwarding rules."""
        return await self._script(subscription_id, None, psc_service_id, endpoint_id, "deletion")

    # -- Active-Active regions ------------------------------------------------------------------
    @operation("GET", _REGION, returns="task")
    async def get_for_region(self, subscription_id: int, region_id: int) -> PscService:
        """An Active-Active region's PSC service."""
        return await self._get_via_task(_path(subscription_id, region_id), PscService)

    @operation("POST", _REGION, returns="task")
    async def create_for_region(self, subscription_id: int, region_id: int) -> TaskHandle:
        """Set up PSC for one region of a Google Cloud Active-Active subscription."""
        return await self._change("POST", subscription_id, region_id)

    @operation("DELETE", _REGION, returns="task")
    async def delete_for_region(
        self, subscription_id: int, region_id: int, *, confirm: bool = False
    ) -> TaskHandle:
        """Remove an Active-Active region's PSC service. Needs confirm=True."""
        self._require_confirmation(confirm, "removing Private Service Connect")
        return await self._change("DELETE", subscription_id, region_id)

    @operation("GET", _REGION + _SERVICE, returns="task")
    async def list_endpoints_for_region(
        self, subscription_id: int, region_id: int, psc_service_id: int
    ) -> list[PscEndpoint]:
        """The endpoints registered on an Active-Active region's PSC service."""
        return await self._endpoints(subscription_id, region_id, psc_service_id)

    @operation("POST", _REGION + _SERVICE, returns="task")
    async def create_endpoint_for_region(
        self,
        subscription_id: int,
        region_id: int,
        psc_service_id: int,
        spec: PscEndpointCreateSpec,
    ) -> TaskHandle:
        """Register an endpoint on an Active-Active region's PSC service."""
        return await self._change("POST", subscription_id, region_id, psc_service_id, spec=spec)

    @operation("POST", _REGION + _ENDPOINT, returns="task")
    async def register_endpoint_for_region(
        self,
        subscription_id: int,
        region_id: int,
        psc_service_id: int,
        spec: PscEndpointCreateSpec,
    ) -> TaskHandle:
        """Register a region's endpoint (the guide's form of `create_endpoint_for_region`).

        The guide's ``POST .../endpoints/{endpointId}``; sends the published
        ``POST .../{pscServiceId}``, and the server assigns the endpoint id.
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
        return await self._change(
            "PUT", subscription_id, region_id, psc_service_id, endpoint_id, spec
        )

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
        return await self._change("DELETE", subscription_id, region_id, psc_service_id, endpoint_id)

    @operation("GET", _REGION + _ENDPOINT + "/creationScripts", returns="task")
    async def creation_script_for_region(
        self, subscription_id: int, region_id: int, psc_service_id: int, endpoint_id: int
    ) -> PscScript:
        """The script that creates an Active-Active region's endpoint."""
        return await self._script(
            subscription_id, region_id, psc_service_id, endpoint_id, "creation"
        )

    @operation("GET", _REGION + _ENDPOINT + "/deletionScripts", returns="task")
    async def deletion_script_for_region(
        self, subscription_id: int, region_id: int, psc_service_id: int, endpoint_id: int
    ) -> PscScript:
        """The script that deletes an Active-Active region's endpoint."""
        return await self._script(
            subscription_id, region_id, psc_service_id, endpoint_id, "deletion"
        )
