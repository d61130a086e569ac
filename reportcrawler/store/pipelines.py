"""Pipeline steps that work on the crawler's store and stats."""

from __future__ import annotations

import logging

from scrapy.exceptions import DropItem

from .store import Store

logger = logging.getLogger(__name__)


class StoreStep:
    """A pipeline step that works on the crawler's store and stats."""

    def __init__(self, store: Store, stats):
        self.store = store
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler):
        return cls(Store.from_crawler(crawler), crawler.stats)


class StorePipeline(StoreStep):
    """Last step: the record and its first sighting, in one transaction."""

    def process_item(self, item, spider=None):
        if self.store.add_report(dict(item)):
            self.stats.inc_value("records/stored")
            logger.info("stored report %r (%s) from %s", item["title"], item["report_year"], item["url"])
            return item
        # Stored by another process in between: the store made this fetch a sighting.
        self.stats.inc_value("records/duplicate")
        raise DropItem(f"duplicate of a stored report: {item['url']}", log_level="INFO")
