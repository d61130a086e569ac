"""Progress in the log every REPORTCRAWLER_PROGRESS_INTERVAL seconds (30 by
default; 0: off), and counts per portal for crawls of several portals.

One line each time: pages, records stored, duplicates, not reports, drops,
errors and the page rate since the last line; in a crawl of several portals
(hosts) a second line names the busiest ones. At the end the per-portal
counts go into the stats (`portals`), for the summary's table.
"""

from __future__ import annotations

import logging
import time
from collections import Counter, defaultdict
from urllib.parse import urlparse

from scrapy import signals
from scrapy.exceptions import NotConfigured
from twisted.internet import task

logger = logging.getLogger(__name__)

COLUMNS = ("pages", "stored", "duplicates", "dropped")


def host_of(url: str | None) -> str:
    """The portal a URL belongs to: its host (and port, when it names one)."""
    return urlparse(url or "").netloc.lower() or "?"


class CrawlProgress:
    def __init__(self, crawler, interval: float):
        self.crawler = crawler
        self.stats = crawler.stats
        self.interval = interval
        self.portals: dict[str, Counter] = defaultdict(Counter)
        self.loop: task.LoopingCall | None = None
        self.last = (time.monotonic(), 0)

    @classmethod
    def from_crawler(cls, crawler):
        interval = crawler.settings.getfloat("REPORTCRAWLER_PROGRESS_INTERVAL", 30)
        if interval < 0:
            raise NotConfigured
        ext = cls(crawler, interval)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(ext.response_received, signal=signals.response_received)
        crawler.signals.connect(ext.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(ext.item_dropped, signal=signals.item_dropped)
        return ext

    def spider_opened(self, spider) -> None:
        if self.interval > 0:
            self.loop = task.LoopingCall(self.log_progress)
            self.loop.start(self.interval, now=False)

    def response_received(self, response, request, spider=None) -> None:
        if not response.url.endswith("/robots.txt"):
            self.portals[host_of(response.url)]["pages"] += 1

    def item_scraped(self, item, response, spider=None) -> None:
        self.portals[host_of(item.get("url"))]["stored"] += 1

    def item_dropped(self, item, response, exception, spider=None) -> None:
        kind = "duplicates" if str(exception).startswith("duplicate") else "dropped"
        self.portals[host_of(item.get("url"))][kind] += 1

    def log_progress(self) -> None:
        stats = self.stats.get_stats()
        pages = stats.get("pages/archived", 0)
        now = time.monotonic()
        rate = (pages - self.last[1]) / max(now - self.last[0], 1e-9) * 60
        self.last = (now, pages)
        dropped = sum(v for k, v in stats.items() if k.startswith("dropped/"))
        errors = sum(v for k, v in stats.items() if k.startswith("errors/"))
        logger.info("progress: pages %d (%.0f/min), records stored %d, duplicates %d, not reports %d, "
                    "dropped %d, errors %d", pages, rate, stats.get("records/stored", 0),
                    stats.get("records/duplicate", 0), stats.get("records/not_report", 0), dropped, errors)
        if len(self.portals) > 1:
            busiest = sorted(self.portals.items(), key=lambda kv: -kv[1]["pages"])[:5]
            logger.info("progress by portal: %s", "; ".join(
                f"{host} pages {c['pages']}, stored {c['stored']}" for host, c in busiest))

    def spider_closed(self, spider, reason) -> None:
        if self.loop is not None and self.loop.running:
            self.loop.stop()
        if len(self.portals) > 1:
            self.stats.set_value("portals", {host: {c: counts[c] for c in COLUMNS}
                                             for host, counts in sorted(self.portals.items())})
