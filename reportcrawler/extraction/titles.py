"""Title candidates, best first: the ArticleTitle meta tag, the page's
heading (site selector, then the known title containers), the <title>."""

from __future__ import annotations

import re

from lxml import etree

from ..labels import all_labels, spaced
from ..normalize import collapse_whitespace
from .selectors import select_each, selectors

_REPORT_WORD = re.compile(r"报告|報告|年报|年報")
# Where a title line's metadata starts: a date (`2017年03月20日 10:21`, `2017-03-20`) or a label with its colon.
_TITLE_METADATA = re.compile(
    r"\s+(?=(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]|(?:%s)\s*[:：])" % spaced(*all_labels()))


def split_title_line(text: str) -> tuple[str, str]:
    """`标题 2017年03月20日 10:21 来源：某局` -> (`标题`, `2017年03月20日 10:21 来源：某局`);
    a line with no metadata after the title -> (line, '')."""
    match = _TITLE_METADATA.search(text)
    if match is None or match.start() < 6:
        return text, ""
    return text[: match.start()], text[match.end():]


def title_selectors(title_css: str | None = None) -> list[str]:
    """The site's selector, then the known title containers."""
    return ([title_css] if title_css else []) + selectors()["title"]


def title_candidates(root: etree._Element, meta: dict[str, str], title_css: str | None = None,
                     matches: list[list[etree._Element]] | None = None) -> list[str]:
    """`matches`: select_each's answer for title_selectors(), if known."""
    found: list[str] = []
    if meta.get("ArticleTitle"):
        found.append(meta["ArticleTitle"])
    title_el = next(root.iter("title"), None)
    page_title = collapse_whitespace(" ".join(title_el.itertext())) if title_el is not None else ""
    css_list = title_selectors(title_css)
    for css, nodes in zip(css_list, matches or select_each(root, css_list), strict=True):
        for node in nodes:
            text = split_title_line(collapse_whitespace(" ".join(node.itertext())))[0]
            if 6 <= len(text) <= 120 and (
                css == title_css or (page_title and text in page_title) or _REPORT_WORD.search(text)
            ):
                found.append(text)
                break
        if len(found) > (1 if meta.get("ArticleTitle") else 0):
            break
    if page_title:
        found.append(page_title)
    return found
