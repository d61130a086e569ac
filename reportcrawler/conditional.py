"""Conditional GET: a report page the store has a record of is asked for
with the validators of its last 200 (If-None-Match from ETag,
If-Modified-Since from Last-Modified), so an unchanged page costs a 304.

Only requests the spider marks `conditional_get` (see incremental.py): report
pages requested again. List pages never: they are where new reports appear.
"""

from __future__ import annotations

from .store import Store


class ConditionalGetMiddleware:
    def __init__(self, store: Store, stats):
        self.store = store
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler):
        return cls(Store.from_crawler(crawler), crawler.stats)

    def process_request(self, request, spider=None):
        if not request.meta.get("conditional_get"):
            return None
        validators = self.store.page_validators(request.url) or {}
        if validators.get("ETag"):
            request.headers.setdefault("If-None-Match", validators["ETag"])
        if validators.get("Last-Modified"):
            request.headers.setdefault("If-Modified-Since", validators["Last-Modified"])
        if validators:
            self.stats.inc_value("conditional/requests")
        return None

    def process_response(self, request, response, spider=None):
        if response.status == 304 and request.meta.get("conditional_get"):
            self.stats.inc_value("conditional/not_modified")
        return response
