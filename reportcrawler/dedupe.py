"""Dedupe by content: a report already in the store (a re-run, or the same
report at another URL, or in 繁體) becomes a sighting of the stored record and
is counted as `records/duplicate`; it is not a feed item."""

from __future__ import annotations

import logging

from scrapy.exceptions import DropItem

from .store import Store

logger = logging.getLogger(__name__)


class DedupePipeline:
    def __init__(self, store: Store, stats):
        self.store = store
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler):
        return cls(Store.from_crawler(crawler), crawler.stats)

    def process_item(self, item, spider=None):
        if not self.store.has_report(item["content_hash"]):
            return item
        self.store.add_sighting(dict(item))
        self.stats.inc_value("records/duplicate")
        raise DropItem(f"duplicate: {item['url']} is a sighting of a stored report", log_level="INFO")
