"""Health after each crawl: checks on the crawl's stats and the site's last
recorded crawl, and the crawl recorded for the next one to compare with.

Checks (each failure: `health/failed` lists its name, `health/<name>` says
why in one line, the summary prints it):
- `reports_vanished`: the site's last crawl saw reports and this one none.
  Seen = stored + duplicate + not modified (304) + skipped as known, so an
  unchanged portal re-crawled incrementally is healthy.
- `empty_list`: a column list page showed no article links (`list/empty`):
  the portal's layout changed under the adapter.
- `error_rate`: errors/* over requests sent above
  REPORTCRAWLER_HEALTH_MAX_ERROR_RATE.
With REPORTCRAWLER_HEALTH_FAIL=1 a failed check fails the crawl through the
verdict (reportcrawler/verdict.py): exit status 1.

Why not Spidermon: its monitors are unittest suites whose results go to
actions (mail, Slack, Sentry), not to the exit status cron and scrapyd read;
comparing with the last crawl needs Zyte's job API or its local pickle stats
history, while ours is the `crawls` table of the shared store; and its Scrapy
part pulls in the `monitoring` extra (boto, scrapinghub, sentry-sdk, slack-sdk,
premailer, ...). Three checks on our own stats are shorter than that glue.
"""

from __future__ import annotations

import logging

from scrapy import signals

from .incremental import NOT_MODIFIED, SKIPPED_KNOWN
from .store import Store
from .verdict import FAILED, MESSAGE

logger = logging.getLogger(__name__)

FAILED_CHECKS = "health/failed"
SEEN = ("records/stored", "records/duplicate", NOT_MODIFIED, SKIPPED_KNOWN)


def records_seen(stats: dict) -> int:
    """Reports this crawl found on the portal, new or already known."""
    return sum(int(stats.get(name, 0) or 0) for name in SEEN)


def health_failures(stats: dict, last: dict | None, max_error_rate: float) -> dict[str, str]:
    """check name -> one line, for each check the crawl fails (`last`: the site's last crawl)."""
    failed = {}
    if last is not None and records_seen(last.get("stats") or {}) and not records_seen(stats):
        failed["reports_vanished"] = (f"{records_seen(last['stats'])} reports seen on the last crawl "
                                      f"({last.get('finished_at') or '?'}), none now")
    if stats.get("list/empty"):
        failed["empty_list"] = f"{stats['list/empty']} column list page(s) showed no article links (layout changed?)"
    errors = sum(v for k, v in stats.items() if k.startswith("errors/"))
    requests = stats.get("downloader/request_count", 0)
    if requests and errors / requests > max_error_rate:
        failed["error_rate"] = f"{errors} errors in {requests} requests ({errors / requests:.0%} > {max_error_rate:.0%})"
    return failed


class CrawlHealth:
    """Runs the checks as the spider closes, before the verdict (settings.EXTENSIONS)."""

    def __init__(self, crawler):
        self.crawler = crawler
        self.fail = crawler.settings.getbool("REPORTCRAWLER_HEALTH_FAIL")
        self.max_error_rate = crawler.settings.getfloat("REPORTCRAWLER_HEALTH_MAX_ERROR_RATE", 0.2)

    @classmethod
    def from_crawler(cls, crawler):
        ext = cls(crawler)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_closed(self, spider, reason):
        stats = self.crawler.stats
        last = Store.from_crawler(self.crawler).last_crawl(spider.name)
        failed = health_failures(stats.get_stats(), last, self.max_error_rate)
        stats.set_value(FAILED_CHECKS, sorted(failed))
        for name, message in failed.items():
            stats.set_value(f"health/{name}", message)
            logger.warning("health check failed: %s: %s", name, message)
        if failed and self.fail and not stats.get_value(FAILED):
            stats.set_value(FAILED, "health")
            stats.set_value(MESSAGE, "health check failed: " + "; ".join(f"{k}: {v}" for k, v in failed.items()))


class CrawlHistory:
    """Records the crawl in the store's `crawls` table (after the verdict, before the summary)."""

    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        ext = cls(crawler)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_closed(self, spider, reason):
        stats = self.crawler.stats.get_stats()
        started, finished = stats.get("start_time"), stats.get("finish_time")
        Store.from_crawler(self.crawler).record_crawl(
            spider.name, started.isoformat() if started else None, finished.isoformat() if finished else None,
            reason, dict(stats))
