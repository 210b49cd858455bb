"""The README's code blocks, as `scripts/readme_snippets.py` finds them."""

from __future__ import annotations

from types import ModuleType

from tests.helpers.scripts import load_script


def readme_script() -> ModuleType:
    """The module: `python_snippets()`, `project_files()`, `write()`, `Snippet`."""
    return load_script("readme_snippets")
