"""The one place httpx is imported.

httpx is frozen at 0.28.1; its maintained continuation (httpx2) is not yet supported by
respx. Every module takes httpx from here, so that a later move is a one-line change.
"""

import httpx

__all__ = ["httpx"]
