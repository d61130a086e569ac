"""ReportLoader: raw fields in, normalized record out (itemloaders processors)."""

from __future__ import annotations

from itemloaders.processors import Identity, Join, MapCompose, TakeFirst
from scrapy.loader import ItemLoader

from .hashing import content_hash
from .items import ReportItem
from .normalize import (
    clean_title,
    collapse_whitespace,
    detect_script,
    find_report_year,
    normalize_date,
    normalize_doc_no,
    normalize_index_no,
    normalize_source_agency,
    to_simplified,
)
from .regions import current_code, region_name


def _attachment(value: dict) -> dict | None:
    if not value or not value.get("url"):
        return None
    return {"url": value["url"], "name": to_simplified(collapse_whitespace(value.get("name"))) or ""}


class ReportLoader(ItemLoader):
    """Every text field comes out Simplified; add candidates best first."""

    default_item_class = ReportItem
    default_output_processor = TakeFirst()

    title_in = MapCompose(to_simplified, clean_title)
    publish_date_in = MapCompose(normalize_date)
    index_no_in = MapCompose(normalize_index_no)
    doc_no_in = MapCompose(to_simplified, normalize_doc_no)
    source_agency_in = MapCompose(to_simplified, normalize_source_agency)
    region_code_in = MapCompose(current_code)
    # One value: the extractor's lines joined (already white-space collapsed),
    # converted once rather than line by line.
    body_text_in = MapCompose(to_simplified)
    original_script_in = MapCompose(detect_script)
    attachments_in = MapCompose(_attachment)
    attachments_out = Identity()
    stats_out = TakeFirst()
    raw_text_out = Join("\n")

    def load_item(self) -> ReportItem:
        item = super().load_item()
        item.setdefault("attachments", [])
        item.setdefault("stats", {})
        item.setdefault("stats_warnings", [])
        item.setdefault("tables", [])
        item["region"] = region_name(item.get("region_code"))
        body = item.get("body_text") or ""
        item["body_text"] = body
        item["report_year"] = find_report_year(item.get("title"), body)
        item["content_hash"] = content_hash(body) if body else None
        for name in ("source_agency", "title", "publish_date", "index_no", "doc_no", "region_code", "original_script",
                     "fetched_at", "site"):
            item.setdefault(name, None)
        return item
