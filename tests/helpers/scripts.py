"""The commands of `scripts/`, imported from their files for the tests that check them.

`scripts/` is a folder of commands, not a package: each is loaded here once.
"""

from __future__ import annotations

import functools
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"


@functools.cache
def load_script(name: str) -> ModuleType:
    """The module of ``scripts/<name>.py``, registered under `name`."""
    spec = importlib.util.spec_from_file_location(name, SCRIPTS / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # what the module's classes name as their module
    spec.loader.exec_module(module)
    return module
