"""The README's Redis block needs a Redis server: the shared rate budget tests' one."""

from tests.redis_budget.conftest import redis_url

__all__ = ["redis_url"]
