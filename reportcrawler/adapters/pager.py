"""Plain lists: next-page and numbered page links (`下一页`, `?page=N`,
`index_N.html`, `list_N.html`)."""

from __future__ import annotations

import re

from scrapy import Request

from ..normalize import collapse_whitespace
from .base import ListAdapter
from .links import page_selector

_NEXT_TEXT = re.compile(r"^(?:下一?页|下一頁|下頁|后页|後頁|尾页|尾頁|末页|next|>|›|»|>>)\s*[>»]*$", re.I)
_PAGE_HREF = re.compile(r"(?:[?&](?:page|pageno|pageindex|p|cur)=\d+|_\d+\.s?html?$|/\d+\.s?html?$)", re.I)


class PagerAdapter(ListAdapter):
    name = "pager"

    def next_pages(self, response, callback, errback):
        requests = []
        for a in page_selector(response).xpath("//a[@href]"):
            href = a.attrib.get("href", "").strip()
            if not href or href.startswith(("javascript:", "#")):
                continue
            text = collapse_whitespace("".join(a.xpath(".//text()").getall()))
            numbered = text.isdigit() and len(text) <= 3 and _PAGE_HREF.search(href)
            if _NEXT_TEXT.match(text) or numbered:
                requests.append(Request(response.urljoin(href), callback=callback, errback=errback))
        return requests
