"""Everything the simulator needs from httpx, in one place.

A broken connection is the response start followed by `SimulatedDisconnect`. In-process,
httpx's ASGITransport re-raises it to the client as it is (an ``httpx.TransportError``);
under uvicorn, an exception after the response started makes the server abort the
connection, and the client sees a ``RemoteProtocolError`` of its own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import httpx

if TYPE_CHECKING:
    from starlette.types import ASGIApp


class SimulatedDisconnect(httpx.RemoteProtocolError):
    """The simulator broke the connection on purpose (a seeded fault)."""


def asgi_transport(app: ASGIApp) -> httpx.ASGITransport:
    """An in-process transport to the simulator (no sockets)."""
    return httpx.ASGITransport(app=app)
