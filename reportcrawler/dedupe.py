"""Dedupe by content: a report already in the store (a re-run, or the same
report at another URL, or in 繁體) becomes a sighting of the stored record and
is counted as `records/duplicate`; it is not a feed item."""

from __future__ import annotations

import logging

from scrapy.exceptions import DropItem

from .store import StoreStep

logger = logging.getLogger(__name__)


class DedupePipeline(StoreStep):
    def process_item(self, item, spider=None):
        if not self.store.has_report(item["content_hash"]):
            return item
        self.store.add_sighting(dict(item))
        self.stats.inc_value("records/duplicate")
        raise DropItem(f"duplicate: {item['url']} is a sighting of a stored report", log_level="INFO")
