"""The demo, the project's main job: provisions a fleet on the simulator, then removes it."""

from __future__ import annotations

import io
import signal
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


def test_ctrl_c_ends_the_demo_without_a_traceback() -> None:
    """`./scripts/demo` runs `python -m redis_cloud_async.demo`: interrupted, it ends as
    the command line does (exit 130, a one-line message), not with a traceback."""
    with subprocess.Popen(
        [sys.executable, "-m", "redis_cloud_async.demo", "--speed", "60"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
    ) as run:
        assert run.stdout is not None
        started = next((line for line in run.stdout if "== provisioning" in line), None)
        assert started is not None, "the demo ended before it began provisioning"
        run.send_signal(signal.SIGINT)
        out, err = run.communicate(timeout=60)
    assert run.returncode == 130, err
    assert "interrupted" in err
    assert "Traceback" not in err + out
