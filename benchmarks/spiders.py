"""The two crawls the benchmark compares, over the same farm.

- BareSpider: plain Scrapy, the ceiling. Follows exactly the list links and
  pagination the product follows (Hanweb datastore + dataproxy POSTs, TRS
  createPageHTML), and yields each page's URL and <title>. No project code.
- full_spider(): the product: a ReportSpider subclass per farm portal, made
  at run time, configured like a site spider in spiders/ (name,
  allowed_domains, start_urls, region_code, cms).
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

import scrapy
from scrapy.http import FormRequest

_RECORD = re.compile(r"<record>\s*<!\[CDATA\[(.*?)\]\]>\s*</record>", re.S)
_HREF = re.compile(r"""<a\s[^>]*?href=["']([^"']+)["']""", re.I)
_JPAGE = re.compile(r"perPage\s*:\s*(\d+)\s*,\s*totalRecord\s*:\s*(\d+)\s*,\s*groupSize\s*:\s*(\d+)")
_PROXY = re.compile(r"proxyUrl\s*:\s*['\"]([^'\"]+)")
_AJAX = re.compile(r"ajaxParam\s*:\s*\{(.*?)\}", re.S)
_PAIR = re.compile(r"(\w+)\s*:\s*(?:'([^']*)'|([^,\s}]+))")
_TRS = re.compile(r"createPageHTML\(\s*(\w+)\s*,\s*\w+\s*,\s*[\"'](\w+)[\"']\s*,\s*[\"'](\w+)[\"']")


class BareSpider(scrapy.Spider):
    """Follows the column's links and pages; yields {url, title} per article."""

    name = "bare"
    cms = "hanweb"

    async def start(self):
        for url in self.start_urls:
            yield scrapy.Request(url, callback=self.parse_list)

    def parse_list(self, response):
        text = response.text
        if self.cms == "hanweb":
            for record in _RECORD.findall(text):
                for href in _HREF.findall(record):
                    yield scrapy.Request(response.urljoin(href), callback=self.parse_page)
            if text.lstrip().startswith("<?xml"):
                return
            jpage, proxy, ajax = _JPAGE.search(text), _PROXY.search(text), _AJAX.search(text)
            if not (jpage and proxy and ajax):
                return
            per_page, total, group = (int(g) for g in jpage.groups())
            form = {m.group(1): m.group(2) if m.group(2) is not None else m.group(3) for m in _PAIR.finditer(ajax.group(1))}
            step = per_page * group
            url = urljoin(response.url, proxy.group(1))
            for start in range(step + 1, total + 1, step):
                yield FormRequest(f"{url}?startrecord={start}&endrecord={start + step - 1}&perpage={per_page}",
                                  formdata=form, callback=self.parse_list)
        else:
            for href in response.css("ul.list li a::attr(href)").getall():
                yield scrapy.Request(response.urljoin(href), callback=self.parse_page)
            match = _TRS.search(text)
            if match:
                count = int(match.group(1)) if match.group(1).isdigit() else int(
                    re.search(r"var\s+%s\s*=\s*(\d+)" % match.group(1), text).group(1))
                for n in range(1, count):
                    yield scrapy.Request(response.urljoin(f"{match.group(2)}_{n}.{match.group(3)}"),
                                         callback=self.parse_list)

    def parse_page(self, response):
        yield {"url": response.url, "title": response.css("title::text").get()}


def bare_spider(portal: dict, base_url: str) -> type[BareSpider]:
    return type(f"Bare_{portal['key']}", (BareSpider,), {
        "name": f"bare_{portal['key']}",
        "allowed_domains": ["127.0.0.1"],
        "start_urls": [base_url + portal["column_path"]],
        "cms": portal["cms"],
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
