"""A simulator in another process, reached in lockstep: in-process timing, own memory.

`LockstepTransport` hands each request to a simulator subprocess over a pipe and blocks
until the answer is back, so the contender's event loop does not run meanwhile, exactly
as with the in-process ASGI transport. The simulator takes its time from the request
(the contender's loop time), so the contender may run on a virtual clock
(`benchmarks.fakeclock`): hours of polling take the CPU they need, not the hours, and
every poller keeps its schedule whatever the machine's load. The contender's process
holds only the contender (this module imports nothing of the simulator), so its CPU
time and peak memory are its own. The other end is `benchmarks.serve --lockstep`.
"""

from __future__ import annotations

import asyncio
import io
import json
import struct
import subprocess
from collections.abc import Sequence
from typing import IO, Any

import httpx

from benchmarks.wire import ROOT, ServerView, module_command, module_env

__all__ = ["LockstepTransport", "read_frame", "write_frame"]

_LENGTHS = struct.Struct("!II")


def write_frame(stream: IO[bytes], header: Any, body: bytes) -> None:
    """One message: a JSON header and a body, each preceded by its length."""
    raw = json.dumps(header).encode()
    stream.write(_LENGTHS.pack(len(raw), len(body)) + raw + body)
    stream.flush()


def read_frame(stream: IO[bytes]) -> tuple[Any, bytes] | None:
    """The next message, or None at the end of the stream."""
    lengths = stream.read(_LENGTHS.size)
    if len(lengths) < _LENGTHS.size:
        return None
    header_size, body_size = _LENGTHS.unpack(lengths)
    header = json.loads(stream.read(header_size))
    return header, stream.read(body_size)


class LockstepTransport(httpx.AsyncBaseTransport):
    """Requests answered by a simulator subprocess while this event loop waits.

    `arguments` are the simulator's settings (`SimulatorSettings.arguments()`). Clients
    using the transport may come and go; the simulator stays until `view()`/`close()`.
    """

    def __init__(self, arguments: Sequence[str]) -> None:
        self._process = subprocess.Popen(
            module_command("benchmarks.serve", "--lockstep", *arguments),
            cwd=ROOT,
            env=module_env(),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        assert self._process.stdin is not None
        assert self._process.stdout is not None
        header = {
            "method": request.method,
            "url": str(request.url),
            "headers": [[k.decode("latin-1"), v.decode("latin-1")] for k, v in request.headers.raw],
            "now": asyncio.get_running_loop().time(),
        }
        write_frame(self._process.stdin, header, await request.aread())
        answer = read_frame(self._process.stdout)
        if answer is None:
            raise httpx.RemoteProtocolError("the simulator subprocess ended", request=request)
        head, content = answer
        return httpx.Response(head["status"], headers=head["headers"], content=content)

    async def aclose(self) -> None:
        """Nothing: the simulator outlives the clients (see `close`)."""

    def view(self) -> ServerView:
        """End the simulator and return what it saw."""
        out, _ = self._process.communicate(timeout=60)
        frame = read_frame(io.BytesIO(out))
        if frame is None:
            raise RuntimeError("the simulator subprocess ended without its stats")
        return ServerView.from_json(frame[0])

    def close(self) -> None:
        if self._process.poll() is None:
            self._process.kill()
            self._process.wait()
