"""The sentinel pass finds a planted secret in each place it searches, and hides it."""

from __future__ import annotations

import logging
from types import SimpleNamespace
from typing import Any

import pytest

from redis_cloud_async import ConfigurationError, RedisCloudError, ValidationError
from tests.helpers.sentinels import ENABLED, SENTINEL_KEYS, SentinelPass


@pytest.mark.skipif(ENABLED, reason="the planted secrets would fail the pass itself")
def test_the_sentinel_pass_finds_planted_secrets() -> None:
    key, secret = SENTINEL_KEYS["api_key"], SENTINEL_KEYS["api_secret"]
    plugin = SentinelPass()
    plugin.start()
    try:
        logging.getLogger("elsewhere").debug("the key is %s", key)
        ValidationError("Spec.field", "a clean error")
        ConfigurationError(f"an error that tells the secret {secret}")
        output = [("Captured stdout call", f"printed {key}")]
        report: Any = SimpleNamespace(nodeid="t", when="teardown", longreprtext="", sections=output)
        plugin.pytest_runtest_logreport(report)
    finally:
        plugin.stop()
    assert "__init__" not in vars(RedisCloudError)  # stop() undid start()
    found = {leak.split(": a ", 1)[1].split(" holds")[0] for leak in plugin.leaks}
    assert found == {"library error", "log record", "test report"}
    for leak in plugin.leaks:  # the report names the place, not the secret
        assert key not in leak
        assert secret not in leak
