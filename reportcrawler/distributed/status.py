"""`reportcrawler status --redis URL [--crawl-key KEY]`: a shared crawl as Redis sees it.

    crawl portal (redis://127.0.0.1:6379/3)
      queued      120 requests
      in flight   4
      workers     2 live
      portal               queued  in flight   done
      www.anji.gov.cn          80          2     35
      ...

Without --crawl-key: every crawl found in that Redis DB. (`status --store URI`,
the store's figures, joins this command later; without --redis it says so.)
"""

from __future__ import annotations

import argparse
import sys

from ..errors import SetupError
from .frontier import PREFIX


def cmd_status(args: argparse.Namespace) -> int:
    if not args.redis:
        raise SetupError("status needs --redis URL (the crawl's REDIS_URL)")
    server = _connect(args.redis)
    keys = [args.crawl_key] if args.crawl_key else crawl_keys(server)
    if not keys:
        print(f"no crawl in {args.redis}")
        return 0
    for key in keys:
        sys.stdout.write(render(key, args.redis, crawl_status(server, key)))
    return 0


def _connect(url: str):
    import redis

    try:
        server = redis.Redis.from_url(url, socket_connect_timeout=5)
        server.ping()
    except (redis.RedisError, ValueError) as exc:
        raise SetupError(f"Redis unreachable at {url}: {exc}") from None
    return server


def crawl_keys(server) -> list[str]:
    """Crawls present in the DB: every `reportcrawler:<key>:seq` (set by a crawl's first request)."""
    found = {k.decode().split(":")[1] for k in server.scan_iter(f"{PREFIX}:*:seq")}
    return sorted(found)


def crawl_status(server, crawl_key: str) -> dict:
    prefix = f"{PREFIX}:{crawl_key}"
    now = float(server.time()[0])
    busy = {k.decode(): int(v) for k, v in server.hgetall(f"{prefix}:busy").items()}
    done = {k.decode(): int(v) for k, v in server.hgetall(f"{prefix}:done").items()}
    slots = sorted({k.decode() for k in server.hkeys(f"{prefix}:next")} | set(done))
    with server.pipeline() as pipe:
        for slot in slots:
            pipe.zcard(f"{prefix}:queue:{slot}")
        queued = dict(zip(slots, pipe.execute(), strict=True))
    heartbeats = server.zrange(f"{prefix}:workers", 0, -1, withscores=True)
    return {
        "queued": sum(queued.values()),
        "in_flight": server.zcard(f"{prefix}:leases"),
        "workers": [w.decode() for w, beat in heartbeats if now - beat < 60],
        "seen": server.scard(f"{prefix}:dupefilter"),
        "portals": {slot: (queued.get(slot, 0), max(busy.get(slot, 0), 0), done.get(slot, 0)) for slot in slots},
    }


def render(crawl_key: str, url: str, status: dict) -> str:
    lines = [f"crawl {crawl_key} ({url})",
             f"  queued      {status['queued']} requests",
             f"  in flight   {status['in_flight']}",
             f"  workers     {len(status['workers'])} live" + (f": {', '.join(status['workers'])}"
                                                           if status["workers"] else ""),
             f"  seen        {status['seen']} requests (duplicate filter)"]
    if status["portals"]:
        width = max(len("portal"), *(len(slot) for slot in status["portals"]))
        lines.append(f"  {'portal':<{width}}  {'queued':>7}  {'in flight':>9}  {'done':>6}")
        for slot, (queued, in_flight, done) in sorted(status["portals"].items()):
            lines.append(f"  {slot:<{width}}  {queued:>7}  {in_flight:>9}  {done:>6}")
    return "\n".join(lines) + "\n"
