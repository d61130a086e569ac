"""The report's content element, and its lines cleaned to the report text."""

from __future__ import annotations

import re
from functools import lru_cache

from lxml import etree

from ..labels import all_labels, spaced
from ..normalize import collapse_whitespace
from .attachments import document_url
from .selectors import select_each, selectors
from .tree import text_length


def content_selectors(content_css: str | None = None) -> list[str]:
    """The site's selector, then the CMS families' known containers."""
    return ([content_css] if content_css else []) + selectors()["content"]


def find_content(root: etree._Element, content_css: str | None = None,
                 matches: list[list[etree._Element]] | None = None) -> etree._Element | None:
    """The report's content element: the site's selector, the CMS families'
    known containers (first in data order wins), else the block holding the
    most paragraph text. `matches`: select_each's answer for content_selectors(), if known."""
    css_list = content_selectors(content_css)
    matches = matches or select_each(root, css_list)
    for css, nodes in zip(css_list, matches, strict=True):
        sized = [(n, size) for n, size in ((n, text_length(n)) for n in nodes) if size >= 80]
        if sized:
            return max(sized, key=lambda pair: pair[1])[0] if css != content_css else sized[0][0]
    # A report published only as a file: its container holds little more than the link.
    for nodes in matches:
        linking = [n for n in nodes if links_a_document(n)]
        if linking:
            return linking[0]
    # Text-density fallback: credit each paragraph (a <p>, or a <div> holding
    # no other block) to the element that holds it; text split by <br> is
    # credited to its own element.
    credit: dict[etree._Element, int] = {}
    for el in root.xpath("//body//p | //body//div[not(div) and not(table) and not(p)] | //body//br/.."):
        holder = el if el.find("br") is not None and el.tag not in ("p",) else el.getparent()
        if holder is not None:
            credit[holder] = credit.get(holder, 0) + text_length(el)
    if not credit:
        return None
    return max(credit, key=credit.get)


class _AnyPattern:
    """Does any of these regexes find the line? The ones anchored at the
    start are tried only there (one alternation searched along the whole line
    would try every pattern at every position)."""

    def __init__(self, patterns: list[str]):
        anchored = [p for p in patterns if p.startswith("^")]
        floating = [p for p in patterns if not p.startswith("^")]
        self._anchored = re.compile("|".join(f"(?:{p})" for p in anchored)) if anchored else None
        self._floating = re.compile("|".join(f"(?:{p})" for p in floating)) if floating else None

    def search(self, line: str) -> bool:
        return bool((self._anchored and self._anchored.match(line)) or (self._floating and self._floating.search(line)))


def links_a_document(el: etree._Element) -> bool:
    """Does the element hold a link to a PDF / Word / spreadsheet file?"""
    return any(document_url(a.get("href") or "") for a in el.iter("a"))


@lru_cache(maxsize=1)
def _line_patterns() -> tuple[_AnyPattern, _AnyPattern]:
    data = selectors()
    return _AnyPattern(data["boilerplate_lines"]), _AnyPattern(data["cut_after_lines"])


# A metadata line (`索引号：…`, `发布时间：…`, `访问量：…`): never report text.
META_LINE = re.compile(r"^(?:%s)\s*[:：]" % spaced(*all_labels()))
DATE_ONLY = re.compile(
    r"^(?:(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?"
    r"|[〇零○一二三四五六七八九]{4}年[一二三四五六七八九十]{1,3}月[一二三四五六七八九十]{1,3}日)$"
)
_ESCAPED_TAGS = re.compile(r"^(?:\s*</?[a-zA-Z][^<>]*>\s*)+$")
_ATTACHMENT_HEADING = re.compile(r"(?:附件|相关附件)\s*[:：]?")


def clean_body_lines(lines: list[str], titles: list[str], attachment_names: list[str]) -> tuple[list[str], list[str]]:
    """Report text only. Returns (body lines, date lines found above the text)."""
    boilerplate, cut_after = _line_patterns()
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
        if len(line) < 160 and META_LINE.match(line):
            continue
        if not body and DATE_ONLY.match(line):
            leading_dates.append(line)
            continue
        if _ATTACHMENT_HEADING.fullmatch(line):
            continue
        body.append(line)
    return body, leading_dates
