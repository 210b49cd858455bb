"""The shared sliding window, kept on a Redis server by atomic Lua scripts.

Three keys per API key, in one hash slot (so a Redis Cluster takes them too):
`<prefix>:{<digest>}:grants`, a sorted set of grant ids scored by the Redis time of the
grant in microseconds (scored again when its answer comes back); `...:pause`, present
while every sender must wait (its expiry is the pause); `...:seq`, the counter that
names grants. The digest is a hash of the API key: the key itself never reaches Redis.

Every script reads the clock with Redis `TIME`, so processes on machines whose clocks
disagree still share one window. Times cross the wire as integer microseconds (Lua
numbers become Redis integers), exact up to 2**53; a number made into a string in Lua
goes through `string.format`, never `tostring` (which keeps only 14 digits).
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence
from typing import Any, final

import attrs
from redis.asyncio import Redis

__all__ = ["Grant", "SharedWindow", "Wait", "key_digest"]

_US = 1_000_000

# KEYS: grants, pause, seq. ARGV: capacity, hold (us), longest pause (ms).
# A pause longer than the bound (set by an older version, or by any other writer) is cut
# to it, for every process. -> {1, id, now} a grant; {0, wait} the microseconds until one
# may be free.
_TAKE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local paused = redis.call('PTTL', KEYS[2])
if paused > tonumber(ARGV[3]) then
  paused = tonumber(ARGV[3])
  redis.call('PEXPIRE', KEYS[2], paused)
end
if paused > 0 then return {0, paused * 1000} end
local capacity, hold = tonumber(ARGV[1]), tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - hold)
local used = redis.call('ZCARD', KEYS[1])
if used < capacity then
  local id = redis.call('INCR', KEYS[3])
  redis.call('ZADD', KEYS[1], now, id)
  local ttl = math.ceil(hold / 1000) + 1000
  redis.call('PEXPIRE', KEYS[1], ttl)
  redis.call('PEXPIRE', KEYS[3], ttl)
  return {1, id, now}
end
local oldest = redis.call('ZRANGE', KEYS[1], used - capacity, used - capacity, 'WITHSCORES')
return {0, tonumber(oldest[2]) + hold - now}
"""

# KEYS: grants, seq. ARGV: capacity, hold (us), remaining ('' if unknown), answered ids...
# Answered grants are held from now on (XX: one already expired stays gone); then the
# slots the server says are used beyond ours are marked spent. -> slots marked spent.
_RESYNC = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local capacity, hold = tonumber(ARGV[1]), tonumber(ARGV[2])
for i = 4, #ARGV do redis.call('ZADD', KEYS[1], 'XX', now, ARGV[i]) end
local missing = 0
if ARGV[3] ~= '' then
  redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - hold)
  missing = capacity - redis.call('ZCARD', KEYS[1]) - tonumber(ARGV[3])
end
if missing > 0 then
  local last = redis.call('INCRBY', KEYS[2], missing)
  for id = last - missing + 1, last do redis.call('ZADD', KEYS[1], now, id) end
else
  missing = 0
end
local ttl = math.ceil(hold / 1000) + 1000
redis.call('PEXPIRE', KEYS[1], ttl)
redis.call('PEXPIRE', KEYS[2], ttl)
return missing
"""

# KEYS: pause. ARGV: length (ms), longest pause (ms). Extends, never shortens, except a
# pause longer than the bound or without an end (set by an older version, or by any other
# writer): that one is cut to the bound. -> the pause left (ms).
_PAUSE = """
local bound = tonumber(ARGV[2])
local wanted = math.min(tonumber(ARGV[1]), bound)
local left = redis.call('PTTL', KEYS[1])
if left > bound or left == -1 then
  redis.call('PEXPIRE', KEYS[1], bound)
  left = bound
end
if left >= wanted then return left end
redis.call('SET', KEYS[1], '1', 'PX', wanted)
return wanted
"""

# KEYS: grants. ARGV: hold (us). -> grants in the window now.
_IN_USE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local since = string.format('(%.0f', now - tonumber(ARGV[1]))
return redis.call('ZCOUNT', KEYS[1], since, '+inf')
"""


def key_digest(api_key: str) -> str:
    """The name an API key's budget has in Redis: a hash, never the key."""
    return hashlib.sha256(b"redis-cloud-async/rate-budget\0" + api_key.encode()).hexdigest()[:32]


@final
@attrs.frozen
class Grant:
    """A request slot taken: `grant_id` names it, `at` is its Redis time in seconds."""

    grant_id: int
    at: float


@final
@attrs.frozen
class Wait:
    """No slot now: one may be free in `seconds` (a pause, or the oldest grant expiring)."""

    seconds: float


@final
class SharedWindow:
    """`capacity` grants in any `hold` seconds for one API key, across every process.

    Each method is one atomic script call. Nothing is kept locally, so any number of
    processes, each with its own `SharedWindow` on the same keys, see one window. No wait
    it answers is longer than `hold`: a slot comes back within it, and a pause (the 429
    hint is at most a period, plus the margin) is never longer, whoever wrote it.
    """

    def __init__(
        self, redis: Redis, digest: str, *, capacity: int, hold: float, prefix: str
    ) -> None:
        base = f"{prefix}:{{{digest}}}"
        self.grants_key, self.pause_key, self.seq_key = (
            f"{base}:grants",
            f"{base}:pause",
            f"{base}:seq",
        )
        self.capacity = capacity
        self._hold_us = math.ceil(hold * _US)
        self._longest_pause_ms = math.ceil(hold * 1000)
        self._redis = redis
        self._take = redis.register_script(_TAKE)
        self._resync = redis.register_script(_RESYNC)
        self._pause = redis.register_script(_PAUSE)
        self._in_use = redis.register_script(_IN_USE)

    async def take(self) -> Grant | Wait:
        """Take a slot if the window has one and no pause is on."""
        keys = [self.grants_key, self.pause_key, self.seq_key]
        args = [self.capacity, self._hold_us, self._longest_pause_ms]
        reply: list[Any] = await self._take(keys=keys, args=args)
        if int(reply[0]) == 1:
            return Grant(int(reply[1]), int(reply[2]) / _US)
        # Grants scored in the future by a writer on another clock must not stall us either.
        return Wait(min(int(reply[1]), self._hold_us) / _US)

    async def give_back(self, grant: Grant) -> None:
        """Return a slot whose request was never sent (its taker was cancelled)."""
        await self._redis.zrem(self.grants_key, str(grant.grant_id))

    async def resync(self, remaining: int | None, answered: Sequence[int] = ()) -> int:
        """Hold the `answered` grants from now; mark spent what the server says is used.

        The server counts a request when it arrives, which is before its answer: held
        from the answer, a slot cannot come back while the server still counts it,
        however long the request took. `remaining` (`X-Rate-Limit-Remaining`, None if
        unknown) marks spent the slots used beyond ours; returns how many.
        """
        keys = [self.grants_key, self.seq_key]
        left = "" if remaining is None else max(0, remaining)
        return int(
            await self._resync(keys=keys, args=[self.capacity, self._hold_us, left, *answered])
        )

    async def pause(self, seconds: float) -> float:
        """Make every sender wait `seconds` (or longer, if a pause already runs), at most
        `hold`."""
        wanted = max(1, math.ceil(min(seconds, self._longest_pause_ms / 1000) * 1000))
        left = await self._pause(keys=[self.pause_key], args=[wanted, self._longest_pause_ms])
        return int(left) / 1000

    async def in_use(self) -> int:
        """Grants in the window now, from every process."""
        return int(await self._in_use(keys=[self.grants_key], args=[self._hold_us]))
