"""Fingerprints of values the account does not show back, so a later run can compare.

A password, a certificate or a backup setting is sent but never read back; to tell
whether the plan still asks for what was sent, the journal keeps a fingerprint of it.
A fingerprint is bound to the journal (its random salt), the item and the field. A
secret's is scrypt (memory-hard: the journal is no oracle for guessing passwords
offline); anything else's a salted SHA-256 (those values are not secret). A process
remembers the fingerprints it computed (scrypt is slow on purpose, and a diff or an
apply asks for the same ones again).
"""

from __future__ import annotations

import functools
import hashlib
import json
from typing import Any

from ._fields import plain

__all__ = ["fingerprint"]

#: scrypt's cost: 16 MiB and about 30 ms per fingerprint.
_SCRYPT = {"n": 2**14, "r": 8, "p": 1, "maxmem": 64 * 1024 * 1024, "dklen": 32}


def fingerprint(salt: bytes, item: str, field: str, value: Any, *, secret: bool) -> str:
    """The fingerprint of `value`, as set on `field` of `item`, in the journal of `salt`."""
    data = json.dumps(plain(value), sort_keys=True, separators=(",", ":")).encode()
    return _digest(salt + f"\0{item}\0{field}\0".encode(), data, secret)


@functools.lru_cache(maxsize=4096)
def _digest(bound: bytes, data: bytes, secret: bool) -> str:
    if secret:
        return "scrypt:" + hashlib.scrypt(data, salt=bound, **_SCRYPT).hex()
    return "sha256:" + hashlib.sha256(bound + data).hexdigest()
