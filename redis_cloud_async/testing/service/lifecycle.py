"""How a resource comes and goes: its name claimed when asked for, ``pending`` ->
``active`` once made, ``deleting`` -> gone once removed.

A name is checked when the request arrives, against existing resources and the claims of
queued creates, so two creates of the same name cannot both be accepted (409), unless
the simulator was made with ``unique_names=False``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from ..engine.errors import conflict
from ..engine.simulation import Simulation
from ..engine.state import ACTIVE, DELETING, PENDING, Database, Stateful
from ..engine.tasks import Claim

T = TypeVar("T")


def ensure_name_free(
    sim: Simulation, kind: str, scope: str, name: str, existing: Iterable[str]
) -> Claim:
    """409 if the name is used, or held by a queued create; else the claim to hold it."""
    claim = Claim(kind, scope, name)
    if not sim.unique_names:
        return claim
    if name in set(existing) or any(True for _ in sim.tasks.held(kind, scope) if _ == claim):
        raise conflict(f"The name '{name}' is already in use")
    return claim


def new_name_claims(claim: Callable[[str], Claim], name: str | None, current: str) -> list[Claim]:
    """What an update that may rename holds: ``claim(name)`` (409 now if the name is
    taken) when it asks for a new name; nothing when the name is absent or unchanged."""
    return [claim(name)] if name and name != current else []


def provision(sim: Simulation, thing: Stateful, duration: str, now: float) -> None:
    """``pending`` now, ``active`` after ``duration``; databases get their activation date."""

    def activated(when: float) -> None:
        if isinstance(thing, Database) and thing.activated_at is None:
            thing.activated_at = when

    sim.transition(thing, PENDING, ACTIVE, duration, now, done=activated)


def remove_later(
    sim: Simulation,
    thing: Stateful,
    container: dict[int, T],
    key: int,
    duration: str,
    now: float,
    *,
    status: str = DELETING,
) -> None:
    """``status`` (``deleting``) now, gone (404) after ``duration``."""

    def gone(_: float) -> None:
        container.pop(key, None)

    sim.transition(thing, status, None, duration, now, done=gone)
