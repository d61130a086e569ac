"""PortalSpider: any portal, unconfigured. Start at a homepage or a column;
it follows the links toward the annual reports (see ReportSpider.navigate)
and walks every CMS family's pagination.

    scrapy crawl portal -a start_url=http://www.example.gov.cn/
    scrapy crawl portal -a start_urls_file=portals.txt      # URL [region code] per line
    scrapy crawl portal -a start_url=URL -a allowed_domains=a.gov.cn,b.gov.cn -a region_code=230111
"""

from __future__ import annotations

import logging
from urllib.parse import urlparse

import scrapy
from scrapy.exceptions import UsageError

from .onelinelog import FoldTracebacks
from .regions import current_code
from .spider import ReportSpider
from .suffixes import registered_domain


def usage_error(message: str) -> UsageError:
    """A bad -a argument: one line in the log (the crawl fails before its
    extensions start, and asyncio would print the whole traceback)."""
    logging.getLogger("asyncio").addFilter(FoldTracebacks())
    return UsageError(message)


def is_http_url(url: str) -> bool:
    return url.startswith(("http://", "https://")) and bool(urlparse(url).hostname)


def read_start_file(path: str) -> list[tuple[str, str | None]]:
    """`URL [region code]` per line; blank lines and `#` comments skipped."""
    targets = []
    with open(path, encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            parts = line.split("#", 1)[0].split()
            if not parts:
                continue
            if not is_http_url(parts[0]):
                raise usage_error(f"{path}:{number}: not a URL: {parts[0]!r}")
            targets.append((parts[0], parts[1] if len(parts) > 1 else None))
    return targets


class PortalSpider(ReportSpider):
    navigate = True
    cms = "auto"

    def __init__(self, *args, start_url: str | None = None, start_urls_file: str | None = None,
                 allowed_domains: str | None = None, region_code: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        targets: list[tuple[str, str | None]] = []
        if start_url:
            if not is_http_url(start_url):
                raise usage_error(f"start_url is not an http(s) URL: {start_url!r}")
            targets.append((start_url, region_code))
        if start_urls_file:
            try:
                targets.extend(read_start_file(start_urls_file))
            except OSError as exc:
                raise usage_error(f"cannot read start_urls_file {start_urls_file}: {exc.strerror}") from None
        if not targets and not self.report_url:
            raise usage_error("portal needs -a start_url=URL or -a start_urls_file=FILE")
        for _, code in targets:
            if code and not current_code(code):
                raise usage_error(f"unknown region code {code!r} (GB/T 2260, 6 digits)")
        self.targets = targets
        self.start_urls = [url for url, _ in targets]
        if allowed_domains:
            self.allowed_domains = [d.strip() for d in allowed_domains.split(",") if d.strip()]
        else:
            urls = self.start_urls + ([self.report_url] if self.report_url else [])
            self.allowed_domains = sorted({registered_domain(url) for url in urls})

    def start_requests(self):
        if self.report_url:
            yield from super().start_requests()
            return
        for url, code in self.targets:
            meta = {"nav_depth": 0, "column": False}
            if code:
                meta["region_code"] = code
            yield scrapy.Request(url, callback=self.parse_list, errback=self.on_error, meta=meta)
