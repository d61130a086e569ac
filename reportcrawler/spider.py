"""ReportSpider: the machinery every portal spider shares.

A site spider is configuration: name, allowed_domains, start_urls,
region_code, cms (the CMS family: see reportcrawler.adapters; `auto` tries
them all) and, where the generic extraction needs help, content_css /
title_css / list_css. With `navigate = True` (the `portal` spider) it starts
anywhere on a portal and follows 政务公开 / 信息公开 / 年报 links toward the
report columns, within REPORTCRAWLER_MAX_DEPTH hops and
REPORTCRAWLER_MAX_NAV_PAGES pages.

Flow: column list pages (adapter: links + pagination) -> report pages ->
read_page (decode, extract, load, classify) -> item pipelines (validate ->
dedupe -> store). The raw response is already in the store (archive
middleware) before any of this runs.
"""

from __future__ import annotations

import logging
import re
from urllib.parse import urlparse

import scrapy

from .adapters import get_adapter
from .adapters.links import page_selector
from .classify import classify_title, is_navigation_link
from .encoding import PageError, content_type_of
from .extraction import SiteHints
from .failures import failure_reason
from .fates import record_unanswered
from .figures import DocumentError
from .incremental import Incremental
from .items import ReportItem
from .listcheck import ListCompleteness
from .offsite import url_in_domains
from .record import SiteConfig
from .store import Store
from .workers import ExtractionPool

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


# A navigation link whose text names a report column: its list is a column.
_COLUMN_TEXT = ("年报", "年度报告", "工作报告")
# Site-search result pages are not navigation (and robots.txt usually forbids them).
_SEARCH_URL = re.compile(r"search|jrobot|was5|[?&](?:q|query|keyword|keywords|searchword|wd)=", re.I)


class ReportSpider(scrapy.Spider):
    cms: str = "auto"
    navigate: bool = False
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
            if host and not url_in_domains(report_url, domains):
                # The user asked for this page: fetching it is not going off-site.
                self.allowed_domains = domains + [host]
        self._rejected_links: set[str] = set()
        self._list_pages = 0
        self._nav_pages = 0

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
        spider.reader = ExtractionPool.from_crawler(crawler)
        spider.incremental = Incremental.from_crawler(crawler, spider.name)
        spider.lists = ListCompleteness.from_crawler(crawler)
        spider.max_list_pages = crawler.settings.getint("REPORTCRAWLER_MAX_LIST_PAGES", 50)
        spider.max_depth = crawler.settings.getint("REPORTCRAWLER_MAX_DEPTH", 3)
        spider.max_nav_pages = crawler.settings.getint("REPORTCRAWLER_MAX_NAV_PAGES", 200)
        return spider

    @property
    def site_config(self) -> SiteConfig:
        return SiteConfig(self.name, self.region_code, SiteHints(self.content_css, self.title_css))

    def config_for(self, response) -> SiteConfig:
        """The site configuration, with a region code the request carries (portal start files)."""
        config = self.site_config
        if response.meta.get("region_code"):
            config.region_code = response.meta["region_code"]
        return config

    def follow(self, response, url: str, callback, errback=None, **meta) -> scrapy.Request:
        """A request that carries the portal's region code along."""
        if response.meta.get("region_code"):
            meta.setdefault("region_code", response.meta["region_code"])
        return scrapy.Request(url, callback=callback, errback=errback or self.on_error, meta=meta)

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
            yield scrapy.Request(url, callback=self.parse_list, errback=self.on_error,
                                 meta={"nav_depth": 0, "column": not self.navigate})

    # --- list and navigation pages ---------------------------------------------------
    def parse_list(self, response):
        """A column list (its article links and further pages) or, when
        navigating, any portal page (its links toward the report columns)."""
        page_id = response.meta.get("page_id")
        self.store.set_outcome(page_id, "list")
        self._list_pages += 1
        adapter = get_adapter(self.cms)
        try:
            links = adapter.entries(response, self.list_css)
            next_pages = list(adapter.next_pages(response, self.parse_list, self.on_error))
        except PageError as exc:
            self._count_error(exc.reason, f"list page: {exc}", response.url, page_id)
            return
        except Exception as exc:  # an adapter bug: counted, one line, the crawl goes on
            self._count_error("parse_failed", f"list page: {type(exc).__name__}: {exc}", response.url, page_id)
            return
        verdicts = [(entry, classify_title(entry.title)) for entry in links]
        column = (not self.navigate or response.meta.get("column")
                  or any(verdict is True for _, verdict in verdicts))
        list_root = self.lists.saw(response, adapter, links) if column else response.url
        logger.info("%s %s: %d links", "list page" if column else "page", response.url, len(links))
        if column and not links:
            self.crawler.stats.inc_value("list/empty")
            logger.warning("list page %s shows no article links (layout changed?)", response.url)
        requested = known = 0
        for (url, title, date), verdict in verdicts:
            if verdict is False or (verdict is None and not column):
                if column and url not in self._rejected_links:
                    self._rejected_links.add(url)
                    self.crawler.stats.inc_value("records/not_report")
                    logger.info("not a report (link title %r): %s", title, url)
                continue
            meta = self.incremental.link(url, date)  # None: known, not requested again
            known, requested = known + (meta is None), requested + (meta is not None)
            if meta is not None:
                yield self.follow(response, url, self.parse_report, link_title=title, **meta)
        if self.navigate:
            yield from self.navigation_requests(response)
        if not column:
            return
        if self._list_pages >= self.max_list_pages:
            logger.warning("stopped paging at %d list pages (REPORTCRAWLER_MAX_LIST_PAGES)", self._list_pages)
            self.lists.stopped(response)
            return
        all_known = known > 0 and not requested
        if all_known and self.incremental.active and self.incremental.may_stop_paging:
            self.lists.stopped(response)  # an incremental stop is deliberate, not an incomplete list
        for request in next_pages:  # before incremental.py holds some back: the held ones keep this meta
            request.meta.update(column=True, nav_depth=response.meta.get("nav_depth", 0), list_root=list_root)
            if response.meta.get("region_code"):
                request.meta["region_code"] = response.meta["region_code"]
        yield from self.incremental.next_pages(self, response, next_pages, all_known)

    def navigation_requests(self, response):
        """Links toward the report columns (政务公开 -> 政府信息公开 -> 年报), and
        reports a portal page links directly (a 年度报告 box on the homepage)."""
        depth = response.meta.get("nav_depth", 0)
        try:
            selector = page_selector(response)
        except PageError:
            return
        domains = getattr(self, "allowed_domains", None) or []
        for a in selector.xpath("//a[@href]"):
            href = (a.attrib.get("href") or "").strip()
            if not href or href.startswith(("javascript:", "#", "mailto:")):
                continue
            url = response.urljoin(href)
            if (domains and not url_in_domains(url, domains)) or _SEARCH_URL.search(url):
                continue
            text = " ".join(" ".join(a.xpath(".//text()").getall()).split()) or a.attrib.get("title", "")
            title = a.attrib.get("title") or text
            if classify_title(title) is True:
                if (meta := self.incremental.link(url, None)) is not None:
                    yield self.follow(response, url, self.parse_report, link_title=title, **meta)
            elif is_navigation_link(text) and depth < self.max_depth and self._nav_pages < self.max_nav_pages:
                self._nav_pages += 1
                yield self.follow(response, url, self.parse_list, nav_depth=depth + 1,
                                  column=any(word in text for word in _COLUMN_TEXT))

    # --- report pages ------------------------------------------------------------------
    async def parse_report(self, response):
        page_id = response.meta.get("page_id")
        if response.status == 304:  # asked with validators (incremental.py): unchanged
            if not self.incremental.not_modified(response):
                self._count_error("not_modified_unknown", "304 for a page with no stored record", response.url, page_id)
            return
        reading = await self._read(response, response.body, response.url, content_type_of(response), page_id,
                                   response.meta.get("fetched_at"))
        if reading is None:
            return
        if reading.document_url:  # the report is in the file the page links: read the page with it
            report_page = {"body": response.body, "url": response.url, "content_type": content_type_of(response),
                           "fetched_at": response.meta.get("fetched_at"), "page_id": page_id}
            yield self.follow(response, reading.document_url, self.parse_document, self.on_document_error,
                              report_page=report_page)
            return
        for item in self._report_item(reading, response.url, page_id):
            yield item

    async def parse_document(self, response):
        """The PDF / DOCX of a report page that has no text of its own."""
        page = response.meta["report_page"]
        try:
            reading = await self._read(response, page["body"], page["url"], page["content_type"], page["page_id"],
                                       page["fetched_at"], document=(response.body, response.url))
        except DocumentError as exc:
            self._count_error(exc.reason, str(exc), page["url"], page["page_id"])
            self.store.set_outcome(response.meta.get("page_id"), f"error:{exc.reason}")
            return
        self.store.set_outcome(response.meta.get("page_id"), "attachment")
        if reading is not None:
            for item in self._report_item(reading, page["url"], page["page_id"]):
                yield item

    async def _read(self, response, body: bytes, url: str, content_type: str | None, page_id: int | None,
                    fetched_at: str | None, document: tuple[bytes, str] | None = None):
        """The page's reading, or None when it failed (counted, one line, outcome set).
        A linked file that cannot be read raises DocumentError."""
        try:
            result = await self.reader.read(body, url, content_type, self.config_for(response), fetched_at, document)
            for key, count in (result.counts or {}).items():
                self.crawler.stats.inc_value(key, count)
            return result
        except DocumentError:
            raise
        except PageError as exc:
            self._count_error(exc.reason, str(exc), url, page_id)
        except Exception as exc:  # an extraction bug must not lose the page or stop the crawl
            self._count_error("parse_failed", f"{type(exc).__name__}: {exc}", url, page_id)
        return None

    def _report_item(self, reading, url: str, page_id: int | None):
        if reading.problem:
            self._count_error(reading.problem, "page has no report content", url, page_id, reading.encoding)
            return
        if not reading.is_report:
            self.store.set_outcome(page_id, "not_report", reading.encoding)
            self.crawler.stats.inc_value("records/not_report")
            logger.info("not a report (page title %r): %s", reading.item.get("title"), url)
            return
        item = ReportItem(reading.item)
        item["page_id"] = page_id
        item["page_encoding"] = reading.encoding  # written with the page's final outcome
        yield item

    # --- failures ------------------------------------------------------------------------
    def on_error(self, failure):
        request = failure.request
        response = getattr(failure.value, "response", None)
        reason = failure_reason(failure)
        page_id = response.meta.get("page_id") if response is not None else record_unanswered(self.crawler, request, reason)
        self._count_error(reason, str(failure.value).splitlines()[0][:200] if str(failure.value) else "",
                          request.url, page_id)

    def on_document_error(self, failure):
        """The file a report page needs was not fetched: the page shares its fate (counted once)."""
        self.on_error(failure)
        page = failure.request.meta["report_page"]
        self.store.set_outcome(page["page_id"], f"error:{failure_reason(failure)}")

    def _count_error(self, reason: str, message: str, url: str, page_id: int | None,
                     encoding: str | None = None) -> None:
        self.crawler.stats.inc_value(f"errors/{reason}")
        self.store.set_outcome(page_id, f"error:{reason}", encoding)
        logger.warning("error %s: %s%s", reason, url, f" ({message})" if message else "")
