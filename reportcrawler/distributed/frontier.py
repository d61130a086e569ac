"""The shared frontier of one crawl, in Redis.

Keys, all under `reportcrawler:<crawl key>`:

    :requests       hash   id -> serialized request (kept until the request is done)
    :queue:<slot>   zset   ids queued for one portal (downloader slot), by priority then age
    :ready          zset   slot -> time it may send its next request (slots with queued ids)
    :next           hash   slot -> time it may send its next request (kept when its queue is empty)
    :busy           hash   slot -> requests of the slot leased out (crawl-wide concurrency)
    :held           hash   `<worker>|<slot>` -> requests of the slot leased to that worker
    :leases         zset   id -> lease expiry
    :owner          hash   id -> worker holding it
    :done           hash   slot -> requests done
    :workers        zset   worker -> last heartbeat
    :dupefilter     set    request fingerprints (scrapy-redis RFPDupeFilter)
    :meta           hash   crawl-wide counters (start requests answered)

Every change is one Lua script, so workers never see half a change, and
times come from the Redis server's clock (workers on several machines need
not agree on the time). An id is `<sequence>|<slot>`.
"""

from __future__ import annotations

from dataclasses import dataclass

import redis

PREFIX = "reportcrawler"
# How soon a worker asks again when every ready portal is at its concurrency limit.
POLL_SECONDS = 0.05
# Ids that come back from a lost worker go to the front of their portal's queue.
REQUEUED_SCORE = -1e15

_NOW = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
"""

_PUSH = """
local p, slot = ARGV[1], ARGV[2]
local seq = redis.call('INCR', p .. ':seq')
local id = seq .. '|' .. slot
redis.call('HSET', p .. ':requests', id, ARGV[4])
redis.call('ZADD', p .. ':queue:' .. slot, -tonumber(ARGV[3]) * 1e10 + seq, id)
redis.call('ZADD', p .. ':ready', 'NX', redis.call('HGET', p .. ':next', slot) or 0, slot)
return id
"""

# ARGV: prefix, worker, lease seconds, per-slot concurrency, per-slot delay, live-worker window.
# A worker may hold at most its share of a slot's concurrency (split among the live
# workers, at least 1), so that one worker cannot keep re-taking a portal the moment
# it frees it while the others wait.
# Returns {id, payload}, or {'', seconds to wait before asking again ('-1': none queued)}.
_POP = _NOW + """
local p, worker = ARGV[1], ARGV[2]
local limit, delay = tonumber(ARGV[4]), tonumber(ARGV[5])
local live = math.max(redis.call('ZCOUNT', p .. ':workers', now - tonumber(ARGV[6]), '+inf'), 1)
local share = math.max(math.ceil(limit / live), 1)
local blocked = false
for _, slot in ipairs(redis.call('ZRANGEBYSCORE', p .. ':ready', '-inf', now, 'LIMIT', 0, 500)) do
  local mine = tonumber(redis.call('HGET', p .. ':held', worker .. '|' .. slot) or '0')
  if tonumber(redis.call('HGET', p .. ':busy', slot) or '0') >= limit or mine >= share then
    blocked = true
  else
    local q = p .. ':queue:' .. slot
    local head = redis.call('ZRANGE', q, 0, 0)
    if #head == 0 then
      redis.call('ZREM', p .. ':ready', slot)
    else
      local id = head[1]
      redis.call('ZREM', q, id)
      redis.call('HINCRBY', p .. ':busy', slot, 1)
      redis.call('HINCRBY', p .. ':held', worker .. '|' .. slot, 1)
      redis.call('HSET', p .. ':next', slot, tostring(now + delay))
      if redis.call('ZCARD', q) > 0 then
        redis.call('ZADD', p .. ':ready', now + delay, slot)
      else
        redis.call('ZREM', p .. ':ready', slot)
      end
      redis.call('ZADD', p .. ':leases', now + tonumber(ARGV[3]), id)
      redis.call('HSET', p .. ':owner', id, worker)
      return {id, redis.call('HGET', p .. ':requests', id)}
    end
  end
end
if blocked then return {'', 'POLL'} end
local first = redis.call('ZRANGE', p .. ':ready', 0, 0, 'WITHSCORES')
if #first == 0 then return {'', '-1'} end
return {'', tostring(math.max(tonumber(first[2]) - now, 0))}
""".replace("POLL", repr(POLL_SECONDS))

# ARGV: prefix, worker, ids...: the worker is done with them (only if it still holds them).
_ACK = """
local p, n = ARGV[1], 0
for i = 3, #ARGV do
  local id = ARGV[i]
  if redis.call('HGET', p .. ':owner', id) == ARGV[2] then
    local slot = string.match(id, '^%d+|(.*)$')
    redis.call('ZREM', p .. ':leases', id)
    redis.call('HDEL', p .. ':owner', id)
    redis.call('HDEL', p .. ':requests', id)
    redis.call('HINCRBY', p .. ':busy', slot, -1)
    redis.call('HINCRBY', p .. ':held', ARGV[2] .. '|' .. slot, -1)
    redis.call('HINCRBY', p .. ':done', slot, 1)
    n = n + 1
  end
end
return n
"""

# ARGV: prefix, worker, lease seconds, ids...: a heartbeat. Renews the worker's
# leases, then puts every expired lease (a lost worker's) back in its queue.
_BEAT = _NOW + """
local p, worker = ARGV[1], ARGV[2]
redis.call('ZADD', p .. ':workers', now, worker)
for i = 4, #ARGV do
  if redis.call('HGET', p .. ':owner', ARGV[i]) == worker then
    redis.call('ZADD', p .. ':leases', now + tonumber(ARGV[3]), ARGV[i])
  end
end
local expired = redis.call('ZRANGEBYSCORE', p .. ':leases', '-inf', now, 'LIMIT', 0, 1000)
for _, id in ipairs(expired) do
  local slot = string.match(id, '^%d+|(.*)$')
  local owner = redis.call('HGET', p .. ':owner', id)
  redis.call('ZREM', p .. ':leases', id)
  redis.call('HDEL', p .. ':owner', id)
  redis.call('HINCRBY', p .. ':busy', slot, -1)
  if owner then redis.call('HINCRBY', p .. ':held', owner .. '|' .. slot, -1) end
  redis.call('ZADD', p .. ':queue:' .. slot, REQUEUED, id)
  redis.call('ZADD', p .. ':ready', 'NX', redis.call('HGET', p .. ':next', slot) or 0, slot)
end
return #expired
""".replace("REQUEUED", repr(REQUEUED_SCORE))

# ARGV: prefix, worker, seconds a silent worker still counts as live.
# The worker leaves; the last one out of a finished crawl clears its keys.
_LEAVE = _NOW + """
local p = ARGV[1]
redis.call('ZREM', p .. ':workers', ARGV[2])
redis.call('ZREMRANGEBYSCORE', p .. ':workers', '-inf', now - tonumber(ARGV[3]))
if redis.call('ZCARD', p .. ':workers') > 0 or redis.call('ZCARD', p .. ':leases') > 0
   or redis.call('ZCARD', p .. ':ready') > 0 then
  return 0
end
for _, slot in ipairs(redis.call('HKEYS', p .. ':next')) do
  redis.call('DEL', p .. ':queue:' .. slot)
end
for _, name in ipairs({'requests', 'ready', 'next', 'busy', 'held', 'leases', 'owner', 'done', 'workers',
                       'dupefilter', 'meta', 'seq'}) do
  redis.call('DEL', p .. ':' .. name)
end
return 1
"""


@dataclass
class Popped:
    id: str | None
    payload: bytes | None
    wait: float  # when nothing was popped: seconds until a queued slot is ready (-1: nothing queued)


@dataclass
class CrawlState:
    queued: int
    in_flight: int
    workers: int


class Frontier:
    """One crawl's shared frontier (see the module docstring for the keys)."""

    def __init__(self, server: redis.Redis, crawl_key: str, worker: str, lease_seconds: float,
                 per_slot: int, delay: float):
        self.server = server
        self.prefix = f"{PREFIX}:{crawl_key}"
        self.worker = worker
        self.lease_seconds = lease_seconds
        self.per_slot = per_slot
        self.delay = delay
        self._push = server.register_script(_PUSH)
        self._pop = server.register_script(_POP)
        self._ack = server.register_script(_ACK)
        self._beat = server.register_script(_BEAT)
        self._leave = server.register_script(_LEAVE)

    def key(self, name: str) -> str:
        return f"{self.prefix}:{name}"

    def push(self, slot: str, priority: int, payload: bytes) -> str:
        return _text(self._push(args=[self.prefix, slot, priority, payload]))

    def pop(self) -> Popped:
        found, value = self._pop(args=[self.prefix, self.worker, self.lease_seconds, self.per_slot, self.delay,
                                       self.lease_seconds])
        if found:
            return Popped(_text(found), value, 0.0)
        return Popped(None, None, float(value))

    def ack(self, ids: list[str]) -> int:
        return int(self._ack(args=[self.prefix, self.worker, *ids])) if ids else 0

    def heartbeat(self, held: list[str]) -> int:
        """Renew this worker's leases; requeue expired ones. Returns how many were requeued."""
        return int(self._beat(args=[self.prefix, self.worker, self.lease_seconds, *held]))

    def leave(self) -> bool:
        """This worker is done. True when it was the last and the crawl's keys were cleared."""
        return bool(self._leave(args=[self.prefix, self.worker, self.lease_seconds]))

    def state(self) -> CrawlState:
        live_since = float(self.server.time()[0]) - self.lease_seconds
        with self.server.pipeline() as pipe:
            pipe.zcard(self.key("ready")).zcard(self.key("leases"))
            pipe.zcount(self.key("workers"), live_since, "+inf")
            queued, in_flight, workers = pipe.execute()
        return CrawlState(queued, in_flight, workers)


def _text(value) -> str:
    return value.decode() if isinstance(value, bytes) else value
