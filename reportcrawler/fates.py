"""Every requested URL's fate in the store, answered or not.

A request that ended without a response (timeout, reset, DNS, too large,
off-site, robots.txt, redirect loop, data loss) gets a `pages` row of its own:
its URL, the site, fetched_at = when it failed, status / headers / bytes null,
outcome `error:<reason>`. "What happened to this URL?" is then one query:
`SELECT outcome FROM pages WHERE url = ?`.

Three ways a request ends without a response:
- through its errback (the spider's on_error calls `record_unanswered`);
- filtered by Scrapy's OffsiteMiddleware as it is scheduled (2.19 checks the
  `request_scheduled` signal and drops the request without calling its errback
  or sending `request_dropped`): the `UnansweredRequests` extension sees the
  same signal and records those;
- a redirect loop's next hop is dropped by the duplicate filter
  (`request_dropped`): recorded as `error:redirect_loop`.
"""

from __future__ import annotations

import logging

from scrapy import signals

from .archive import utc_now
from .offsite import url_in_domains
from .store import Store

logger = logging.getLogger(__name__)


def requested_url(request) -> str:
    """The URL the crawl asked for (before redirects): the one a user looks up."""
    return (request.meta.get("redirect_urls") or [request.url])[0]


def record_unanswered(crawler, request, reason: str) -> int:
    """A `pages` row for a request that got no response; returns its id."""
    site = getattr(crawler.spider, "name", None)
    return Store.from_crawler(crawler).save_page(requested_url(request), site, None, None, None, utc_now(),
                                                 outcome=f"error:{reason}")


class UnansweredRequests:
    """Records and counts requests Scrapy's OffsiteMiddleware filters silently
    (a list linking off the portal): `errors/offsite`, one row per URL."""

    def __init__(self, crawler):
        self.crawler = crawler
        self.seen: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler):
        ext = cls(crawler)
        crawler.signals.connect(ext.request_scheduled, signal=signals.request_scheduled)
        crawler.signals.connect(ext.request_dropped, signal=signals.request_dropped)
        return ext

    def request_dropped(self, request, spider=None) -> None:
        """A redirect back to a URL of its own chain is dropped by the duplicate
        filter before REDIRECT_MAX_TIMES is reached: a loop, with no errback."""
        chain = request.meta.get("redirect_urls") or []
        if request.url not in chain:
            return
        record_unanswered(self.crawler, request, "redirect_loop")
        self.crawler.stats.inc_value("errors/redirect_loop")
        logger.warning("error redirect_loop: %s (%s)", requested_url(request), " -> ".join(chain + [request.url]))

    def request_scheduled(self, request, spider=None) -> None:
        spider = self.crawler.spider
        domains = [d for d in (getattr(spider, "allowed_domains", None) or []) if d]
        if (not domains or request.dont_filter or request.meta.get("allow_offsite")
                or url_in_domains(request.url, domains) or request.url in self.seen):
            return
        self.seen.add(request.url)
        record_unanswered(self.crawler, request, "offsite")
        self.crawler.stats.inc_value("errors/offsite")
        logger.warning("error offsite: %s (outside %s)", request.url, ", ".join(domains))
