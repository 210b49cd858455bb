"""The API reference generator (`scripts/gen_api_reference.py`), imported from its file.

`scripts/` is a folder of commands, not a package: the tests that check the page and
walk the client's namespaces load the script here, once.
"""

from __future__ import annotations

import functools
import importlib.util
from pathlib import Path
from types import ModuleType

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "gen_api_reference.py"


@functools.cache
def reference_script() -> ModuleType:
    """The generator module: `namespaces()`, `public_methods()`, `render()`, `PAGE`..."""
    spec = importlib.util.spec_from_file_location("gen_api_reference", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
