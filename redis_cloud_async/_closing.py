"""`async with` for the objects that end with `aclose()`: one exit for all of them."""

from __future__ import annotations

import abc
from types import TracebackType
from typing import Self

__all__ = ["AsyncClosing"]


class AsyncClosing(abc.ABC):
    """`async with` yields the object and ends with its `aclose()`, however the block
    ends (the exception, if any, goes on)."""

    __slots__ = ()

    @abc.abstractmethod
    async def aclose(self) -> None:
        """Let go of what the object holds."""

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()
