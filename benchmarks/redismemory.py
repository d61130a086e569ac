"""Redis memory a shared crawl of N pages needs: N requests pushed through the
frontier (as the RedisScheduler queues them: pickled request, portal queue entry)
and N fingerprints in the duplicate filter, read from INFO memory.

    python -m benchmarks.redismemory [--pages 100000] [--redis redis://127.0.0.1:6379/15]

Prints `used_memory` growth with every request queued (the peak: a crawl that
queued everything before fetching), and after all are done (what stays: the
duplicate filter and per-portal counters). Its keys are deleted afterwards.
"""

from __future__ import annotations

import argparse

import redis
import scrapy
from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.queue import Base as RequestCodec

from reportcrawler.distributed.frontier import Frontier
from reportcrawler.distributed.scheduler import slot_of


class Farm(scrapy.Spider):
    name = "memory"

    def parse_report(self, response):
        pass


def used(server) -> int:
    return int(server.info("memory")["used_memory"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=100_000)
    parser.add_argument("--portals", type=int, default=200)
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/15")
    args = parser.parse_args()
    server = redis.Redis.from_url(args.redis)
    spider = Farm()
    frontier = Frontier(server, "memory-measure", "w", 60, 10**9, 0)  # no politeness limit: pop everything
    codec = RequestCodec(server, spider, frontier.key("requests"))
    dupefilter = RFPDupeFilter(server, frontier.key("dupefilter"))
    base = used(server)
    for n in range(args.pages):
        host = f"www.portal{n % args.portals}.gov.cn"
        request = scrapy.Request(f"http://{host}/zwgk/xxgknb/2020{n % 12:02d}/{n:08x}a1b2c3d4e5f6.html",
                                 callback=spider.parse_report, meta={"region_code": "330523", "nav_depth": 2,
                                                                     "link_title": "安吉县2020年政府信息公开工作年度报告"})
        dupefilter.request_seen(request)
        frontier.push(slot_of(request), 0, codec._encode_request(request))
    queued = used(server) - base
    popped = []
    while True:
        item = frontier.pop()
        if item.id is None:
            break
        popped.append(item.id)
        if len(popped) >= 1000:
            frontier.ack(popped)
            popped = []
    frontier.ack(popped)
    done = used(server) - base
    print(f"{args.pages} requests over {args.portals} portals: +{queued / 2**20:.1f} MiB with all queued "
          f"({queued / args.pages:.0f} bytes each), +{done / 2**20:.1f} MiB after all done "
          f"(duplicate filter and counters: {done / args.pages:.0f} bytes per request)")
    frontier.leave()
    for key in server.scan_iter(f"{frontier.prefix}:*"):
        server.delete(key)


if __name__ == "__main__":
    main()
