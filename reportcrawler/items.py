"""The record: field names are a contract (DESIGN.md)."""

import scrapy

RECORD_FIELDS = (
    "url", "site", "region", "region_code", "title", "report_year", "publish_date", "index_no",
    "doc_no", "source_agency", "body_text", "original_script", "content_hash", "attachments",
    "stats", "stats_warnings", "tables", "fetched_at",
)

# What a feed item carries: the record, and the parser version that read it.
FEED_FIELDS = RECORD_FIELDS + ("parser_version",)


class ReportItem(scrapy.Item):
    url = scrapy.Field()
    site = scrapy.Field()
    region = scrapy.Field()
    region_code = scrapy.Field()
    title = scrapy.Field()
    report_year = scrapy.Field()
    publish_date = scrapy.Field()
    index_no = scrapy.Field()
    doc_no = scrapy.Field()
    source_agency = scrapy.Field()
    body_text = scrapy.Field()
    original_script = scrapy.Field()
    content_hash = scrapy.Field()
    attachments = scrapy.Field()
    stats = scrapy.Field()
    stats_warnings = scrapy.Field()
    tables = scrapy.Field()
    fetched_at = scrapy.Field()
    parser_version = scrapy.Field()
    # Bookkeeping for the store, not part of the record (not exported).
    raw_text = scrapy.Field()
    page_id = scrapy.Field()
    page_encoding = scrapy.Field()


def record_dict(item) -> dict:
    """The record fields of an item, every one present (None where empty)."""
    return {name: item.get(name) for name in RECORD_FIELDS}
