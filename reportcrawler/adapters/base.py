from __future__ import annotations

from collections.abc import Iterable

from scrapy.http import Request, Response

from .links import ListEntry, list_entries, page_selector


class ListAdapter:
    """A CMS family's column list: its article links and its further pages."""

    name = "base"

    def links(self, response: Response, list_css: str | None = None) -> list[tuple[str, str]]:
        """(absolute URL, full title) of each article the list page shows."""
        return [(entry.url, entry.title) for entry in self.entries(response, list_css)]

    def entries(self, response: Response, list_css: str | None = None) -> list[ListEntry]:
        """Each article the list page shows, with the date its list item gives."""
        return list_entries(page_selector(response), response.url, list_css)

    def next_pages(self, response: Response, callback, errback) -> Iterable[Request]:
        """Requests for the column's other list pages (duplicates are filtered by Scrapy)."""
        return []

    def declared(self, response: Response) -> tuple[str, int] | None:
        """What the list page says the whole list holds: ("records", N) or ("pages", N); None when silent."""
        return None

    def records_on(self, response: Response, links: list) -> int:
        """How many of the list's records this page carries."""
        return len(links)
