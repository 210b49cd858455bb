"""Every public method of every `AsyncClient` namespace is called in the typing modules.

`test_public_api_typing*.py` are what mypy --strict checks against the public API; a
method added to a namespace without a typed call there fails this test, so that check
keeps up.
"""

from __future__ import annotations

import ast
from pathlib import Path

from tests.helpers.api_reference import reference_script

TYPING_MODULES = sorted(Path(__file__).parent.glob("test_public_api_typing*.py"))

#: The namespaces of the issue "Every operation of the API, typed and tested".
EXPECTED_NAMESPACES = [
    "client.subscriptions",
    "client.databases",
    "client.tasks",
    "client.active_active",
    "client.essentials.plans",
    "client.essentials.subscriptions",
    "client.essentials.databases",
    "client.connectivity.vpc_peering",
    "client.connectivity.private_link",
    "client.connectivity.transit_gateway",
    "client.connectivity.private_service_connect",
    "client.acl.redis_rules",
    "client.acl.roles",
    "client.acl.users",
    "client.cloud_accounts",
    "client.users",
    "client.account",
    "client.cost_reports",
]


def _called() -> set[str]:
    """What the typing modules call, spelled as written (``client.tasks.wait``...)."""
    trees = [ast.parse(module.read_text(encoding="utf-8")) for module in TYPING_MODULES]
    return {
        ast.unparse(node.func)
        for tree in trees
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
    }


def test_the_walk_finds_every_namespace() -> None:
    reference = reference_script()
    found = reference.namespaces()
    assert list(found) == EXPECTED_NAMESPACES
    empty = [path for path, cls in found.items() if not reference.public_methods(cls)]
    assert not empty, f"namespaces without a public method: {empty}"


def test_every_public_method_has_a_typed_call() -> None:
    called = _called()
    reference = reference_script()
    methods = [
        f"{path}.{name}"
        for path, cls in reference.namespaces().items()
        for name in reference.public_methods(cls)
    ]
    assert len(methods) > 165
    missing = [method for method in methods if method not in called]
    assert not missing, (
        f"{len(missing)} public methods are not called in test_public_api_typing*.py: add "
        f"a call with typed arguments and an annotated result for each: {missing}"
    )
