"""A real Redis server for the shared rate budget's tests, started (and stopped) here.

`redis-server` comes from PATH; in CI (`CI=true`, running as root) it is installed with
apt-get when missing. Outside CI, a machine without it skips these tests; in CI that
fails them instead, so a green CI always ran them.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
import redis
from redis.asyncio import Redis

from tests.helpers.ci import IN_CI, unavailable

#: apt-get update and install are bounded; so is waiting for the server to answer.
APT_TIMEOUT = 240.0
START_TIMEOUT = 10.0
#: The items here may wait for an apt-get install in their setup.
INSTALL_ITEM_TIMEOUT = 2 * APT_TIMEOUT + 60


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Give the setup an install may need (only when redis-server is not there yet)."""
    if shutil.which("redis-server"):
        return
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.timeout(INSTALL_ITEM_TIMEOUT))


def _unavailable(reason: str) -> None:
    unavailable(f"redis-server: {reason}")


def _install() -> None:
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (["apt-get", "update"], ["apt-get", "install", "-y", "redis-server"]):
        try:
            subprocess.run(command, env=env, check=True, capture_output=True, timeout=APT_TIMEOUT)
        except (OSError, subprocess.SubprocessError) as error:
            _unavailable(f"{' '.join(command)} failed: {error}")


def find_redis_server() -> str:
    """The path of redis-server: on PATH, or installed with apt-get in CI as root."""
    found = shutil.which("redis-server")
    if found is None and IN_CI and hasattr(os, "geteuid") and os.geteuid() == 0:
        _install()
        found = shutil.which("redis-server")
    if found is None:
        _unavailable("not on PATH (install it: apt-get install -y redis-server)")
    assert found is not None
    return found


def _free_loopback_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _answers(port: int) -> bool:
    try:
        return bool(redis.Redis(host="127.0.0.1", port=port, socket_timeout=1).ping())
    except redis.RedisError:
        return False


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A throwaway redis-server on a free loopback port, without persistence."""
    binary = find_redis_server()
    port = _free_loopback_port()
    workdir = tmp_path_factory.mktemp("redis")
    command = [
        binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
        "--dir", str(workdir), "--daemonize", "no", "--loglevel", "warning",
    ]  # fmt: skip
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while not _answers(port):
            if server.poll() is not None:
                assert server.stderr is not None
                _unavailable(f"it exited: {server.stderr.read().decode(errors='replace')}")
            if time.monotonic() > deadline:
                _unavailable(f"it did not answer on port {port} within {START_TIMEOUT:g}s")
            time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        try:
            server.wait(timeout=START_TIMEOUT)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=START_TIMEOUT)
        if server.stderr is not None:
            server.stderr.close()


@pytest.fixture
async def redis_client(redis_url: str) -> AsyncIterator[Redis]:
    """A client of the test server, on an empty database."""
    client = Redis.from_url(redis_url)
    await client.flushdb()
    try:
        yield client
    finally:
        await client.aclose()
