"""docs/api-reference.md is what scripts/gen_api_reference.py writes today."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "gen_api_reference.py"


def load_reference_script() -> ModuleType:
    """The generator, imported from its file (scripts/ is not a package)."""
    spec = importlib.util.spec_from_file_location("gen_api_reference", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_committed_page_is_up_to_date() -> None:
    reference = load_reference_script()
    page: Path = reference.PAGE
    assert page.exists(), f"{page} is missing: run {reference.COMMAND}"
    assert page.read_text(encoding="utf-8") == reference.render(), (
        f"{page} is stale (a method, its signature or its docstring changed): "
        f"run {reference.COMMAND}"
    )


def test_the_page_lists_every_operation_once() -> None:
    from redis_cloud_async._catalogue import catalogue

    page = load_reference_script().render()
    for op in catalogue():
        assert page.count(f"\n  `{op.method} {op.path}` · ") == 1, f"{op.method} {op.path}"
