"""The demo, the project's main job: provisions a fleet on the simulator, then removes it."""

from __future__ import annotations

import io
import subprocess
import sys

from redis_cloud_async.demo import run_demo


async def test_the_demo_provisions_everything_and_cleans_up() -> None:
    out = io.StringIO()
    assert await run_demo(speed=3600, out=out, live=False) == 0
    text = out.getvalue()
    assert "provisioned: 24 items (24 created)" in text
    assert "Active-Active subscription demo-aa-000 (active): db-1, db-2, main" in text
    assert "Essentials subscription demo-essentials-000 (active): edb-0" in text
    assert "users ['demo-app']" in text
    assert "torn down: 24 items (24 deleted)" in text
    assert "account after teardown: 0 subscriptions" in text
    assert "0 429s" in text


def test_the_demo_command_prints_plain_lines_when_piped() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "redis_cloud_async.demo", "--speed", "3600"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "== provisioning" in done.stdout
    assert "\x1b[" not in done.stdout  # no terminal control codes in a file
    assert "account after teardown: 0 subscriptions" in done.stdout
