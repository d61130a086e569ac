"""One page -> its raw fields (RawPage), before normalization.

Sources, best first (DESIGN.md "Reading a page"): the portal's metadata
block, the <meta> tags government sites carry by rule, then the text
itself. Where to look is data (data/selectors.json, data/labels.json); a
site spider may add a selector or two (SiteHints).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..figures import table_grid
from .attachments import attachment_links
from .content import clean_body_lines, content_selectors, find_content
from .lines import element_lines
from .metadata import labelled_fields, site_id_code, title_line_dates, unlabelled_dates
from .pairs import best_date, label_value_pairs
from .selectors import select_each
from .spam import offsite_link_texts, remove_spam
from .titles import title_candidates, title_selectors
from .tree import meta_tags, parse_html, remove_junk


@dataclass
class SiteHints:
    """What a site spider may tell the extractor; every field optional."""

    content_css: str | None = None
    title_css: str | None = None


@dataclass
class RawPage:
    """Raw fields of one page; ReportLoader normalizes them."""

    url: str
    title_candidates: list[str] = field(default_factory=list)
    date_candidates: list[str] = field(default_factory=list)
    index_no: str | None = None
    doc_no: str | None = None
    source_candidates: list[str] = field(default_factory=list)
    site_id_code: str | None = None
    body_lines: list[str] = field(default_factory=list)
    attachments: list[dict] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)
    page_lines: list[str] = field(default_factory=list)
    table_grids: list[list[list[str]]] = field(default_factory=list)  # the content's tables, cell by cell
    spam_lines_removed: int = 0  # injected spam lines dropped from the body (spam/lines_removed)

    @property
    def raw_text(self) -> str:
        return "\n".join(self.page_lines)


def extract_page(text: str, url: str, hints: SiteHints | None = None, utf8_body: bytes | None = None) -> RawPage:
    """Read one decoded page (`utf8_body`: its bytes, when they are UTF-8, parsed as they are)."""
    hints = hints or SiteHints()
    root = parse_html(text, utf8_body)
    meta = meta_tags(root)
    remove_junk(root)
    raw = RawPage(url=url, meta=meta)
    # One pass finds what every content and title selector matches.
    content_css, title_css = content_selectors(hints.content_css), title_selectors(hints.title_css)
    matches = select_each(root, content_css + title_css)
    container = find_content(root, hints.content_css, matches[: len(content_css)])
    raw.title_candidates = title_candidates(root, meta, hints.title_css, matches[len(content_css):])
    raw.attachments = attachment_links(container, url)
    if container is not None:  # read before the line walk rewrites the tree
        raw.table_grids = [table_grid(table) for table in container.iter("table")]

    pairs = label_value_pairs(root, container)  # before the line walk rewrites the tree
    spam_links = offsite_link_texts(container, url)
    body_el = root.find("body")
    lines = element_lines(body_el if body_el is not None else root, mark=container)
    raw.page_lines = [line for line, _ in lines]
    inside = [i for i, (_, flag) in enumerate(lines) if flag]
    first, last = (inside[0], inside[-1]) if inside else (len(lines), len(lines) - 1)
    header_zone = [line for line, flag in lines[:first] if not flag]
    footer_zone = [line for line, flag in lines[last + 1:] if not flag]
    content_lines = [line for line, flag in lines if flag]
    raw.body_lines, leading_dates = clean_body_lines(
        content_lines, raw.title_candidates, [a["name"] for a in raw.attachments]
    )
    raw.body_lines, raw.spam_lines_removed = remove_spam(raw.body_lines, spam_links)

    fields = labelled_fields(header_zone + footer_zone[:3] + content_lines[:4])
    # Labels in cells of their own (`<td>索引号</td><td>…</td>`) fill what the lines did not give.
    raw.index_no = fields.index_no or next(iter(pairs["index_no"]), None)
    raw.doc_no = fields.doc_no or next(iter(pairs["doc_no"]), None)
    raw.date_candidates = fields.date_candidates or best_date(pairs["publish_date"])
    if meta.get("PubDate"):
        raw.date_candidates.append(meta["PubDate"])
    raw.date_candidates += leading_dates + unlabelled_dates(header_zone) + title_line_dates(
        header_zone, raw.title_candidates)
    # A label line with nothing after it may have its value in the next element.
    raw.source_candidates = ([s for s in fields.source_candidates if s] or pairs["source_agency"][:1]
                             or fields.source_candidates)
    # An empty visible 来源 is the page's answer ("not stated"); the meta tag
    # speaks only where the page shows no such field at all.
    if meta.get("ContentSource") and not raw.source_candidates:
        raw.source_candidates.append(meta["ContentSource"])
    raw.site_id_code = site_id_code(meta, header_zone, footer_zone)
    return raw
