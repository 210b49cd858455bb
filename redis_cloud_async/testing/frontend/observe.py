"""What observers of the simulator see: one record per request, after it is decided."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Literal

import attrs

Outcome = Literal["answered", "dropped", "lost"]


@attrs.frozen(kw_only=True)
class ObservedExchange:
    """A request and what became of it.

    ``outcome`` is ``"answered"``, ``"dropped"`` (the server did not act; no status) or
    ``"lost"`` (the server acted, the client got a transport error). ``route`` is the
    matched template (``/subscriptions/{subscriptionId}``) or None.
    """

    method: str
    path: str
    route: str | None
    status: int | None
    request_body: Any = attrs.field(repr=False)
    response_body: Any = attrs.field(repr=False)
    headers: Mapping[str, str] = attrs.field(factory=dict, repr=False)
    outcome: Outcome = "answered"


Observer = Callable[[ObservedExchange], None]
