"""TRS WCM: later list pages exist only through a script call,
`createPageHTML(countPage, currentPage, "index", "html")` -> index.html,
index_1.html, … index_<countPage-1>.html in the same folder."""

from __future__ import annotations

import re
from urllib.parse import urljoin

from scrapy import Request

from .base import ListAdapter
from .links import page_text

_CALL = re.compile(r"createPageHTML\(\s*([\w.]+)\s*,\s*([\w.]+)\s*,\s*[\"'](\w+)[\"']\s*,\s*[\"'](\w+)[\"']")


def _resolve(token: str, script: str) -> int | None:
    if token.isdigit():
        return int(token)
    match = re.search(r"var\s+%s\s*=\s*['\"]?(\d+)" % re.escape(token), script)
    return int(match.group(1)) if match else None


class TrsAdapter(ListAdapter):
    name = "trs"

    def declared(self, response):
        text = page_text(response)
        match = _CALL.search(text)
        count = _resolve(match.group(1), text) if match else None
        return ("pages", count) if count else None

    def next_pages(self, response, callback, errback):
        text = page_text(response)
        match = _CALL.search(text)
        if not match:
            return []
        count = _resolve(match.group(1), text)
        if not count:
            return []
        prefix, ext = match.group(3), match.group(4)
        return [
            Request(urljoin(response.url, f"{prefix}_{n}.{ext}"), callback=callback, errback=errback)
            for n in range(1, count)
        ]
