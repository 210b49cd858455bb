"""`mock_redis_cloud()`: the real service replaced by one simulator, like moto's `mock_aws()`.

Application code that builds its own `AsyncClient()` needs no change to be tested:
inside the mock, every client built with the default base URL (none given, or
`DEFAULT_BASE_URL`) and no transport of its own talks in-process to one
`FakeRedisCloud`, on its clock; nothing goes over the network. A client given no keys
uses the environment's (the mock's simulator accepts them when it was built from
them), else the simulator's own.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from types import TracebackType
from typing import Any, ParamSpec, TypeVar, overload

from .._auth import resolve_credentials
from .._errors import ConfigurationError
from .._redirect import Redirect, pop_redirect, push_redirect
from ._fake import FakeRedisCloud

__all__ = ["MockRedisCloud", "mock_redis_cloud"]

P = ParamSpec("P")
R = TypeVar("R")


class MockRedisCloud:
    """The mock: a context manager (``with`` or ``async with``, yielding its
    `FakeRedisCloud`) and a decorator of sync and async functions (a fresh simulator per
    call, unless one was given)."""

    def __init__(self, fake: FakeRedisCloud | None, options: dict[str, Any]) -> None:
        if fake is not None and options:
            raise TypeError("pass either a FakeRedisCloud or its options, not both")
        self._given = fake
        self._options = options
        self._active: list[tuple[FakeRedisCloud, Redirect]] = []

    @property
    def fake(self) -> FakeRedisCloud:
        """The simulator of the innermost active use of this mock."""
        if not self._active:
            raise RuntimeError("mock_redis_cloud() is not active")
        return self._active[-1][0]

    def start(self) -> FakeRedisCloud:
        """Begin routing clients to the simulator (what ``with`` does); returns it."""
        use = self._begin()
        self._active.append(use)
        return use[0]

    def stop(self) -> None:
        """End the latest `start()`: clients built from now on go where they say."""
        if self._active:
            self._end(self._active.pop())

    def _begin(self) -> tuple[FakeRedisCloud, Redirect]:
        fake = self._given or FakeRedisCloud(**{**_environment_keys(), **self._options})
        redirect = fake.redirect()
        push_redirect(redirect)
        return fake, redirect

    @staticmethod
    def _end(use: tuple[FakeRedisCloud, Redirect]) -> None:
        pop_redirect(use[1])

    def __enter__(self) -> FakeRedisCloud:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    async def __aenter__(self) -> FakeRedisCloud:
        return self.__enter__()

    async def __aexit__(self, *exc_info: Any) -> None:
        """As `__exit__`: nothing to await on either side."""
        self.__exit__(*exc_info)

    def __call__(self, function: Callable[P, R]) -> Callable[P, R]:
        if inspect.iscoroutinefunction(function):

            @functools.wraps(function)
            async def run_async(*args: P.args, **kwargs: P.kwargs) -> Any:
                use = self._begin()
                try:
                    return await function(*args, **kwargs)
                finally:
                    self._end(use)

            return run_async  # type: ignore[return-value]  # same signature, still async

        @functools.wraps(function)
        def run(*args: P.args, **kwargs: P.kwargs) -> R:
            use = self._begin()
            try:
                return function(*args, **kwargs)
            finally:
                self._end(use)

        return run


@overload
def mock_redis_cloud(fake: FakeRedisCloud, /) -> MockRedisCloud: ...
@overload
def mock_redis_cloud(**options: Any) -> MockRedisCloud: ...
def mock_redis_cloud(fake: FakeRedisCloud | None = None, /, **options: Any) -> MockRedisCloud:
    """Route every `AsyncClient` built for the real service to one in-process simulator.

    ::

        with mock_redis_cloud() as fake:          # or: async with; or @mock_redis_cloud()
            await provision()                     # builds AsyncClient() itself
        assert fake.stats.duplicates() == {}

    `options` are `FakeRedisCloud`'s (``speed=``, ``faults=``...); its keys default to
    the environment's (``REDIS_API_KEY``...) when they are set, so that code reading
    them reaches the simulator. Or pass a `FakeRedisCloud` to use.
    """
    return MockRedisCloud(fake, options)


def _environment_keys() -> dict[str, str]:
    """The keys a client would read from the environment, as the simulator's keys."""
    try:
        found = resolve_credentials(None, None)
    except ConfigurationError:
        return {}
    return {"api_key": found.api_key, "api_secret": found.api_secret}
