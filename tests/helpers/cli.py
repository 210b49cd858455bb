"""What the command-line tests share: the simulator's keys, a small plan, `Ran`."""

from __future__ import annotations

from collections.abc import Callable

import attrs

from redis_cloud_async.testing import FakeRedisCloud

KEY = "cli-test-key"
SECRET = "cli-test-secret-value"
CREDENTIAL_VARS = (
    "REDIS_API_KEY",
    "REDIS_API_SECRET",
    "REDISCLOUD_ACCESS_KEY",
    "REDISCLOUD_SECRET_KEY",
    "REDIS_CLOUD_BASE_URL",
)
#: A Pro subscription with one database in its create request and one made after it.
PLAN_TOML = """
[[subscriptions]]
[subscriptions.spec]
name = "cli-sub"
[[subscriptions.spec.cloud_providers]]
provider = "AWS"
[[subscriptions.spec.cloud_providers.regions]]
region = "us-east-1"
networking = { deployment_cidr = "10.0.0.0/24" }
[[subscriptions.spec.databases]]
name = "main"
dataset_size_in_gb = 1
[[subscriptions.databases]]
name = "cache"
memory_limit_in_gb = 1
data_eviction_policy = "allkeys-lru"
"""
#: Fast polling, for a simulator 18000 times faster than the service.
FAST = ("--poll-interval", "0.01")


@attrs.frozen
class Ran:
    """What one command did: its exit code and what it printed."""

    code: int
    out: str
    err: str


#: Runs the command line in-process: `run_cli("list", "tasks", ...)`.
RunCli = Callable[..., Ran]


def make_fake(speed: float = 18000, **kwargs: object) -> FakeRedisCloud:
    """A seeded simulator that accepts `KEY`/`SECRET`."""
    return FakeRedisCloud(api_key=KEY, api_secret=SECRET, speed=speed, seed=0, **kwargs)  # type: ignore[arg-type]
