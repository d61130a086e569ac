"""One page in, one reading out: the path shared by the spiders, `parse`
and (later) `reparse`, so that all three give the same record."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlparse

from .classify import is_report_page, is_report_title
from .encoding import DecodedPage, decode_page
from .extraction import RawPage, SiteHints, extract_page
from .figures import Document, collapse_space, read_document
from .figurestep import add_figures
from .items import ReportItem
from .loader import ReportLoader
from .regions import code_from_site_id

# Bump when extraction or normalization changes what a page yields; records
# carry it, and `reportcrawler reparse` brings older records up to date.
PARSER_VERSION = "2"  # 2: figures (stats, stats_warnings, tables); label/value pairs, title lines, spam, expiry dates

# Shorter than this, a report page has no text of its own ("详见附件").
_OWN_TEXT = 300
_SOFT_404 = re.compile(r"404|页面不存在|頁面不存在|页面未找到|找不到|無法找到|无法找到|not found|已删除|已被删除|出错了", re.I)


@dataclass
class SiteConfig:
    """What a site spider knows about its portal."""

    name: str | None = None
    region_code: str | None = None
    hints: SiteHints = field(default_factory=SiteHints)


@dataclass
class PageReading:
    item: ReportItem
    is_report: bool
    decoded: DecodedPage
    raw: RawPage
    problem: str | None = None  # e.g. "soft_404": a page served 200 that has no content
    document_url: str | None = None  # a report page without text of its own: the file that holds it


def build_item(raw: RawPage, site: SiteConfig, fetched_at: str | None = None) -> ReportItem:
    loader = ReportLoader()
    loader.add_value("url", raw.url)
    loader.add_value("site", site.name)
    loader.add_value("region_code", site.region_code)
    loader.add_value("region_code", code_from_site_id(raw.site_id_code))
    loader.add_value("title", raw.title_candidates)
    loader.add_value("publish_date", raw.date_candidates)
    loader.add_value("index_no", raw.index_no)
    loader.add_value("doc_no", raw.doc_no)
    loader.add_value("source_agency", raw.source_candidates)
    loader.add_value("body_text", "\n".join(raw.body_lines))
    loader.add_value("original_script", " ".join(raw.title_candidates[:1] + raw.body_lines))
    loader.add_value("attachments", raw.attachments)
    loader.add_value("fetched_at", fetched_at)
    loader.add_value("raw_text", raw.raw_text)
    loader.add_value("parser_version", PARSER_VERSION)
    item = loader.load_item()
    add_figures(item, raw.table_grids)
    return item


def document_link(attachments: list[dict], body_text: str) -> str | None:
    """The PDF or Word file that holds the report, when the page has no
    report text of its own (a short note, or only the link)."""
    if len(body_text) >= _OWN_TEXT:
        return None
    for suffixes in ((".pdf", ".docx"), (".doc",)):  # a readable file first
        for attachment in attachments:
            names = (urlparse(attachment["url"]).path.lower(), attachment["url"].lower(), attachment["name"].lower())
            if any(name.endswith(suffixes) for name in names):
                return attachment["url"]
    return None


def without_title(lines: list[str], titles: list[str]) -> list[str]:
    """A file's text without its opening title line: body_text never repeats the
    title, so a report published as a page and as a file hashes the same."""
    titles_seen = {collapse_space(title) for title in titles}
    start = 0
    while start < len(lines) and collapse_space(lines[start]) in titles_seen:
        start += 1
    return list(lines[start:])


def read_page(
    body: bytes,
    url: str,
    content_type: str | None = None,
    site: SiteConfig | None = None,
    encoding: str | None = None,
    fetched_at: str | None = None,
    document: Document | None = None,
) -> PageReading:
    """Decode, extract, load and classify one page; with `document` (the
    file the page links, read), the report text and tables come from it.

    Raises PageError for bytes that are not a text page at all (empty,
    binary, undecodable). A page that reads but has no content (a soft 404
    served with status 200) comes back with `problem` set; a report page
    whose text is in a linked file, with `document_url` set.
    """
    site = site or SiteConfig()
    decoded = decode_page(body, content_type, encoding)
    # UTF-8 bytes (no BOM) are parsed as they came: no second encode of the text.
    utf8_body = (body if decoded.encoding == "utf-8" and not decoded.repaired and not body.startswith(b"\xef\xbb\xbf")
                 else None)
    raw = extract_page(decoded.text, url, site.hints, utf8_body)
    if document is not None:
        raw.body_lines, raw.table_grids = without_title(document.lines, raw.title_candidates), list(document.grids)
    item = build_item(raw, site, fetched_at)
    problem = None
    body = item.get("body_text") or ""
    document_url = None if document is not None else document_link(item.get("attachments") or [], body)
    if document_url and is_report_title(item.get("title")):
        return PageReading(item=item, is_report=True, decoded=decoded, raw=raw, document_url=document_url)
    if not body and (not raw.title_candidates or len(raw.raw_text) < 200):
        problem = "soft_404"  # an empty article template
    elif len(body) < 300 and (
        any(_SOFT_404.search(t) for t in raw.title_candidates) or _SOFT_404.search(body)
    ) and not is_report_title(item.get("title")):
        problem = "soft_404"  # "页面不存在" served with status 200
    is_report = problem is None and is_report_page(item.get("title"), body)
    return PageReading(item=item, is_report=is_report, decoded=decoded, raw=raw, problem=problem)


def read_page_with_document(body: bytes, url: str, content_type: str | None, site: SiteConfig | None,
                            fetched_at: str | None, document_body: bytes, document_url: str) -> PageReading:
    """A report page whose text is in the file it links. Raises DocumentError
    (unsupported_attachment, attachment_too_large, …) or PageError."""
    return read_page(body, url, content_type, site, fetched_at=fetched_at,
                     document=read_document(document_body, document_url))
