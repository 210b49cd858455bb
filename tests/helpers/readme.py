"""The README's code blocks (`scripts/readme_snippets.py`), imported from its file.

`scripts/` is a folder of commands, not a package: the tests load the script here, once.
"""

from __future__ import annotations

import functools
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "readme_snippets.py"


@functools.cache
def readme_script() -> ModuleType:
    """The module: `python_snippets()`, `project_files()`, `write()`, `Snippet`."""
    spec = importlib.util.spec_from_file_location("readme_snippets", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # attrs classes need their module importable
    spec.loader.exec_module(module)
    return module
