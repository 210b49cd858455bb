"""The route table: (method, path template) -> handler, most literal template first.

Templates use the published document's parameter names (``/subscriptions/{subscriptionId}``),
so a route template is also the key of the operation in the document and in the stats.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

import attrs

from ..engine.errors import bad_request

if TYPE_CHECKING:
    from .call import Call, Reply

#: Path parameters that are not integers; every other one must parse as an int.
STRING_PARAMS = frozenset({"taskId", "tagKey", "costReportId"})


def _segments(path: str) -> tuple[str, ...]:
    return tuple(part for part in path.split("/") if part)


@attrs.frozen
class Route:
    method: str
    template: str
    handler: Callable[[Call], Reply] = attrs.field(eq=False, repr=False)

    @property
    def segments(self) -> tuple[str, ...]:
        return _segments(self.template)


class Routes:
    """One API area's routes, declared with decorators next to their handlers."""

    def __init__(self) -> None:
        self.items: list[Route] = []

    def add(
        self, method: str, template: str
    ) -> Callable[[Callable[[Call], Reply]], Callable[[Call], Reply]]:
        def register(handler: Callable[[Call], Reply]) -> Callable[[Call], Reply]:
            self.items.append(Route(method, template, handler))
            return handler

        return register

    def get(self, template: str) -> Callable[[Callable[[Call], Reply]], Callable[[Call], Reply]]:
        return self.add("GET", template)

    def post(self, template: str) -> Callable[[Callable[[Call], Reply]], Callable[[Call], Reply]]:
        return self.add("POST", template)

    def put(self, template: str) -> Callable[[Callable[[Call], Reply]], Callable[[Call], Reply]]:
        return self.add("PUT", template)

    def delete(self, template: str) -> Callable[[Callable[[Call], Reply]], Callable[[Call], Reply]]:
        return self.add("DELETE", template)


@attrs.frozen
class Match:
    route: Route
    raw_params: dict[str, str]

    def params(self) -> dict[str, int | str]:
        """Typed path parameters; a non-numeric id answers 400 as Spring does."""
        typed: dict[str, int | str] = {}
        for name, value in self.raw_params.items():
            if name in STRING_PARAMS:
                typed[name] = value
                continue
            try:
                typed[name] = int(value)
            except ValueError:
                raise bad_request(
                    f"Failed to convert value of type 'java.lang.String' to required type "
                    f"'java.lang.Integer'; For input string: \"{value}\""
                ) from None
        return typed


class RouteTable:
    """Every route of the simulator; answers which one a request is for."""

    def __init__(self, routes: Iterable[Route]) -> None:
        self._by_length: dict[int, list[Route]] = {}
        seen: set[tuple[str, tuple[str, ...]]] = set()
        for route in routes:
            shape = tuple("{}" if s.startswith("{") else s for s in route.segments)
            if (route.method, shape) in seen:
                raise ValueError(f"duplicate route {route.method} {route.template}")
            seen.add((route.method, shape))
            self._by_length.setdefault(len(route.segments), []).append(route)

    def routes(self) -> list[Route]:
        return [route for group in self._by_length.values() for route in group]

    def match(self, method: str, path: str) -> tuple[Match | None, list[str]]:
        """The best route for the method, and the methods the path allows at all."""
        parts = _segments(path)
        best: dict[str, tuple[int, Match]] = {}
        for route in self._by_length.get(len(parts), []):
            params: dict[str, str] = {}
            literals = 0
            for want, got in zip(route.segments, parts, strict=True):
                if want.startswith("{"):
                    params[want[1:-1]] = got
                elif want == got:
                    literals += 1
                else:
                    break
            else:
                current = best.get(route.method)
                if current is None or literals > current[0]:
                    best[route.method] = (literals, Match(route, params))
        top = max((score for score, _ in best.values()), default=-1)
        allowed = sorted(m for m, (score, _) in best.items() if score == top)
        chosen = best.get(method)
        if chosen is None or chosen[0] != top:
            return None, allowed
        return chosen[1], allowed
