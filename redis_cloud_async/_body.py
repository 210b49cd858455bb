"""Reading an answer's body: streamed, decompressed by us, and cut at a size cap.

httpx inflates a compressed body whole before anyone can look at its size: a 0.4 MB gzip
answer becomes hundreds of megabytes in memory. Here the raw bytes are read as they come
and inflated with a bound on the output, so that reading stops as soon as the body
passes the cap, compressed or not. The client asks only for the encodings read here
(`ACCEPT_ENCODING`); an answer in any other is refused.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterator

from ._http import httpx

__all__ = ["ACCEPT_ENCODING", "BodyError", "read_body"]

#: What the client accepts: the encodings `read_body` can inflate with a bound.
ACCEPT_ENCODING = "gzip, deflate"

_WBITS = {"gzip": 16 + zlib.MAX_WBITS, "x-gzip": 16 + zlib.MAX_WBITS, "deflate": zlib.MAX_WBITS}


class BodyError(Exception):
    """The body is larger than the cap, or not readable (an unknown or corrupt encoding).

    Its message says which, with sizes only: never a byte of the body.
    """


class _TooLarge(Exception):
    """More decoded bytes than the room left."""


#: Inflate at most this much at a time: the pieces are kept, never a copy of them all.
_STEP = 1024 * 1024


class _Inflater:
    """Inflates one encoding's stream a step at a time, never past the room it is given."""

    def __init__(self, encoding: str) -> None:
        self._encoding = encoding
        self._zlib = zlib.decompressobj(_WBITS[encoding])
        self._first = True

    def inflate(self, data: bytes, room: int) -> Iterator[bytes]:
        """The pieces `data` inflates to; more than `room` bytes in all is `_TooLarge`."""
        while data:
            try:
                piece = self._zlib.decompress(data, _STEP)
            except zlib.error:
                if not (self._first and self._encoding == "deflate"):
                    raise BodyError(f"the {self._encoding} body is corrupt") from None
                # "deflate" is zlib-wrapped by the standard, raw deflate by some servers.
                self._zlib = zlib.decompressobj(-zlib.MAX_WBITS)
                self._first = False
                continue
            self._first = False
            room -= len(piece)
            if room < 0:
                raise _TooLarge
            yield piece
            data = self._zlib.unconsumed_tail


def _identity(data: bytes, room: int) -> Iterator[bytes]:
    if len(data) > room:
        raise _TooLarge
    yield data


async def read_body(response: httpx.Response, limit: int) -> bytes:
    """The body of a streamed `response`, decoded from its `content-encoding`.

    Stops reading (and closes the stream) once more than `limit` decoded bytes came:
    then `BodyError` saying the body is larger than `limit`.
    """
    if response.is_stream_consumed:  # read already (a mock transport's answer): decoded
        content = response.content
        if len(content) > limit:
            raise BodyError(f"the answer is larger than {limit} bytes")
        return content
    encoding = response.headers.get("content-encoding", "identity").strip().lower()
    decode: Callable[[bytes, int], Iterator[bytes]]
    if encoding in ("", "identity"):
        decode = _identity
    elif encoding in _WBITS:
        decode = _Inflater(encoding).inflate
    else:
        await response.aclose()
        raise BodyError(f"the answer's content-encoding {encoding[:40]!r} is not supported")
    parts: list[bytes] = []
    size = 0
    try:
        async for chunk in response.aiter_raw():
            try:
                for part in decode(chunk, limit - size):
                    size += len(part)
                    parts.append(part)
            except _TooLarge:
                raise BodyError(f"the answer is larger than {limit} bytes") from None
    finally:
        await response.aclose()
    return parts[0] if len(parts) == 1 else b"".join(parts)
