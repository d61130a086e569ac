"""Did the crawl do its job? The verdict goes into the stats; `scrapy crawl`
turns it into the exit status (reportcrawler/commands/crawl.py).

A crawl that ran fails when
- `replay_without_fixtures`: REPLAY with no manifest for the spider (the
  replay middleware closes the spider as it opens, with that reason);
- `no_start_url_answered`: start requests were scheduled and not one got a
  response (host down, DNS, connection refused, timeout, robots.txt, an
  off-site redirect, no fixture for it), so nothing could be crawled (in a
  shared crawl: by no worker). A crawl
  whose start requests were all filtered as already seen (resumed from
  JOBDIR, or a worker of a shared crawl whose work is done) has not failed.
Page-level errors after a start URL answered are counted, not fatal.

Any component may fail a crawl the same way: set `verdict/failed` (a reason
code) and `verdict/message` (one line) in the stats before this extension's
spider_closed runs.
"""

from __future__ import annotations

import logging

from scrapy import signals

logger = logging.getLogger(__name__)

FAILED = "verdict/failed"
MESSAGE = "verdict/message"
ANSWERED = "start_requests/answered"
SCHEDULED = "start_requests/scheduled"
# A worker of a shared crawl (REDIS_URL): start requests any worker got an answer for.
ANSWERED_BY_CRAWL = "start_requests/answered_by_crawl"
DROPPED = "start_requests/dropped"  # by the scheduler: already seen (request_scheduled fires before that check)


def verdict_message(stats: dict) -> str | None:
    """The one-line reason a crawl failed, or None when it did its job."""
    if not stats.get(FAILED):
        return None
    return stats.get(MESSAGE) or str(stats[FAILED])


def _errors(stats: dict) -> str:
    counts = sorted((k.split("/", 1)[1], v) for k, v in stats.items() if k.startswith("errors/"))
    return ", ".join(f"{k} {v}" for k, v in counts)


class CrawlVerdict:
    def __init__(self, crawler):
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler):
        ext = cls(crawler)
        crawler.signals.connect(ext.request_scheduled, signal=signals.request_scheduled)
        crawler.signals.connect(ext.request_dropped, signal=signals.request_dropped)
        crawler.signals.connect(ext.response_received, signal=signals.response_received)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def request_scheduled(self, request, spider=None):
        if request.meta.get("is_start_request"):
            self.stats.inc_value(SCHEDULED)

    def request_dropped(self, request, spider=None):
        if request.meta.get("is_start_request"):
            self.stats.inc_value(DROPPED)

    def response_received(self, response, request, spider=None):
        # A replay 404 for a request with no fixture is not an answer from the portal.
        if request.meta.get("is_start_request") and "replay-missing" not in response.flags:
            self.stats.inc_value(ANSWERED)

    def spider_closed(self, spider, reason):
        stats = self.stats.get_stats()
        if stats.get(FAILED):
            failed, message = stats[FAILED], stats.get(MESSAGE)
        elif reason == "replay_without_fixtures":
            failed = reason
            message = f"replay without fixtures: no manifest at {stats.get('replay/no_manifest', '?')}"
        elif reason == "finished" and stats.get(SCHEDULED, 0) > stats.get(DROPPED, 0) and not stats.get(ANSWERED) \
                and not stats.get(ANSWERED_BY_CRAWL):
            errors = _errors(stats)
            failed = "no_start_url_answered"
            message = "no start URL answered" + (f" (errors: {errors})" if errors else "")
        else:
            return
        self.stats.set_value(FAILED, failed)
        self.stats.set_value(MESSAGE, message or failed)
        logger.error("crawl failed: %s", message or failed)
