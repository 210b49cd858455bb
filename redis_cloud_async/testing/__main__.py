"""Serve the simulator over HTTP: ``python -m redis_cloud_async.testing --help``.

Example::

    python -m redis_cloud_async.testing --host 127.0.0.1 --port 8765 --speed 18000 \\
        --rpm 400 --seed 0 --fault-5xx-rate 0.02 --fault-drop-rate 0.01 \\
        --fault-lost-response-rate 0.01 --task-404-window 1.0

It prints the base URL and the keys to send (``x-api-key`` / ``x-api-secret-key``), then
serves until interrupted. Loopback by default; any host may be given.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sys
from collections.abc import Sequence

from ._fake import FakeRedisCloud
from ._server import serve
from .engine.config import Faults

#: The program name in help and errors (``redis-cloud serve`` passes its own).
PROG = "python -m redis_cloud_async.testing"
#: Exit code when the server cannot start (the address is taken or refused).
CANNOT_SERVE = 3


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"a port is 0 to 65535, got {port}")
    return port


def parser(prog: str = PROG) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog=prog,
        description="An in-memory Redis Cloud API simulator, served over HTTP.",
    )
    add = p.add_argument
    add("--host", default="127.0.0.1", help="interface to bind (default: 127.0.0.1)")
    add("--port", type=_port, default=8765, help="port (0 picks a free one; default: 8765)")
    add("--speed", type=float, default=18000.0, help="how many times faster than the service")
    add("--rpm", type=int, default=400, help="requests per minute per key (default: 400)")
    add("--rate-window", type=float, default=60.0, help="rate-limit window, seconds")
    add(
        "--rate-window-kind",
        choices=("sliding", "fixed"),
        default="sliding",
        help="the rate-limit window slides, or resets at each window's start",
    )
    add("--seed", type=int, default=0, help="seed of the faults and generated data")
    add("--api-key", default="test-key", help="the accepted x-api-key")
    add("--api-secret", default="test-secret", help="the accepted x-api-secret-key")
    add("--tasks-list", choices=("recent", "running"), default="recent", help="GET /tasks lists")
    add("--fault-5xx-rate", type=float, default=0.0, help="share of 500/503 answers")
    add("--fault-drop-rate", type=float, default=0.0, help="connections dropped before acting")
    add("--fault-lost-response-rate", type=float, default=0.0, help="answers lost after acting")
    add("--task-404-window", type=float, default=0.0, help="seconds a new task id answers 404")
    add("--fault-latency", type=float, default=0.0, help="seconds added to every request")
    add("--fault-task-failure-rate", type=float, default=0.0, help="share of failing tasks")
    add("--fault-task-stuck-rate", type=float, default=0.0, help="share of never-ending tasks")
    add("--fault-burst-rate", type=float, default=0.0, help="chance a request starts 429s")
    add("--log-level", default="info", help="uvicorn log level (default: info)")
    return p


def faults_from(args: argparse.Namespace) -> Faults:
    half = args.fault_5xx_rate / 2
    return Faults(
        errors={("*", "*"): {500: half, 503: half}} if args.fault_5xx_rate else {},
        drop_rate=args.fault_drop_rate,
        lost_response_rate=args.fault_lost_response_rate,
        task_404_window=args.task_404_window,
        latency=args.fault_latency,
        task_failure_rate=args.fault_task_failure_rate,
        task_stuck_rate=args.fault_task_stuck_rate,
        burst_rate=args.fault_burst_rate,
    )


def main(argv: Sequence[str] | None = None, prog: str = PROG) -> int:
    """Serve until interrupted: 0; 2 for bad options; 3 if the address cannot be used."""
    command = parser(prog)
    args = command.parse_args(argv)
    try:
        fake = FakeRedisCloud(
            api_key=args.api_key,
            api_secret=args.api_secret,
            speed=args.speed,
            requests_per_minute=args.rpm,
            rate_window=args.rate_window,
            rate_window_kind=args.rate_window_kind,
            seed=args.seed,
            faults=faults_from(args),
            tasks_list=args.tasks_list,
        )
    except ValueError as error:
        command.error(str(error))

    def ready(url: str) -> None:
        print(f"Redis Cloud simulator serving at {url}", flush=True)
        print(f"  x-api-key: {args.api_key}", flush=True)
        print(f"  x-api-secret-key: {args.api_secret}", flush=True)

    try:
        with contextlib.suppress(KeyboardInterrupt):
            asyncio.run(
                serve(fake, host=args.host, port=args.port, log_level=args.log_level, ready=ready)
            )
    except (SystemExit, OSError):  # uvicorn exits when it cannot bind (it logged why)
        print(f"{prog}: error: cannot serve on {args.host}:{args.port}", file=sys.stderr)
        return CANNOT_SERVE
    return 0


if __name__ == "__main__":
    sys.exit(main())
