"""One line per item in the crawl log, never the item itself.

Scrapy's LogFormatter writes the whole item after "Dropped:" and "Scraped
from": for a report that is its body and raw text, about 130 lines. A person
reading the log wants what happened to which page: the URL, the content
hash's first characters and the title.
"""

from __future__ import annotations

from typing import Any

from scrapy.logformatter import LogFormatter


def item_line(item: Any) -> str:
    """`<url> [<hash prefix>] <title>` of a report item; repr of anything else, cut short."""
    try:
        url, digest, title = item.get("url"), item.get("content_hash"), item.get("title")
    except AttributeError:
        return repr(item)[:200]
    return f"{url} [{(digest or '')[:12]}] {title or ''}".rstrip()


class ReportLogFormatter(LogFormatter):
    def dropped(self, item, exception, response, spider=None):
        entry = super().dropped(item, exception, response, spider)
        entry["msg"] = "Dropped: %(exception)s"  # the reason names the URL; the item stays out
        return entry

    def scraped(self, item, response, spider=None):
        entry = super().scraped(item, response, spider)
        entry["msg"] = "Scraped from %(src)s: %(item)s"
        entry["args"] = dict(entry["args"], item=item_line(item))
        return entry

    def item_error(self, item, exception, response, spider=None):
        entry = super().item_error(item, exception, response, spider)
        entry["args"] = dict(entry["args"], item=item_line(item))
        return entry
