"""Incremental re-crawls: what a crawl need not fetch again, and where paging stops.

The store knows each URL's latest decided fate (Store.known_pages). A report
link whose URL already has a record (or was ruled not a report) is not
requested again, unless its list entry is dated after that page was fetched:
then it is requested with the stored page's validators (conditional.py), and
a 304 is a sighting of the stored record. A URL whose last fetch failed is
tried again. List and navigation pages are always fetched: a list page is
where new reports appear, so a 304 there would hide them.

Paging: while the store knows pages of the site, a column's further list pages
are requested one after another (the rest ride along in the request's meta),
and paging stops after a list page whose report links are all known
(`list/stopped_known`): newer reports come first on a column list. Only when
that is safe: the site's last crawl finished and none has run since (a crawl
killed half-way may have left older list pages unread), and no report page of
the site ended in an error (it must be reached again to be retried).
`REPORTCRAWLER_FULL_RECRAWL=1` switches all of this off.
"""

from __future__ import annotations

import logging

from scrapy.http import Request, Response
from scrapy.utils.request import request_from_dict

from .store import Store

logger = logging.getLogger(__name__)

SKIPPED_KNOWN = "incremental/skipped_known"  # has a record: counted as seen by the health checks
SKIPPED_NOT_REPORT = "incremental/skipped_not_report"  # ruled out by its page (not_report, dropped:*)
REFETCHED_NEWER = "incremental/refetched_newer"  # list entry dated after the stored fetch
RETRIED_FAILED = "incremental/retried_failed"  # last fetch ended in error:*
STOPPED_KNOWN = "list/stopped_known"
NOT_MODIFIED = "records/not_modified"

_HAS_RECORD = ("record", "duplicate", "not_modified")
PENDING = "pending_list_pages"


class Incremental:
    """The spider's view of what the store already holds for its site."""

    def __init__(self, store: Store, site: str, crawler, full: bool = False):
        self.store = store
        self.site = site
        self.crawler = crawler  # its stats and fingerprinter exist once the crawl starts
        self.full = full
        self._known: dict[str, tuple[str, str]] | None = None
        self._counted: set[str] = set()
        self._paged: set[bytes] = set()
        self._unseen_failures: set[str] | None = None
        self.last_crawl_complete = False

    @classmethod
    def from_crawler(cls, crawler, site: str) -> Incremental:
        incremental = cls(Store.from_crawler(crawler), site, crawler,
                          crawler.settings.getbool("REPORTCRAWLER_FULL_RECRAWL"))
        incremental.last_crawl_complete = incremental.previous_crawl_complete()  # before this crawl fetches
        return incremental

    def previous_crawl_complete(self) -> bool:
        """The site's last crawl finished and no crawl has fetched its pages since
        (a crawl killed half-way may have left older list pages unread)."""
        if self.full:
            return False
        last = self.store.last_crawl(self.site)
        # to the second: pages say `…T16:48:59Z`, crawls `…T16:48:59.123+00:00`
        return bool(last and last.get("finish_reason") == "finished"
                    and (self.store.last_fetch(self.site) or "")[:19] <= (last.get("finished_at") or "")[:19])

    @property
    def stats(self):
        return self.crawler.stats

    def fingerprint(self, request: Request) -> bytes:
        return self.crawler.request_fingerprinter.fingerprint(request)

    @property
    def known(self) -> dict[str, tuple[str, str]]:
        if self._known is None:  # read once, at the first list page
            self._known = {} if self.full else self.store.known_pages(self.site)
        return self._known

    @property
    def active(self) -> bool:
        return not self.full and bool(self.known)

    @property
    def may_stop_paging(self) -> bool:
        """Stopping at a known list page loses nothing: the last crawl read every list
        page, and every page that failed before has been met again in this crawl."""
        return self.active and self.last_crawl_complete and not self.unseen_failures

    @property
    def unseen_failures(self) -> set[str]:
        """URLs whose last fetch failed and that this crawl has not reached yet."""
        if self._unseen_failures is None:
            self._unseen_failures = {url for url, (outcome, _) in self.known.items() if outcome.startswith("error:")}
        return self._unseen_failures

    def met(self, url: str) -> None:
        """A URL this crawl reached (a link, a list page): a failure there is being retried."""
        self.unseen_failures.discard(url)

    def link(self, url: str, list_date: str | None) -> dict | None:
        """The extra meta to request a report link with, or None: not requested (known)."""
        self.met(url)
        if self.full or url not in self.known:
            return {}
        outcome, fetched_at = self.known[url]
        newer = bool(list_date) and list_date > (fetched_at or "")[:10]
        if outcome.startswith("error:"):
            self._count(RETRIED_FAILED, url)
            return {}
        if newer:
            self._count(REFETCHED_NEWER, url)
            logger.info("list entry dated %s, after the fetch of %s: requesting it again", list_date, url)
            # Only a stored record can answer a 304 (a sighting of it).
            return {"conditional_get": True, "handle_httpstatus_list": [304]} if outcome in _HAS_RECORD else {}
        self._count(SKIPPED_KNOWN if outcome in _HAS_RECORD else SKIPPED_NOT_REPORT, url)
        return None

    def _count(self, stat: str, url: str) -> None:
        if (stat, url) not in self._counted:  # a link shown twice is one page skipped
            self._counted.add((stat, url))
            self.stats.inc_value(stat)

    def next_pages(self, spider, response: Response, requests: list[Request], all_known: bool) -> list[Request]:
        """The list pages to request after `response`: all of them in a full crawl; else the
        next one (carrying the rest), or none after a list page whose links were all known."""
        if not self.active:
            return list(requests)
        self._paged.add(self.fingerprint(response.request))
        self.met(response.url)
        for request in requests:
            self.met(request.url)
        if all_known and self.may_stop_paging:
            self.stats.inc_value(STOPPED_KNOWN)
            logger.info("stopped paging after %s: every report link on it is known", response.url)
            return []
        pending = [request_from_dict(d, spider=spider) for d in response.meta.get(PENDING, [])]
        fresh = []
        for request in requests:
            fingerprint = self.fingerprint(request)
            if fingerprint not in self._paged:
                self._paged.add(fingerprint)
                fresh.append(request)
        queue = pending + fresh
        if not queue:
            return []
        first, rest = queue[0], queue[1:]
        first.meta[PENDING] = [request.to_dict(spider=spider) for request in rest]
        return [first]

    def not_modified(self, response: Response) -> bool:
        """A 304 for a report page: a sighting of its stored record. False: no record to sight."""
        content_hash = self.store.add_unchanged_sighting(response.url, self.site, response.meta.get("page_id"),
                                                         response.meta.get("fetched_at"))
        if content_hash is None:
            return False
        self.stats.inc_value(NOT_MODIFIED)
        logger.info("not modified (304): %s is a sighting of %s", response.url, content_hash[:12])
        return True
