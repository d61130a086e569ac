from __future__ import annotations

from collections.abc import Iterable

from parsel import Selector
from scrapy.http import Request, Response

from ..encoding import decode_page
from ..extractor import dated_links


def page_text(response: Response) -> str:
    """The list page's text, decoded like report pages are (a charset header may lie)."""
    content_type = response.headers.get("Content-Type", b"").decode("latin-1") or None
    return decode_page(response.body, content_type).text


class ListAdapter:
    """A CMS family's column list: its article links and its further pages."""

    name = "base"

    def links(self, response: Response, list_css: str | None = None) -> list[tuple[str, str]]:
        """(absolute URL, full title) of each article the list page shows."""
        return dated_links(Selector(text=page_text(response)), response.url, list_css)

    def next_pages(self, response: Response, callback, errback) -> Iterable[Request]:
        """Requests for the column's other list pages (duplicates are filtered by Scrapy)."""
        return []
