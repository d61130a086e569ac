"""Lists never silently short: a column list that declares how many records
(Hanweb's totalRecord) or pages (TRS's countPage) it has is checked, when the
crawl finishes, against what the crawl reached. A shortfall is a warning that
names the list and a `list/incomplete` count. A deliberate stop (the crawl
closed before finishing, or REPORTCRAWLER_MAX_LIST_PAGES reached, which warns
on its own) is not counted.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from scrapy import signals

logger = logging.getLogger(__name__)


@dataclass
class ListProgress:
    declared_records: int | None = None
    declared_pages: int | None = None
    records: int = 0
    pages: int = 0
    stopped: bool = False  # paging stopped on purpose


class ListCompleteness:
    def __init__(self, crawler):
        self.crawler = crawler
        self.lists: dict[str, ListProgress] = {}

    @classmethod
    def from_crawler(cls, crawler) -> ListCompleteness:
        check = cls(crawler)
        crawler.signals.connect(check.spider_closed, signal=signals.spider_closed)
        return check

    @staticmethod
    def root_of(response) -> str:
        """The list a page belongs to: its first page's URL."""
        return response.meta.get("list_root") or response.url

    def saw(self, response, adapter, links: list) -> str:
        """One page of a list read; returns the list's root (next-page requests carry it as `list_root`)."""
        root = self.root_of(response)
        progress = self.lists.setdefault(root, ListProgress())
        declared = adapter.declared(response)
        if declared:
            kind, count = declared
            if kind == "records":
                progress.declared_records = max(progress.declared_records or 0, count)
            else:
                progress.declared_pages = max(progress.declared_pages or 0, count)
        progress.records += adapter.records_on(response, links)
        progress.pages += 1
        return root

    def stopped(self, response) -> None:
        self.lists.setdefault(self.root_of(response), ListProgress()).stopped = True

    def spider_closed(self, spider, reason: str) -> None:
        if reason != "finished":
            return
        for root, progress in self.lists.items():
            short = []
            if progress.declared_records and progress.records < progress.declared_records:
                short.append(f"{progress.declared_records} records declared, {progress.records} reached")
            if progress.declared_pages and progress.pages < progress.declared_pages:
                short.append(f"{progress.declared_pages} pages declared, {progress.pages} reached")
            if short and not progress.stopped:
                self.crawler.stats.inc_value("list/incomplete")
                logger.warning("list incomplete: %s (%s)", root, "; ".join(short))
