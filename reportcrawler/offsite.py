"""Off-site redirects: refused with a reason, not dropped silently.

Scrapy's OffsiteMiddleware filters a redirect's target, but the new request
is not the one the spider made, so its errback never hears of it and the page
vanishes with only a DEBUG line. This middleware sits just outside
RedirectMiddleware (it sees the 3xx first) and turns a redirect that leaves
the spider's allowed_domains into an IgnoreRequest on the original request,
which the spider's errback counts as `errors/offsite_redirect`.
"""

from __future__ import annotations

from urllib.parse import urljoin, urlparse

from scrapy.exceptions import IgnoreRequest

REDIRECT_STATUSES = {301, 302, 303, 307, 308}


def url_in_domains(url: str, domains: list[str]) -> bool:
    """The URL's host is one of `domains` or under one (ports ignored, unlike
    scrapy.utils.url.url_is_from_any_domain, which compares host:port)."""
    host = (urlparse(url).hostname or "").lower()
    return any(host == d.lower() or host.endswith("." + d.lower()) for d in domains)


class OffsiteRedirectError(IgnoreRequest):
    """A redirect that leaves the portal."""


class OffsiteRedirectMiddleware:
    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_response(self, request, response, spider=None):
        if response.status not in REDIRECT_STATUSES or request.meta.get("dont_redirect"):
            return response
        location = response.headers.get("Location")
        # Scrapy 2.13+ no longer passes `spider` to middlewares.
        domains = getattr(self.crawler.spider, "allowed_domains", None)
        if not location or not domains:
            return response
        target = urljoin(request.url, location.decode("latin-1"))
        if url_in_domains(target, domains):
            return response
        raise OffsiteRedirectError(f"redirect to {target} leaves {', '.join(domains)}")
