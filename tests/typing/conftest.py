"""Put this folder (for `typed_helpers`) and `scripts/` (for the API reference
generator, whose `namespaces()` the coverage test walks) on the import path: the suite
imports test files in importlib mode, which adds no folder by itself."""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
for folder in (HERE, HERE.parents[1] / "scripts"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))
