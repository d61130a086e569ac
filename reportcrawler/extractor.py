"""Page -> raw fields: what a report page says, before normalization.

Sources, best first (DESIGN.md "Reading a page"): the portal's metadata
block (索引号 / 发布机构 / 发文日期 / 文号 lines or tables), the <meta> tags
government sites carry by rule, then the text itself. Where to look is data
(data/selectors.json); a site spider may add a selector or two (SiteHints).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from urllib.parse import parse_qs, urljoin, urlparse

from cssselect import HTMLTranslator
from lxml import etree
from parsel import Selector

from .normalize import FIELD_LABELS, collapse_whitespace, has_traditional_chars, to_simplified


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

    @property
    def raw_text(self) -> str:
        return "\n".join(self.page_lines)


@lru_cache(maxsize=1)
def selectors() -> dict:
    with resources.files("reportcrawler").joinpath("data/selectors.json").open(encoding="utf-8") as fh:
        return json.load(fh)


@lru_cache(maxsize=256)
def compiled(css: str) -> etree.XPath:
    """A CSS selector compiled once to an lxml XPath (parsel re-translates and
    wraps every result; this is called ~30 times a page)."""
    return etree.XPath(HTMLTranslator().css_to_xpath(css))


@lru_cache(maxsize=1)
def _line_patterns() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    data = selectors()
    return (
        re.compile("|".join(f"(?:{p})" for p in data["boilerplate_lines"])),
        re.compile("|".join(f"(?:{p})" for p in data["cut_after_lines"])),
        re.compile(r"\.(?:%s)$" % "|".join(data["attachment_extensions"]), re.I),
    )


_PARSER = etree.HTMLParser(recover=True, encoding="utf-8", huge_tree=True, remove_comments=True)


def parse_html(text: str) -> etree._Element:
    """Plain lxml elements (lxml.html's element classes cost a Python lookup
    per element visited, which a whole-tree walk pays thousands of times)."""
    root = etree.fromstring(text.replace("\x00", "").encode("utf-8"), _PARSER)
    if root is None:  # nothing parseable (whitespace, a lone comment)
        root = etree.fromstring(b"<html><body></body></html>", _PARSER)
    return root


# --- text of an element as lines ----------------------------------------------

_BLOCK_TAGS = frozenset(
    "p div li ul ol h1 h2 h3 h4 h5 h6 table tbody thead tfoot tr section article header footer "
    "blockquote pre dl dt dd center form nav aside address hr caption figure figcaption main td th".split()
)
_CELL_TAGS = frozenset({"td", "th"})


def _is_data_row(tr: etree._Element) -> bool:
    """A table row whose cells are data (one body line), not page layout."""
    cells = [c for c in tr if isinstance(c.tag, str) and c.tag in _CELL_TAGS]
    if not cells:
        return False
    for cell in cells:
        if cell.find(".//table") is not None:
            return False
        if len("".join(cell.itertext())) > 300:
            return False
    return True


def element_lines(root: etree._Element, mark: etree._Element | None = None) -> list[tuple[str, bool]]:
    """Visible text as lines (one per block element, <br> segment or table
    row), each with whether it lies inside `mark` (the content element): one
    walk gives the page's lines, the report's and those around it."""
    lines: list[tuple[str, bool]] = []
    buffer: list[str] = []
    inside = False

    def flush() -> None:
        if not buffer:
            return
        text = collapse_whitespace("".join(buffer))
        buffer.clear()
        if text:
            lines.append((text, inside))

    def walk(el: etree._Element) -> None:
        nonlocal inside
        tag = el.tag if isinstance(el.tag, str) else ""
        if not tag:  # comment or processing instruction: only its tail is text
            if el.tail:
                buffer.append(el.tail)
            return
        entering = el is mark
        if entering:
            flush()
            inside = True
        if tag == "br":
            flush()
        elif tag == "tr" and _is_data_row(el):
            flush()
            cells = [collapse_whitespace("".join(c.itertext())) for c in el
                     if isinstance(c.tag, str) and c.tag in _CELL_TAGS]
            row = " ".join(c for c in cells if c)
            if row:
                lines.append((row, inside))
        else:
            block = tag in _BLOCK_TAGS
            if block:
                flush()
            if el.text:
                buffer.append(el.text)
            for child in el:
                walk(child)
            if block:
                flush()
        if entering:
            flush()
            inside = False
        if el.tail:
            buffer.append(el.tail)

    walk(root)
    flush()
    return lines


# --- the page -------------------------------------------------------------------

def _spaced(*labels: str) -> str:
    """Labels as tables print them, spaces allowed between characters (`文    号：`)."""
    return "|".join(r"\s*".join(map(re.escape, label)) for label in labels)


_LABEL = r"(?:[\u4e00-\u9fff]\s*){2,4}[:：]"
# Labels that end the value before them even with no space in between
# (`FZ00101-0400-2016-00007发布时间：…`).
_KNOWN_LABELS = r"(?:%s)\s*[:：]" % _spaced(*FIELD_LABELS)
# A field's value ends where the next label starts (an empty field is
# followed at once by the next label: `文号： 发文日期：…`), at a separator,
# a widget bracket (【字体：大 中 小】) or a wide gap.
_VALUE_END = re.compile(r"(?:^|\s+)(?=%s)|(?=%s)|\s*[|｜【]|\s{2,}" % (_LABEL, _KNOWN_LABELS))
_INDEX_RE = re.compile(r"(?:%s)\s*[:：]\s*" % _spaced("索引号"))
_DOC_NO_RE = re.compile(r"(?:%s)\s*[:：]\s*" % _spaced("发文字号", "文号"))
_SOURCE_RE = re.compile(r"(?:%s)\s*[:：]" % _spaced("信息来源", "文章来源", "来源单位", "来源", "发布机构", "发文机关", "发布单位"))
_DATE_LABELS = ("发布日期", "发布时间", "公开日期", "日期", "时间", "发文日期", "成文日期", "印发日期", "生成日期")
_DATE_RE = re.compile(r"(%s)\s*[:：]\s*" % _spaced(*_DATE_LABELS))
_DATE_ONLY = re.compile(
    r"^(?:(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?"
    r"|[〇零○一二三四五六七八九]{4}年[一二三四五六七八九十]{1,3}月[一二三四五六七八九十]{1,3}日)$"
)
_META_LINE = re.compile(
    r"^(?:%s)\s*[:：]" % _spaced(
        "索引号", "来源", "信息来源", "发布机构", "发文机关", "发布单位", "发文日期", "发布日期", "发布时间", "成文日期",
        "日期", "文号", "发文字号", "公开方式", "公开范围", "公开形式", "公开时限", "主题分类", "体裁分类", "分类", "主题词",
        "关键词", "有效性", "生效日期", "失效日期", "访问量", "浏览量", "浏览次数", "点击数", "点击量", "作者", "字号",
        "组配分类", "信息分类", "所属机构", "生成日期", "名称", "标题")
)
_ESCAPED_TAGS = re.compile(r"^(?:\s*</?[a-zA-Z][^<>]*>\s*)+$")
_SITE_ID_RE = re.compile(r"网站标识码\s*[:：]?\s*(\d{10})")
_DATE_IN_TEXT = re.compile(r"(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}")


def _value_after(line: str, label: re.Pattern) -> str | None:
    match = label.search(line)
    if not match:
        return None
    rest = line[match.end():]
    end = _VALUE_END.search(rest)
    return (rest[: end.start()] if end else rest).strip()


def _hidden(el: etree._Element) -> bool:
    if el.get("hidden") is not None:
        return True
    style = (el.get("style") or "").replace(" ", "").lower()
    return any(pattern in style for pattern in selectors()["hidden_styles"])


def _remove_junk(root: etree._Element) -> None:
    """Scripts, forms, media, injected <menu> spam and hidden elements go, their tails stay."""
    junk = list(root.iter(*selectors()["remove"]))
    junk += [el for el in root.xpath("//*[@style or @hidden]") if _hidden(el)]
    for el in junk:
        parent = el.getparent()
        if parent is None:
            continue
        if el.tail:  # keep the text that follows the removed element
            prev = el.getprevious()
            if prev is not None:
                prev.tail = (prev.tail or "") + el.tail
            else:
                parent.text = (parent.text or "") + el.tail
        parent.remove(el)


def _meta_tags(root: etree._Element) -> dict[str, str]:
    wanted = {name.lower(): name for name in selectors()["meta"]}
    found: dict[str, str] = {}
    for node in root.iter("meta"):
        name = (node.get("name") or "").strip().lower()
        if name in wanted and wanted[name] not in found:
            found[wanted[name]] = collapse_whitespace(node.get("content", ""))
    return found


def _text_len(el: etree._Element) -> int:
    return len(collapse_whitespace("".join(el.itertext())))


def find_content(root: etree._Element, hints: SiteHints) -> etree._Element | None:
    """The report's content element: the site's selector, the CMS families'
    known containers (first in data order wins), else the block holding the
    most paragraph text."""
    css_list = ([hints.content_css] if hints.content_css else []) + selectors()["content"]
    for css in css_list:
        nodes = [n for n in compiled(css)(root) if _text_len(n) >= 80]
        if nodes:
            return max(nodes, key=_text_len) if css != hints.content_css else nodes[0]
    # Text-density fallback: credit each paragraph (a <p>, or a <div> holding
    # no other block) to the element that holds it; text split by <br> is
    # credited to its own element.
    credit: dict[etree._Element, int] = {}
    for el in root.xpath("//body//p | //body//div[not(div) and not(table) and not(p)] | //body//br/.."):
        holder = el if el.find("br") is not None and el.tag not in ("p",) else el.getparent()
        if holder is not None:
            credit[holder] = credit.get(holder, 0) + _text_len(el)
    if not credit:
        return None
    return max(credit, key=credit.get)


def _title_candidates(root: etree._Element, meta: dict[str, str], hints: SiteHints) -> list[str]:
    found: list[str] = []
    if meta.get("ArticleTitle"):
        found.append(meta["ArticleTitle"])
    title_el = next(root.iter("title"), None)
    page_title = collapse_whitespace(" ".join(title_el.itertext())) if title_el is not None else ""
    css_list = ([hints.title_css] if hints.title_css else []) + selectors()["title"]
    for css in css_list:
        for node in compiled(css)(root):
            text = collapse_whitespace(" ".join(node.itertext()))
            if 6 <= len(text) <= 120 and (
                css == hints.title_css or (page_title and text in page_title) or re.search(r"报告|報告|年报|年報", text)
            ):
                found.append(text)
                break
        if len(found) > (1 if meta.get("ArticleTitle") else 0):
            break
    if page_title:
        found.append(page_title)
    return found


def _attachments(container: etree._Element | None, base_url: str) -> list[dict]:
    if container is None:
        return []
    _, _, extension = _line_patterns()
    found: list[dict] = []
    seen: set[str] = set()
    for a in container.iter("a"):
        href = (a.get("href") or "").strip()
        if not href or href.startswith(("javascript:", "#", "mailto:")):
            continue
        url = urljoin(base_url, href)
        parsed = urlparse(url)
        names = [parsed.path] + [v for values in parse_qs(parsed.query).values() for v in values]
        text = collapse_whitespace("".join(a.itertext()))
        if not any(extension.search(n) for n in names) and not extension.search(text):
            continue
        if url in seen:
            continue
        seen.add(url)
        found.append({"url": url, "name": text or parsed.path.rsplit("/", 1)[-1]})
    return found


def clean_body_lines(lines: list[str], titles: list[str], attachment_names: list[str]) -> tuple[list[str], list[str]]:
    """Report text only. Returns (body lines, date lines found above the text)."""
    boilerplate, cut_after, _ = _line_patterns()
    title_set = {collapse_whitespace(t) for t in titles if t}
    attachment_line = None
    if attachment_names:
        attachment_line = re.compile(
            r"^(?:(?:相关)?附件\s*\d*\s*[:：]?\s*)?(?:%s)$" % "|".join(re.escape(n) for n in attachment_names)
        )
    body: list[str] = []
    leading_dates: list[str] = []
    for line in lines:
        # Widgets, labels and footers are short lines: long paragraphs skip the checks.
        short = len(line) < 120
        if short and cut_after.search(line):
            break
        if line in title_set or (line[0] == "<" and _ESCAPED_TAGS.match(line)) or (short and boilerplate.search(line)):
            continue
        if attachment_line and short and attachment_line.match(line):
            continue
        if len(line) < 160 and _META_LINE.match(line):
            continue
        if not body and _DATE_ONLY.match(line):
            leading_dates.append(line)
            continue
        if re.fullmatch(r"(?:附件|相关附件)\s*[:：]?", line):
            continue
        body.append(line)
    return body, leading_dates


def extract_page(text: str, url: str, hints: SiteHints | None = None) -> RawPage:
    """Read one decoded page."""
    hints = hints or SiteHints()
    root = parse_html(text)
    meta = _meta_tags(root)
    _remove_junk(root)
    raw = RawPage(url=url, meta=meta)
    container = find_content(root, hints)
    raw.title_candidates = _title_candidates(root, meta, hints)
    raw.attachments = _attachments(container, url)

    body_el = root.find("body") if root.find("body") is not None else root
    lines = element_lines(body_el, mark=container)
    raw.page_lines = [text for text, _ in lines]
    inside = [i for i, (_, flag) in enumerate(lines) if flag]
    first, last = (inside[0], inside[-1]) if inside else (len(lines), len(lines) - 1)
    header_zone = [text for text, flag in lines[:first] if not flag]
    footer_zone = [text for text, flag in lines[last + 1:] if not flag]
    body_lines = [text for text, flag in lines if flag]
    raw.body_lines, leading_dates = clean_body_lines(
        body_lines, raw.title_candidates, [a["name"] for a in raw.attachments]
    )

    labelled_dates: dict[str, str] = {}
    zone = [line for line in header_zone + footer_zone[:3] + body_lines[:4] if "：" in line or ":" in line]
    # Labels are matched in Simplified (索引號 -> 索引号); values come out Simplified anyway.
    if has_traditional_chars("\n".join(zone)):
        zone = [to_simplified(line) for line in zone]
    for line in zone:
        if raw.index_no is None:
            raw.index_no = _value_after(line, _INDEX_RE) or None
        if raw.doc_no is None:
            raw.doc_no = _value_after(line, _DOC_NO_RE) or None
        source = _value_after(line, _SOURCE_RE)
        if source is not None and not raw.source_candidates:
            raw.source_candidates.append(source)
        for match in _DATE_RE.finditer(line):
            rest = line[match.end():]
            end = _VALUE_END.search(rest)
            value = rest[: end.start()] if end else rest
            label = re.sub(r"\s+", "", match.group(1))
            if re.match(r"\d|[〇零○一二]", value.strip()) and label not in labelled_dates:
                labelled_dates[label] = value.strip()
    raw.date_candidates = [labelled_dates[label] for label in _DATE_LABELS if label in labelled_dates]
    if meta.get("PubDate"):
        raw.date_candidates.append(meta["PubDate"])
    raw.date_candidates += leading_dates
    raw.date_candidates += [line for line in header_zone[-12:] if _DATE_ONLY.match(line)]
    # An empty visible 来源 is the page's answer ("not stated"); the meta tag
    # speaks only where the page shows no such field at all.
    if meta.get("ContentSource") and not raw.source_candidates:
        raw.source_candidates.append(meta["ContentSource"])
    site_id = meta.get("SiteIDCode")
    if not site_id:
        match = _SITE_ID_RE.search("\n".join(footer_zone[-40:] + header_zone[:5]))
        site_id = match.group(1) if match else None
    raw.site_id_code = site_id
    return raw


def dated_links(response_or_sel, base_url: str, list_css: str | None = None) -> list[tuple[str, str]]:
    """(url, full title) of the links a column list shows: anchors whose list
    item also carries a date. The `title` attribute (the full title) wins over
    the link text, which list pages truncate."""
    sel = response_or_sel if isinstance(response_or_sel, Selector) else Selector(text=response_or_sel)
    scope = sel.css(list_css) if list_css else [sel]
    found: list[tuple[str, str]] = []
    seen: set[str] = set()
    for part in scope:
        for a in part.xpath(".//a[@href]"):
            el = a.root
            href = (el.get("href") or "").strip()
            if not href or href.startswith(("javascript:", "#", "mailto:")):
                continue
            item = el.getparent()
            while item is not None and item.tag not in ("li", "tr", "dd", "dt", "p", "div", "td"):
                item = item.getparent()
            if item is None:
                continue
            if item.tag == "td":
                row = item.getparent()
                item = row if row is not None else item
            item_text = collapse_whitespace("".join(item.itertext()))
            if not list_css and not _DATE_IN_TEXT.search(item_text):
                continue
            text = collapse_whitespace("".join(el.itertext()))
            title = collapse_whitespace(el.get("title") or "") or text
            if len(title) < 4:
                continue
            url = urljoin(base_url, href)
            if url in seen:
                continue
            seen.add(url)
            found.append((url, title))
    return found
