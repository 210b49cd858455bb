"""`client.connectivity.private_link`: AWS PrivateLink, single-region and per AA region."""

from __future__ import annotations

from collections.abc import Iterable

from .._errors import ValidationError
from .._handle import TaskHandle
from .._permits import Lane
from ..models._base import Spec
from ..models.private_link import (
    PrivateLinkConfig,
    PrivateLinkCreateSpec,
    PrivateLinkDisassociateSpec,
    PrivateLinkEndpointScript,
    PrivateLinkPrincipalRemoveSpec,
    PrivateLinkPrincipalSpec,
)
from ._base import Resource
from ._operation import operation

__all__ = ["PrivateLink"]

_SUB = "/subscriptions/{subscriptionId}/private-link"
_REGION = "/subscriptions/{subscriptionId}/regions/{regionId}/private-link"


def _path(subscription_id: int, region_id: int | None, tail: str = "") -> str:
    base = f"/subscriptions/{int(subscription_id)}"
    if region_id is not None:
        base += f"/regions/{int(region_id)}"
    return f"{base}/private-link{tail}"


class PrivateLink(Resource):
    """AWS PrivateLink, single-region and per Active-Active region.

    A PrivateLink is created with its first principal (an AWS account, IAM user or role,
    organization...); every principal must be removed before the PrivateLink itself can
    be deleted. Reads are asynchronous on the server: these methods wait for the task and
    return its data. Active-Active subscriptions use the ``*_for_region`` methods.
    """

    # -- shared steps ----------------------------------------------------------------------
    async def _change(
        self,
        method: str,
        subscription_id: int,
        region_id: int | None,
        tail: str = "",
        spec: Spec | None = None,
    ) -> TaskHandle:
        sid = int(subscription_id)
        return await self._write(method, _path(sid, region_id, tail), spec, lane=Lane("pro", sid))

    async def _remove_principal(
        self, subscription_id: int, region_id: int | None, principal: str, confirm: bool
    ) -> TaskHandle:
        self._require_confirmation(confirm, "removing a PrivateLink principal")
        spec = PrivateLinkPrincipalRemoveSpec(principal=principal)
        return await self._change("DELETE", subscription_id, region_id, "/principals", spec)

    async def _disassociate(
        self,
        subscription_id: int,
        region_id: int | None,
        spec: PrivateLinkDisassociateSpec,
        confirm: bool,
    ) -> TaskHandle:
        self._require_confirmation(confirm, "disassociating PrivateLink connections")
        return await self._change(
            "POST", subscription_id, region_id, "/connections/disassociate", spec
        )

    async def _disassociate_endpoints(
        self,
        subscription_id: int,
        region_id: int | None,
        endpoint_ids: Iterable[str],
        confirm: bool,
    ) -> TaskHandle:
        self._require_confirmation(confirm, "disassociating PrivateLink connections")
        wanted = list(endpoint_ids)
        if not wanted:
            raise ValidationError("endpoint_ids", "needs at least 1 VPC endpoint id")
        link = await self._get_via_task(_path(subscription_id, region_id), PrivateLinkConfig)
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
        return await self._disassociate(subscription_id, region_id, spec, confirm)

    # -- single-region subscriptions ---------------------------------------------------------
    @operation("GET", _SUB, returns="task")
    async def get(self, subscription_id: int) -> PrivateLinkConfig:
        """The subscription's PrivateLink: share, principals, connections and databases.

        Raises `TaskFailedError` (``PRIVATE_LINK_NOT_FOUND``) when none is configured.
        """
        return await self._get_via_task(_path(subscription_id, None), PrivateLinkConfig)

    @operation("POST", _SUB, returns="task")
    async def create(self, subscription_id: int, spec: PrivateLinkCreateSpec) -> TaskHandle:
        """Create the subscription's PrivateLink: a resource share and its first principal."""
        return await self._change("POST", subscription_id, None, spec=spec)

    @operation("DELETE", _SUB, returns="task")
    async def delete(self, subscription_id: int, *, confirm: bool = False) -> TaskHandle:
        """Delete the subscription's PrivateLink (remove its principals first).

        Needs confirm=True.
        """
        self._require_confirmation(confirm, "deleting a PrivateLink")
        return await self._change("DELETE", subscription_id, None)

    @operation("POST", _SUB + "/principals", returns="task")
    async def add_principal(
        self, subscription_id: int, spec: PrivateLinkPrincipalSpec
    ) -> TaskHandle:
        """Share the PrivateLink with one more AWS principal."""
        return await self._change("POST", subscription_id, None, "/principals", spec)

    @operation("DELETE", _SUB + "/principals", returns="task")
    async def remove_principal(
        self, subscription_id: int, principal: str, *, confirm: bool = False
    ) -> TaskHandle:
        """Stop sharing the PrivateLink with a principal (account id or ARN). Needs confirm=True."""
        return await self._remove_principal(subscription_id, None, principal, confirm)

    @operation("GET", _SUB + "/endpoint-script", returns="task")
    async def endpoint_script(self, subscription_id: int) -> PrivateLinkEndpointScript:
        """The script that creates the VPC endpoints on the principal's side."""
        path = _path(subscription_id, None, "/endpoint-script")
        return await self._get_via_task(path, PrivateLinkEndpointScript)

    @operation("POST", _SUB + "/connections/disassociate", returns="task")
    async def disassociate(
        self, subscription_id: int, spec: PrivateLinkDisassociateSpec, *, confirm: bool = False
    ) -> TaskHandle:
        """Disconnect VPC endpoint connections from the PrivateLink. Needs confirm=True.

        Build the spec from what `get` reports: ``PrivateLinkDisassociateSpec.of(conns)``.
        """
        return await self._disassociate(subscription_id, None, spec, confirm)

    @operation("PUT", _SUB + "/connections/disassociate", returns="task")
    async def disassociate_endpoints(
        self, subscription_id: int, endpoint_ids: Iterable[str], *, confirm: bool = False
    ) -> TaskHandle:
        """Disconnect connections by VPC endpoint id (the guide's form). Needs confirm=True.

        Looks the connections up, then sends the published ``POST`` disassociation; an id
        that matches no connection raises `ValidationError` before any write is sent.
        """
        return await self._disassociate_endpoints(subscription_id, None, endpoint_ids, confirm)

    # -- Active-Active regions ------------------------------------------------------------------
    @operation("GET", _REGION, returns="task")
    async def get_for_region(self, subscription_id: int, region_id: int) -> PrivateLinkConfig:
        """An Active-Active region's PrivateLink: share, principals, connections, databases."""
        return await self._get_via_task(_path(subscription_id, region_id), PrivateLinkConfig)

    @operation("POST", _REGION, returns="task")
    async def create_for_region(
        self, subscription_id: int, region_id: int, spec: PrivateLinkCreateSpec
    ) -> TaskHandle:
        """Create an Active-Active region's PrivateLink with its first principal."""
        return await self._change("POST", subscription_id, region_id, spec=spec)

    @operation("DELETE", _REGION, returns="task")
    async def delete_for_region(
        self, subscription_id: int, region_id: int, *, confirm: bool = False
    ) -> TaskHandle:
        """Delete an Active-Active region's PrivateLink. Needs confirm=True."""
        self._require_confirmation(confirm, "deleting a PrivateLink")
        return await self._change("DELETE", subscription_id, region_id)

    @operation("POST", _REGION + "/principals", returns="task")
    async def add_principal_for_region(
        self, subscription_id: int, region_id: int, spec: PrivateLinkPrincipalSpec
    ) -> TaskHandle:
        """Share an Active-Active region's PrivateLink with one more AWS principal."""
        return await self._change("POST", subscription_id, region_id, "/principals", spec)

    @operation("DELETE", _REGION + "/principals", returns="task")
    async def remove_principal_for_region(
        self, subscription_id: int, region_id: int, principal: str, *, confirm: bool = False
    ) -> TaskHandle:
        """Stop sharing a region's PrivateLink with a principal. Needs confirm=True."""
        return await self._remove_principal(subscription_id, region_id, principal, confirm)

    @operation("GET", _REGION + "/endpoint-script", returns="task")
    async def endpoint_script_for_region(
        self, subscription_id: int, region_id: int
    ) -> PrivateLinkEndpointScript:
        """The script that creates the VPC endpoints for an Active-Active region."""
        path = _path(subscription_id, region_id, "/endpoint-script")
        return await self._get_via_task(path, PrivateLinkEndpointScript)

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
        return await self._disassociate(subscription_id, region_id, spec, confirm)

    @operation("PUT", _REGION + "/connections/disassociate", returns="task")
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
        return await self._disassociate_endpoints(subscription_id, region_id, endpoint_ids, confirm)
