"""A column list's article links, and the list page's one parsed tree."""

from __future__ import annotations

import re
from typing import NamedTuple
from urllib.parse import urljoin
from weakref import WeakKeyDictionary

from parsel import Selector
from scrapy.http import Response

from ..encoding import decoded_response
from ..normalize import collapse_whitespace, date_in_text

_DATE_IN_TEXT = re.compile(r"(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}")
_ITEM_TAGS = ("li", "tr", "dd", "dt", "p", "div", "td")
_SELECTORS: WeakKeyDictionary = WeakKeyDictionary()


def page_text(response: Response) -> str:
    """The page's text, decoded once (a charset header may lie: see encoding.py)."""
    return decoded_response(response).text


def page_selector(response: Response) -> Selector:
    """The page parsed once, shared by every adapter and the navigation."""
    selector = _SELECTORS.get(response)
    if selector is None:
        selector = _SELECTORS[response] = Selector(text=page_text(response))
    return selector


class ListEntry(NamedTuple):
    """One article a column list shows: its URL, full title and the date beside it (or None)."""

    url: str
    title: str
    date: str | None


def dated_links(selector: Selector, base_url: str, list_css: str | None = None) -> list[tuple[str, str]]:
    """(url, full title) of the links a column list shows (see list_entries)."""
    return [(entry.url, entry.title) for entry in list_entries(selector, base_url, list_css)]


def list_entries(selector: Selector, base_url: str, list_css: str | None = None) -> list[ListEntry]:
    """The links a column list shows: anchors whose list item also carries a
    date, with that date (`YYYY-MM-DD`; None when only a year-month is there).
    The `title` attribute (the full title) wins over the link text, which list
    pages truncate."""
    scope = selector.css(list_css) if list_css else [selector]
    found: list[ListEntry] = []
    seen: set[str] = set()
    for part in scope:
        for a in part.xpath(".//a[@href]"):
            el = a.root
            href = (el.get("href") or "").strip()
            if not href or href.startswith(("javascript:", "#", "mailto:")):
                continue
            item = el.getparent()
            while item is not None and item.tag not in _ITEM_TAGS:
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
            # The date beside the link, not one inside its title (…2019年1月1日起施行…).
            found.append(ListEntry(url, title, date_in_text(item_text.replace(text, " ", 1))))
    return found
