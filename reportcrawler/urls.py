"""Canonical URLs: tracking parameters (utm_*, from, spm, …) are dropped from
every request the spiders make, so the same report linked with and without
them is fetched once, stored once, at the URL without them."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

from scrapy import Request
from w3lib.url import url_query_cleaner

# Parameters that say where a visitor came from, never which page they see.
TRACKING_PARAMS = frozenset({
    "from", "spm", "scene", "isappinstalled", "clicktime", "wxfrom", "share", "sharefrom", "share_from",
    "fbclid", "gclid", "yclid", "msclkid", "_hsenc", "_hsmi", "mc_cid", "mc_eid", "srcid", "source_from",
})


def is_tracking(name: str) -> bool:
    name = name.lower()
    return name in TRACKING_PARAMS or name.startswith("utm_")


def strip_tracking(url: str) -> str:
    """The URL without tracking parameters (the rest of the query kept in order)."""
    query = urlsplit(url).query
    if not query:
        return url
    names = [name for name, _ in parse_qsl(query, keep_blank_values=True) if is_tracking(name)]
    if not names:
        return url
    return url_query_cleaner(url, names, remove=True, unique=False, keep_fragments=True)


class CanonicalUrlMiddleware:
    """Spider middleware: every request the spider yields (start requests too) without tracking parameters."""

    @staticmethod
    def _clean(result):
        if isinstance(result, Request):
            url = strip_tracking(result.url)
            if url != result.url:
                return result.replace(url=url)
        return result

    def process_spider_output(self, response, result, spider=None):
        for entry in result:
            yield self._clean(entry)

    async def process_spider_output_async(self, response, result, spider=None):
        async for entry in result:
            yield self._clean(entry)

    async def process_start(self, start):
        async for entry in start:
            yield self._clean(entry)
