"""What a test does when something it needs is missing: skip it, or under ``CI=true`` fail.

A green CI run has run everything: the published documents in ``/work/shared``, a
`redis-server`... A developer's machine without them skips those tests instead.
"""

from __future__ import annotations

import os
from typing import NoReturn

import pytest

IN_CI = os.environ.get("CI", "").lower() == "true"


def unavailable(reason: str, *, in_ci: bool = IN_CI) -> NoReturn:
    """Skip the test for `reason`, or fail it in CI."""
    if in_ci:
        pytest.fail(f"needed in CI (CI=true): {reason}")
    pytest.skip(reason)
