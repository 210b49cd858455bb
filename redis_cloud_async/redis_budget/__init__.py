"""A rate budget shared across processes and machines, kept on a Redis server.

Needs redis-py (`pip install 'redis-cloud-async[redis]'`); importing `redis_cloud_async`
does not. Every process that uses the same API key builds one `RedisRateBudget` on the
same Redis and passes it to its client::

    budget = RedisRateBudget.from_url("redis://localhost:6379/0", api_key=key)
    async with budget, AsyncClient(key, secret, rate_budget=budget) as client:
        ...
"""

from __future__ import annotations

try:
    import redis.asyncio  # noqa: F401  (only to say what is missing)
except ImportError as missing:
    raise ImportError(
        "RedisRateBudget needs redis-py: pip install 'redis-cloud-async[redis]'"
    ) from missing

from ._budget import DEFAULT_PREFIX, RedisRateBudget

__all__ = ["DEFAULT_PREFIX", "RedisRateBudget"]
