"""The API reference generator (`scripts/gen_api_reference.py`), imported from its file.

`scripts/` is a folder of commands, not a package: the tests that check the page and
walk the client's namespaces load the script here, once.
"""

from __future__ import annotations

from types import ModuleType

from tests.helpers.scripts import load_script


def reference_script() -> ModuleType:
    """The generator module: `namespaces()`, `public_methods()`, `render()`, `PAGE`..."""
    return load_script("gen_api_reference")
