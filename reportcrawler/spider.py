"""ReportSpider: the machinery every portal spider shares.

A site spider is configuration: name, allowed_domains, start_urls,
region_code, cms (the CMS family: see reportcrawler.adapters) and, where the
generic extraction needs help, content_css / title_css / list_css.

Flow: column list pages (adapter: links + pagination) -> report pages ->
read_page (decode, extract, load, classify) -> item pipelines (validate ->
dedupe -> store). The raw response is already in the store (archive
middleware) before any of this runs.
"""

from __future__ import annotations

import logging
from urllib.parse import urlparse

import scrapy
from scrapy.exceptions import IgnoreRequest
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet import defer
from twisted.internet.error import (
    ConnectError,
    ConnectionRefusedError,
    DNSLookupError,
    TCPTimedOutError,
    TimeoutError,
)

from .adapters import get_adapter
from .classify import classify_title
from .encoding import PageError
from .extractor import SiteHints
from .offsite import OffsiteRedirectError
from .record import SiteConfig, read_page
from .store import Store

logger = logging.getLogger(__name__)

REPLAY_SETTINGS = {
    # Nothing goes over the network in replay: no reason to be slow, and no way out.
    "AUTOTHROTTLE_ENABLED": False,
    "DOWNLOAD_DELAY": 0,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
    "DOWNLOAD_HANDLERS": {
        "http": "reportcrawler.replay.OfflineDownloadHandler",
        "https": "reportcrawler.replay.OfflineDownloadHandler",
        "ftp": None,
        "s3": None,
    },
}


def failure_reason(failure) -> str:
    """A short stat-friendly name for why a request failed.

    Matched on Twisted's classes and on names, since Scrapy 2.19 wraps them in
    its own (DownloadTimeoutError, CannotResolveHostError, …).
    """
    exc = failure.value
    name = type(exc).__name__.lower()
    text = str(exc).lower()
    if isinstance(exc, HttpError):
        return f"http_{exc.response.status}"
    if isinstance(exc, OffsiteRedirectError):
        return "offsite_redirect"
    if isinstance(exc, (TimeoutError, TCPTimedOutError)) or "timeout" in name or "timedout" in name:
        return "timeout"
    if isinstance(exc, DNSLookupError) or "resolve" in name or "dns" in name:
        return "dns"
    if isinstance(exc, ConnectionRefusedError) or "refused" in name:
        return "connection_refused"
    if isinstance(exc, defer.CancelledError) or "cancel" in name:
        return "too_large" if "max size" in text or "maxsize" in text else "cancelled"
    if isinstance(exc, ConnectError) or "connect" in name:
        return "connect_failed"
    if isinstance(exc, IgnoreRequest):
        text = str(exc).lower()
        if "robots" in text:
            return "robots_disallowed"
        if "offsite" in text:
            return "offsite"
        return "ignored"
    return type(exc).__name__.lower()


class ReportSpider(scrapy.Spider):
    cms: str = "pager"
    region_code: str | None = None
    content_css: str | None = None
    title_css: str | None = None
    list_css: str | None = None

    def __init__(self, *args, report_url: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.report_url = report_url
        if report_url:
            host = urlparse(report_url).hostname or ""
            domains = list(getattr(self, "allowed_domains", []) or [])
            if host and not any(host == d or host.endswith("." + d) for d in domains):
                # The user asked for this page: fetching it is not going off-site.
                self.allowed_domains = domains + [host]
        self._rejected_links: set[str] = set()
        self._list_pages = 0

    @classmethod
    def update_settings(cls, settings):
        super().update_settings(settings)
        if settings.getbool("REPLAY"):
            for name, value in REPLAY_SETTINGS.items():
                settings.set(name, value, priority="spider")

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.store = Store.from_crawler(crawler)
        spider.max_list_pages = crawler.settings.getint("REPORTCRAWLER_MAX_LIST_PAGES", 50)
        return spider

    @property
    def site_config(self) -> SiteConfig:
        return SiteConfig(self.name, self.region_code, SiteHints(self.content_css, self.title_css))

    # --- requests -------------------------------------------------------------------
    async def start(self):
        for request in self.start_requests():
            yield request

    def start_requests(self):
        if self.report_url:
            # Not dont_filter: that would also let an off-site redirect through.
            yield scrapy.Request(self.report_url, callback=self.parse_report, errback=self.on_error)
            return
        for url in self.start_urls:
            yield scrapy.Request(url, callback=self.parse_list, errback=self.on_error)

    # --- list pages -------------------------------------------------------------------
    def parse_list(self, response):
        self.store.set_outcome(response.meta.get("page_id"), "list")
        self._list_pages += 1
        adapter = get_adapter(self.cms)
        try:
            links = adapter.links(response, self.list_css)
            next_pages = list(adapter.next_pages(response, self.parse_list, self.on_error))
        except PageError as exc:
            self._count_error(exc.reason, f"list page: {exc}", response.url, response.meta.get("page_id"))
            return
        logger.info("list page %s: %d links", response.url, len(links))
        if not links:
            self.crawler.stats.inc_value("list/empty")
            logger.warning("list page %s shows no article links (layout changed?)", response.url)
        for url, title in links:
            verdict = classify_title(title)
            if verdict is False:
                if url not in self._rejected_links:
                    self._rejected_links.add(url)
                    self.crawler.stats.inc_value("records/not_report")
                    logger.info("not a report (link title %r): %s", title, url)
                continue
            yield scrapy.Request(url, callback=self.parse_report, errback=self.on_error,
                                 cb_kwargs={"link_title": title})
        if self._list_pages >= self.max_list_pages:
            logger.warning("stopped paging at %d list pages (REPORTCRAWLER_MAX_LIST_PAGES)", self._list_pages)
            return
        yield from next_pages

    # --- report pages ------------------------------------------------------------------
    def parse_report(self, response, link_title: str | None = None):
        page_id = response.meta.get("page_id")
        content_type = response.headers.get("Content-Type", b"").decode("latin-1") or None
        try:
            reading = read_page(response.body, response.url, content_type, self.site_config,
                                fetched_at=response.meta.get("fetched_at"))
        except PageError as exc:
            self._count_error(exc.reason, str(exc), response.url, page_id)
            return
        except Exception as exc:  # an extraction bug must not lose the page or stop the crawl
            logger.exception("parse failed on %s", response.url)
            self._count_error("parse_failed", f"{type(exc).__name__}: {exc}", response.url, page_id)
            return
        self.store.set_outcome(page_id, "parsed", reading.decoded.encoding)
        if reading.problem:
            self._count_error(reading.problem, "page has no report content", response.url, page_id)
            return
        if not reading.is_report:
            self.store.set_outcome(page_id, "not_report")
            self.crawler.stats.inc_value("records/not_report")
            logger.info("not a report (page title %r): %s", reading.item.get("title"), response.url)
            return
        item = reading.item
        item["page_id"] = page_id
        yield item

    # --- failures ------------------------------------------------------------------------
    def on_error(self, failure):
        request = failure.request
        response = getattr(failure.value, "response", None)
        page_id = response.meta.get("page_id") if response is not None else None
        self._count_error(failure_reason(failure), str(failure.value).splitlines()[0][:200] if str(failure.value) else "",
                          request.url, page_id)

    def _count_error(self, reason: str, message: str, url: str, page_id: int | None) -> None:
        self.crawler.stats.inc_value(f"errors/{reason}")
        self.store.set_outcome(page_id, f"error:{reason}")
        logger.warning("error %s: %s%s", reason, url, f" ({message})" if message else "")
