"""Keep every fetched response's raw bytes before anything can fail.

A downloader middleware close to the engine: it sees final responses (after
redirects, retries and decompression), writes each to the `pages` table and
puts the row id into `response.meta["page_id"]` for the spider and pipelines,
which set the page's outcome later.
"""

from __future__ import annotations

import datetime as dt

from .store import Store


def utc_now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


class PageArchiveMiddleware:
    def __init__(self, store: Store, crawler):
        self.store = store
        self.crawler = crawler
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler):
        return cls(Store.from_crawler(crawler), crawler)

    def process_response(self, request, response, spider=None):
        if request.meta.get("dont_archive") or response.url.endswith("/robots.txt"):
            return response
        headers = {
            k.decode("latin-1"): b", ".join(v).decode("latin-1") for k, v in response.headers.items()
        }
        fetched_at = utc_now()
        page_id = self.store.save_page(
            response.url, getattr(self.crawler.spider, "name", None), response.status, headers, response.body, fetched_at
        )
        self.stats.inc_value("pages/archived")
        # request.meta, not response.meta: a live response is tied to its
        # request only after the downloader middlewares (the dict is the same).
        request.meta["page_id"] = page_id
        request.meta["fetched_at"] = fetched_at
        return response
