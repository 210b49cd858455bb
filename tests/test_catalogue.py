"""The package's catalogue of operations against the published list of 165."""

from __future__ import annotations

import csv
from pathlib import Path

from redis_cloud_async._catalogue import catalogue
from redis_cloud_async.testing.routes import all_routes
from tests.helpers.ci import unavailable

OPERATIONS_TSV = Path(__file__).resolve().parents[1].parent / "shared/reference/operations.tsv"


def published_operations() -> set[tuple[str, str]]:
    if not OPERATIONS_TSV.exists():
        unavailable(f"{OPERATIONS_TSV} is not present")
    with OPERATIONS_TSV.open(newline="") as f:
        return {(row["method"], row["path"]) for row in csv.DictReader(f, delimiter="\t")}


def test_every_published_operation_has_a_method() -> None:
    expected = published_operations()
    served = {op.key for op in catalogue()}
    missing = sorted(expected - served)
    unknown = sorted(served - expected)
    assert not missing, f"{len(missing)} operations without a method: {missing}"
    assert not unknown, f"catalogued operations that are not published: {unknown}"
    assert len(expected) == 165


def test_each_operation_is_served_by_exactly_one_method() -> None:
    keys = [op.key for op in catalogue()]
    assert len(keys) == len(set(keys))
    assert all(op.summary for op in catalogue()), "every method needs a docstring"


def test_the_simulator_answers_every_published_operation() -> None:
    expected = published_operations()
    routes = {(route.method, route.template) for route in all_routes()}
    assert sorted(expected - routes) == []
