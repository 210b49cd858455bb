"""Parsing the API's JSON: the fastest parser installed, and a bound on nesting.

`orjson` (the `fast` extra, a compiled wheel) parses the answers about twice as fast as
the standard library's `json`, which is used when it is not installed; both refuse the
same malformed answers (`ValueError`). No answer of the API nests more than a few
levels: what the client keeps or hands on as plain JSON (error bodies, fields a model
does not declare) must nest at most `MAX_DEPTH` levels, so that no code walking it
(redaction, a repr) runs out of stack.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Generator, Iterator
from typing import Any

__all__ = ["MAX_DEPTH", "PARSER", "array_items", "deeper_than", "loads"]

#: How deeply nested JSON kept as is may be (the API's answers nest less than 10 levels).
MAX_DEPTH = 64

_parse: Callable[[bytes | str], Any]
try:
    import orjson
except ImportError:  # pragma: no cover - the `fast` extra is not installed
    _parse = json.loads
    PARSER = "json"
else:
    _parse = orjson.loads
    PARSER = "orjson"


def loads(content: bytes | str) -> Any:
    """The JSON value of `content`; `ValueError` if it is not JSON (or too deep to parse)."""
    try:
        return _parse(content)
    except RecursionError:  # the standard parser on thousands of levels
        raise ValueError("JSON nested too deeply") from None


def deeper_than(value: Any, limit: int = MAX_DEPTH) -> bool:
    """Whether the JSON `value` nests more than `limit` objects and arrays deep.

    Iterative, so that it cannot itself run out of stack.
    """
    if not isinstance(value, dict | list):
        return False
    stack = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > limit:
            return True
        children = node.values() if isinstance(node, dict) else node
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return False


_SPACE = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()


def array_items(content: bytes, key: str) -> Iterator[Any]:
    """The items of the array at `key` in the JSON object `content`, one at a time.

    For long lists (thousands of tasks): each item is parsed when the caller asks for it
    and can be dropped before the next, so the whole answer is never held as Python
    objects. A blank body, or a document that is not an object or has no such array, has
    no items. `ValueError` (possibly after some items) if `content` is not JSON.
    """
    text = content.decode("utf-8")
    try:
        at = _skip(text, 0)
        if at == len(text):
            return
        if not text.startswith("{", at):
            _DECODER.decode(text)  # any other JSON value: no items, but it must be JSON
            return
        at = _skip(text, at + 1)
        if text.startswith("}", at):
            at = _skip(text, at + 1)
        else:
            at = yield from _members(text, at, key)
        if at != len(text):
            raise ValueError("extra data after the object")
    except RecursionError:
        raise ValueError("JSON nested too deeply") from None


def _skip(text: str, at: int) -> int:
    """The index of the first character from `at` that is not white space."""
    return _SPACE.match(text, at).end()  # type: ignore[union-attr]


def _members(text: str, at: int, key: str) -> Generator[Any, None, int]:
    """Walk an object's members from `at`, yielding the items of the array at `key`;
    return the index after the object's `}`."""
    while True:
        name, at = _DECODER.raw_decode(text, at)
        at = _skip(text, at)
        if not isinstance(name, str) or not text.startswith(":", at):
            raise ValueError("expected a member name and a colon")
        at = _skip(text, at + 1)
        if name == key and text.startswith("[", at):
            at = yield from _items(text, _skip(text, at + 1))
        else:
            _, at = _DECODER.raw_decode(text, at)
        at = _skip(text, at)
        if text.startswith("}", at):
            return _skip(text, at + 1)
        if not text.startswith(",", at):
            raise ValueError("expected a comma or the end of the object")
        at = _skip(text, at + 1)


def _items(text: str, at: int) -> Generator[Any, None, int]:
    """Yield an array's items from `at` (after its `[`); return the index after its `]`."""
    if text.startswith("]", at):
        return at + 1
    while True:
        item, at = _DECODER.raw_decode(text, at)
        yield item
        at = _skip(text, at)
        if text.startswith("]", at):
            return at + 1
        if not text.startswith(",", at):
            raise ValueError("expected a comma or the end of the array")
        at = _skip(text, at + 1)
