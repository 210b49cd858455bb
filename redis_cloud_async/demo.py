"""The demo's entry point: ``python -m redis_cloud_async.demo [--speed 900] [--plain]``.

The demo itself is part of the command line (`redis-cloud demo`): see
`redis_cloud_async.cli._demo`.
"""

from .cli._demo import main, run_demo

__all__ = ["main", "run_demo"]

if __name__ == "__main__":
    from .cli import with_manners

    raise SystemExit(with_manners(lambda _: main()))
