"""The public-suffix list: tldextract's bundled snapshot, never fetched.

tldextract downloads the list on first use unless told not to. Scrapy's
cookies middleware builds its own TLDExtract that way at import, so the first
crawl on a new machine (a replay, offline, included) would try the network and
log a traceback where there is none. The project's settings module puts the
bundled-snapshot extractor in its place before any crawl starts.
"""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import urlparse

import tldextract


@lru_cache(maxsize=2)
def bundled_extract(private_domains: bool = False) -> tldextract.TLDExtract:
    """A TLDExtract on the snapshot shipped with tldextract: no download, no cache files."""
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, include_psl_private_domains=private_domains)


def registered_domain(url: str) -> str:
    """`http://zwgk2017.dl.gov.cn/x` -> `dl.gov.cn` (gov.cn is a public suffix); an IP stays itself."""
    host = urlparse(url).hostname or ""
    return bundled_extract()(host).top_domain_under_public_suffix or host


def keep_scrapy_offline() -> None:
    """Scrapy's cookies middleware splits domains with the bundled snapshot too."""
    from scrapy.downloadermiddlewares import cookies

    cookies._split_domain = bundled_extract(private_domains=True)
