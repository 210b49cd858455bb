"""The benchmarks' simulator process: `python -m benchmarks.serve --speed=... [--lockstep]`.

Over loopback (the default): prints ``READY <base url>``, serves on 127.0.0.1 with
uvicorn until its stdin closes, then prints ``STATS <json>`` (what it saw, a
`ServerView`) and exits. With ``--lockstep``: answers the framed requests of a
`LockstepTransport` on stdin/stdout, on the requests' clock, and ends with a frame of
stats. One route is added in front of the simulated API, for the watching benchmark:
``POST /bench/tasks?count=N`` queues N tasks that only take their time, and answers
their ids.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import threading
from collections.abc import Sequence
from typing import Any

import httpx
import uvicorn
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from benchmarks.lockstep import read_frame, write_frame
from benchmarks.simulator import SimulatorSettings, summarize
from redis_cloud_async.testing import Durations, FakeRedisCloud

__all__ = ["main"]


def _seed_tasks(fake: FakeRedisCloud, count: int) -> list[str]:
    """Queue `count` tasks straight into the account's task engine: tasks that only take
    their time (no resource changes), as many as asked, without as many requests."""
    fake.advance()
    now = asyncio.get_running_loop().time()
    return [
        fake.sim.tasks.submit(now, "databaseUpdateRequest", _no_work).task_id for _ in range(count)
    ]


def _no_work(_: Any) -> None:
    return None


class _BenchRoutes:
    """The simulator's app, with the benchmark's own route in front of it."""

    def __init__(self, fake: FakeRedisCloud) -> None:
        self._fake = fake

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"] == "/bench/tasks":
            query = dict(
                part.split("=", 1) for part in scope["query_string"].decode().split("&") if part
            )
            ids = _seed_tasks(self._fake, int(query.get("count", "0")))
            body = json.dumps({"taskIds": ids}).encode()
            headers = [(b"content-type", b"application/json")]
            await send({"type": "http.response.start", "status": 200, "headers": headers})
            await send({"type": "http.response.body", "body": body})
            return
        await self._fake.app(scope, receive, send)


async def _serve(fake: FakeRedisCloud) -> None:
    config = uvicorn.Config(
        _BenchRoutes(fake), host="127.0.0.1", port=0, log_level="warning", lifespan="off"
    )
    server = uvicorn.Server(config)
    loop = asyncio.get_running_loop()
    running = asyncio.create_task(server.serve())
    while not server.started:
        if running.done():
            await running
            return
        await asyncio.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    print(f"READY http://127.0.0.1:{port}/v1", flush=True)

    def wait_for_stdin_to_close() -> None:
        sys.stdin.read()
        loop.call_soon_threadsafe(setattr, server, "should_exit", True)

    threading.Thread(target=wait_for_stdin_to_close, daemon=True).start()
    await running
    print(f"STATS {json.dumps(summarize(fake).to_json())}", flush=True)


class _RequestClock(asyncio.SelectorEventLoop):
    """An event loop whose clock reads what the last request said (lockstep)."""

    now = 0.0

    def time(self) -> float:
        return self.now


async def _answer(app: ASGIApp, header: Any, body: bytes) -> tuple[Any, bytes]:
    """One request through the app, called directly (what `httpx.ASGITransport` does,
    without its per-request probing for trio, which costs more than the app here)."""
    url = httpx.URL(header["url"])
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": header["method"],
        "scheme": url.scheme,
        "path": url.path,
        "raw_path": url.raw_path.split(b"?")[0],
        "query_string": url.query,
        "root_path": "",
        "headers": [
            (k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in header["headers"]
        ],
        "client": ("127.0.0.1", 0),
        "server": (url.host, url.port or 80),
    }
    answer: dict[str, Any] = {"status": 500, "headers": []}
    chunks: list[bytes] = []

    async def receive() -> Message:
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: Message) -> None:
        if message["type"] == "http.response.start":
            answer["status"] = message["status"]
            answer["headers"] = [
                [k.decode("latin-1"), v.decode("latin-1")] for k, v in message.get("headers", [])
            ]
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    await app(scope, receive, send)
    return answer, b"".join(chunks)


def _lockstep(fake: FakeRedisCloud) -> None:
    loop = _RequestClock()
    asyncio.set_event_loop(loop)
    app = _BenchRoutes(fake)
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    while (frame := read_frame(stdin)) is not None:
        header, body = frame
        loop.now = max(loop.now, float(header["now"]))
        write_frame(stdout, *loop.run_until_complete(_answer(app, header, body)))

    async def stats() -> dict[str, Any]:
        return summarize(fake).to_json()

    write_frame(stdout, loop.run_until_complete(stats()), b"")
    loop.close()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.serve")
    parser.add_argument("--speed", type=float, required=True)
    parser.add_argument("--rpm", type=int, default=400)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--durations", default="{}", help="Durations fields, as JSON")
    parser.add_argument("--lockstep", action="store_true", help="serve a LockstepTransport")
    parser.add_argument("--rate-window-kind", choices=("sliding", "fixed"), default="sliding")
    args = parser.parse_args(argv)
    settings = SimulatorSettings(
        speed=args.speed,
        requests_per_minute=args.rpm,
        seed=args.seed,
        durations=Durations(**json.loads(args.durations)),
        rate_window_kind=args.rate_window_kind,
    )
    if args.lockstep:
        _lockstep(settings.fake())
    else:
        asyncio.run(_serve(settings.fake()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
