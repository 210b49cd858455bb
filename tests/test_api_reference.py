"""docs/api-reference.md is what scripts/gen_api_reference.py writes today."""

from __future__ import annotations

from pathlib import Path

from tests.helpers.api_reference import reference_script


def test_the_committed_page_is_up_to_date() -> None:
    reference = reference_script()
    page: Path = reference.PAGE
    assert page.exists(), f"{page} is missing: run {reference.COMMAND}"
    assert page.read_text(encoding="utf-8") == reference.render(), (
        f"{page} is stale (a method, its signature or its docstring changed): "
        f"run {reference.COMMAND}"
    )


def test_the_page_lists_every_operation_once() -> None:
    from redis_cloud_async._catalogue import catalogue

    page = reference_script().render()
    for op in catalogue():
        assert page.count(f"\n  `{op.method} {op.path}` · ") == 1, f"{op.method} {op.path}"
