"""Any answer to any public method: a result or a typed error, never another exception.

Every public coroutine (and async iterator) of every namespace is called against a
server that answers every request with generated JSON: random values, and objects built
from the API's own field names so that decoding goes deep. Fake loop time (looptime)
carries the waits and retries.
"""

from __future__ import annotations

import inspect
import os
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from redis_cloud_async import AsyncClient, PollPolicy, RedisCloudError, RetryPolicy
from redis_cloud_async._http import httpx
from tests.helpers.spec_catalogue import _namespaces, build, spec_methods

EXAMPLES = int(os.environ.get("REDIS_CLOUD_ASYNC_EXAMPLES", "5"))

#: Field names of the API's answers, so that generated objects look like them.
VOCABULARY = [
    "taskId", "commandType", "status", "description", "timestamp", "response", "links",
    "resourceId", "resource", "error", "type", "tasks", "id", "name", "subscriptions",
    "subscription", "databases", "databaseId", "accountId", "security", "password",
    "pricing", "regions", "_links", "href", "rel", "cloudDetails", "plans", "users",
    "redisRules", "roles", "cloudAccounts", "account", "peerings", "tags", "key", "value",
]  # fmt: skip
_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**40), 2**40),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=12),
    st.sampled_from(["processing-completed", "processing-error", "active", "pending"]),
)
JSON = st.recursive(
    _SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.sampled_from(VOCABULARY) | st.text(max_size=6), inner, max_size=5),
    ),
    max_leaves=12,
)
ANSWERS = st.tuples(st.sampled_from([200, 200, 202, 400, 404, 409, 500]), JSON)


def _public_methods() -> list[str]:
    client = AsyncClient("k" * 8, "s" * 8)
    return sorted(
        f"{path}.{name}"
        for path, namespace in _namespaces(client)
        for name, member in inspect.getmembers(type(namespace))
        if not name.startswith("_")
        and (inspect.iscoroutinefunction(member) or inspect.isasyncgenfunction(member))
    )


METHODS = _public_methods()
_SPEC_PARAMETERS = {m.path: m for m in spec_methods()}


def _arguments(path: str, method: Callable[..., Any]) -> dict[str, Any]:
    """Plausible arguments: ids 1, names "x", a valid spec, confirmations, short timeouts."""
    spec_method = _SPEC_PARAMETERS.get(path)
    args: dict[str, Any] = {}
    for name, parameter in inspect.signature(method).parameters.items():
        if spec_method is not None and name == spec_method.parameter:
            spec = build(spec_method.specs[0].__name__)
            args[name] = [spec] if spec_method.sequence else spec
        elif name == "confirm":
            args[name] = True
        elif name == "timeout":
            args[name] = 10.0
        elif parameter.default is not inspect.Parameter.empty:
            continue
        elif "Iterable" in str(parameter.annotation):
            args[name] = ["00000000-0000-4000-8000-000000000001"]
        else:
            args[name] = "x" if parameter.annotation == "str" else 1
    return args


class Answering:
    """A mock server answering every request with the example's (status, JSON)."""

    def __init__(self) -> None:
        self.answer: tuple[int, Any] = (200, {})

    def __call__(self, request: httpx.Request) -> httpx.Response:
        status, body = self.answer
        return httpx.Response(status, json=body)


@pytest.fixture
async def answering() -> AsyncIterator[tuple[AsyncClient, Answering]]:
    server = Answering()
    async with AsyncClient(
        "key-0123456789",
        "secret-0123456789",
        transport=httpx.MockTransport(server),
        retry=RetryPolicy(attempts=2, timeout=30, backoff_initial=1, backoff_max=2),
        poll=PollPolicy(initial=1, maximum=4, grace=2),
        task_timeout=10,
    ) as client:
        yield client, server


@pytest.mark.looptime
@pytest.mark.parametrize("path", METHODS)
@settings(
    max_examples=EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(answer=ANSWERS)
async def test_any_answer_gives_a_result_or_a_typed_error(
    path: str, answering: tuple[AsyncClient, Answering], answer: tuple[int, Any]
) -> None:
    client, server = answering
    server.answer = answer
    target: Any = client
    for part in path.split("."):
        target = getattr(target, part)
    try:
        outcome = target(**_arguments(path, target))
        if inspect.isasyncgen(outcome):
            async for _ in outcome:
                pass
        else:
            await outcome
    except RedisCloudError:
        pass
