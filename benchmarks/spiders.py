"""The two crawls the benchmark compares, over the same farm.

- BareSpider: plain Scrapy, the ceiling. No project code, and no CMS parsing
  either: it reads the farm's own list markup with one regex, and takes
  pagination from the farm's `pagination.json` (the list requests the
  Hanweb jpage call and TRS's createPageHTML stand for). It still downloads
  every list page (the column page first, the rest once that is in, as a
  crawl that reads pagination from the page would) and every page a list
  links to, and yields each page's URL and <title>.
- full_spider(): the product: a ReportSpider subclass per farm portal, made
  at run time, configured like a site spider in spiders/ (name,
  allowed_domains, start_urls, region_code, cms).

Both follow the same URLs, except the distractors the product rules out by
their link title, which only the bare crawl fetches (tests/test_bench.py).
"""

from __future__ import annotations

import re

import scrapy
from scrapy.http import FormRequest

# A list item as the farm writes it (farm._li), in HTML, in a Hanweb <record> CDATA or in a
# dataproxy answer alike: a link followed by its date. Navigation and trees carry no date.
_LIST_ITEM = re.compile(r'<li><a href="([^"]+)"[^>]*>[^<]*</a><span>\d{4}-\d{2}-\d{2}</span></li>')


class BareSpider(scrapy.Spider):
    """Follows the column's list pages and their links; yields {url, title} per linked page."""

    name = "bare"
    pagination: list[dict] = []  # the farm's list requests after the column page

    async def start(self):
        for url in self.start_urls:
            yield scrapy.Request(url, callback=self.parse_column)

    def parse_column(self, response):
        yield from self.parse_list(response)
        for page in self.pagination:
            url = response.urljoin(page["path"])
            if page["method"] == "POST":
                yield FormRequest(url, formdata=page["form"], callback=self.parse_list)
            else:
                yield scrapy.Request(url, callback=self.parse_list)

    def parse_list(self, response):
        for href in _LIST_ITEM.findall(response.text):
            yield scrapy.Request(response.urljoin(href), callback=self.parse_page)

    def parse_page(self, response):
        yield {"url": response.url, "title": response.css("title::text").get()}


def bare_spider(portal: dict, base_url: str, pagination: list[dict]) -> type[BareSpider]:
    """The bare spider for one farm portal; `pagination` is its entry in the farm's pagination.json."""
    return type(f"Bare_{portal['key']}", (BareSpider,), {
        "name": f"bare_{portal['key']}",
        "allowed_domains": ["127.0.0.1"],
        "start_urls": [base_url + portal["column_path"]],
        "pagination": pagination,
    })


def full_spider(portal: dict, base_url: str):
    """A site spider for one farm portal, as spiders/<site>.py would declare it."""
    from reportcrawler.spider import ReportSpider

    return type(f"Farm_{portal['key']}", (ReportSpider,), {
        "__doc__": f"{portal['city']}{portal['district']} (benchmark farm portal {portal['key']})",
        "name": portal["key"],
        "allowed_domains": ["127.0.0.1"],
        "start_urls": [base_url + portal["column_path"]],
        "region_code": portal["region_code"],
        "cms": portal["cms"],
    })
