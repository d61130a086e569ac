"""First pipeline step: a record without title, body_text or report_year is
dropped, its reason logged, counted (`dropped/<reason>`) and kept on its page row."""

from __future__ import annotations

import logging

from scrapy.exceptions import DropItem

from .store import StoreStep

logger = logging.getLogger(__name__)

REQUIRED = (("title", "missing_title"), ("body_text", "missing_body"), ("report_year", "missing_report_year"))


def validation_error(item) -> str | None:
    """The reason an item is not a valid record, or None."""
    for field, reason in REQUIRED:
        if not item.get(field):
            return reason
    date = item.get("publish_date")
    if date is not None and not (len(date) == 10 and date[4] == "-" and date[7] == "-"):
        return "bad_publish_date"
    return None


class ValidatePipeline(StoreStep):
    def process_item(self, item, spider=None):
        reason = validation_error(item)
        if reason is None:
            return item
        self.stats.inc_value(f"dropped/{reason}")
        self.store.set_outcome(item.get("page_id"), f"dropped:{reason}", item.get("page_encoding"))
        raise DropItem(f"{reason}: {item.get('url')} (title {item.get('title')!r})", log_level="WARNING")
