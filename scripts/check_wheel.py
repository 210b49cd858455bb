"""Check the built wheel as a user gets it: in a clean virtualenv, outside the repository.

1. Installed bare (no extra) beside pytest, it does not disturb pytest: its plugin loads
   (it imports nothing optional) and a one-test project passes.
2. With the extras a user of the README picks (``[testing]``, pytest-asyncio, mypy), the
   README's example project (its ``# file:`` blocks, `readme_snippets.py`) passes its
   tests, and ``mypy`` (strict, from its pyproject) passes on its code and tests.

pip's cache is reused: a few seconds when it is warm.

    .venv/bin/python scripts/check_wheel.py
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
import venv
from pathlib import Path

import readme_snippets

ROOT = Path(__file__).resolve().parents[1]
#: Every step is bounded (an install may download on a cold cache).
STEP_TIMEOUT = 600
#: A user's environment: none of this repository's settings or credentials.
_DROPPED = (
    "PYTHONPATH",
    "REDIS_API_KEY",
    "REDIS_API_SECRET",
    "REDISCLOUD_ACCESS_KEY",
    "REDISCLOUD_SECRET_KEY",
    "REDIS_CLOUD_BASE_URL",
    "REDIS_CLOUD_ASYNC_SENTINELS",
)

BARE_TEST = """\
def test_the_client_imports_beside_a_plugin_that_loaded(pytestconfig):
    import redis_cloud_async

    assert redis_cloud_async.AsyncClient
    assert pytestconfig.pluginmanager.has_plugin("redis_cloud_async")
"""


def run(command: list[str], cwd: Path) -> str:
    """Run a step; on failure, print what it said and stop."""
    env = {k: v for k, v in os.environ.items() if k not in _DROPPED}
    done = subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, timeout=STEP_TIMEOUT
    )
    if done.returncode != 0:
        print(f"FAILED ({done.returncode}): {' '.join(command)}\n{done.stdout}{done.stderr}")
        raise SystemExit(1)
    return done.stdout


def main() -> int:
    began = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="redis-cloud-async-wheel-") as tmp:
        work = Path(tmp)
        run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", tmp, "."], ROOT)
        [wheel] = work.glob("redis_cloud_async-*.whl")
        venv.create(work / "venv", with_pip=False)
        python = str(work / "venv" / "bin" / "python")
        pip = [sys.executable, "-m", "pip", "--python", python, "install", "--quiet"]

        bare = work / "bare"
        bare.mkdir()
        (bare / "test_bare.py").write_text(BARE_TEST, encoding="utf-8")
        run([*pip, str(wheel), "pytest"], work)
        print(run([python, "-m", "pytest", "-q", "-p", "no:cacheprovider"], bare).splitlines()[-1])

        project = work / "project"
        readme_snippets.write(readme_snippets.project_files(), project)
        run([*pip, f"{wheel}[testing]", "pytest-asyncio", "mypy"], work)
        tests = run([python, "-m", "pytest", "-q", "-p", "no:cacheprovider"], project)
        print(tests.splitlines()[-1])
        print(run([python, "-m", "mypy", "provision.py", "tests"], project).strip())
    print(f"wheel check passed in {time.monotonic() - began:.1f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
