"""Calling any catalogued operation's method with valid arguments, and seeing what it sends.

`Calls` finds the method of an `Operation` on a client and builds arguments a request
can be sent with: ids 1, a valid spec (`spec_catalogue`), confirmations, plausible
names; `Recorder` is a mock server that records each request and refuses it (400), so
a method stops right after its first request.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Mapping
from typing import Any

from redis_cloud_async import AsyncClient, RetryPolicy
from redis_cloud_async._catalogue import Operation
from redis_cloud_async._http import httpx
from tests.helpers.spec_catalogue import _namespaces, build, spec_methods

#: Values of the plain (non-id, non-spec) parameters that have no default.
PLAIN = {
    "principal": "123456789012",
    "target_redis_version": "7.4",
    "key": "team",
    "value": "core",
    "endpoint_ids": ["vpce-0abc123def456789"],
    "regions": ["us-east-1"],
}


class Recorder:
    """A mock server: records every request and answers it 400 (a Spring error body)."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        body = {"timestamp": "t", "status": 400, "error": "Bad Request", "message": "refused"}
        return httpx.Response(400, json={**body, "path": request.url.path})


def recording_client(recorder: Recorder) -> AsyncClient:
    return AsyncClient(
        "key-0123456789",
        "secret-0123456789",
        transport=httpx.MockTransport(recorder),
        retry=RetryPolicy(attempts=1, timeout=30, backoff_initial=0, backoff_max=0),
    )


class Calls:
    """The methods of one client's catalogued operations, and arguments to call them."""

    def __init__(self, client: AsyncClient) -> None:
        found = list(_namespaces(client))
        self._by_class = {type(ns).__qualname__: (path, ns) for path, ns in found}
        self._specs = {m.path: m for m in spec_methods()}

    def method(self, op: Operation) -> Callable[..., Any]:
        owner, name = op.qualname.split(".")
        return getattr(self._by_class[owner][1], name)  # type: ignore[no-any-return]

    def arguments(self, op: Operation, **overrides: Any) -> dict[str, Any]:
        """Valid arguments for `op`'s method (required ones, and `regions`), `overrides` last."""
        owner, name = op.qualname.split(".")
        spec = self._specs.get(f"{self._by_class[owner][0]}.{name}")
        args: dict[str, Any] = {}
        for parameter in inspect.signature(self.method(op)).parameters.values():
            if spec is not None and parameter.name == spec.parameter:
                made = build(spec.specs[0].__name__)
                args[parameter.name] = [made] if spec.sequence else made
            elif parameter.name == "confirm":
                args[parameter.name] = True
            elif parameter.name in PLAIN:
                args[parameter.name] = PLAIN[parameter.name]
            elif parameter.default is inspect.Parameter.empty:
                args[parameter.name] = "x" if parameter.annotation == "str" else 1
        return {**args, **overrides}

    async def call(self, op: Operation, **overrides: Any) -> None:
        """Call `op`'s method and run it to its end (an async iterator is drained)."""
        result = self.method(op)(**self.arguments(op, **overrides))
        if inspect.isawaitable(result):
            await result
        else:
            async for _ in result:
                pass


def matches(template: str, path: str) -> bool:
    """Whether a sent path (after ``/v1``) is the template with one segment per id."""
    pattern = re.sub(r"\\\{\w+\\\}", "[^/?#]+", re.escape(template))
    return re.fullmatch(pattern, path) is not None


def query_of(request: httpx.Request) -> Mapping[str, str]:
    return dict(request.url.params)
