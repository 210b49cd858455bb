"""Offset/limit lists: one page walk, and the database pages' two shapes.

The API lists databases and logs a page at a time (`offset`, `limit`) and answers 404
for a page past the end: that 404 ends the walk, it is not an error.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Mapping
from typing import Any

from ._core import Requester
from ._errors import NotFoundError

__all__ = ["PAGE_SIZE", "databases_of", "walk_pages"]

#: Page size of the walks (the API's examples use 100).
PAGE_SIZE = 100


async def walk_pages(
    requester: Requester,
    path: str,
    extract: Callable[[Any], list[Any]],
    *,
    page_size: int = PAGE_SIZE,
    params: Mapping[str, Any] | None = None,
) -> AsyncIterator[Any]:
    """Every item of an offset/limit list, a page at a time; `extract` finds a page's
    items in its answer. A short page, or the 404 past the last one, ends the walk."""
    offset = 0
    while True:
        try:
            data = await requester.request(
                "GET", path, params={**(params or {}), "offset": offset, "limit": page_size}
            )
        except NotFoundError:
            return
        items = extract(data)
        for item in items:
            yield item
        if len(items) < page_size:
            return
        offset += len(items)


def databases_of(body: Any) -> list[Any]:
    """The databases of one page: Pro wraps them in a list of subscriptions,
    Essentials in a single subscription object. Accept either for both."""
    wrapper = body.get("subscription") if isinstance(body, Mapping) else None
    entries = wrapper if isinstance(wrapper, list) else [wrapper]
    databases: list[Any] = []
    for entry in entries:
        if isinstance(entry, Mapping) and isinstance(entry.get("databases"), list):
            databases.extend(entry["databases"])
    return databases
