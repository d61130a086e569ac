"""Injected spam in a hacked page's body: lines of gambling, lottery, adult or
pharmacy vocabulary (data/spam.json), and lines that are nothing but a link
to a host that is not a government site.

A report never links a casino; a line that merely mentions one of the terms
next to the report's own vocabulary (信息公开, 条例, …) stays.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources
from urllib.parse import urljoin, urlparse

from lxml import etree

from ..normalize import collapse_whitespace

_FILE_LINK = re.compile(r"\.(?:pdf|docx?|xlsx?|wps|et|zip|rar|7z|ofd)(?:$|[?#])", re.I)


@lru_cache(maxsize=1)
def _vocabulary() -> tuple[re.Pattern, re.Pattern]:
    with resources.files("reportcrawler").joinpath("data/spam.json").open(encoding="utf-8") as fh:
        data = json.load(fh)
    terms = sorted({t for group in data["terms"].values() for t in group}, key=len, reverse=True)
    # A look at the first character before the alternation: Python's re tries every term at
    # every position otherwise, and this runs on every line of every page.
    firsts = {ch for t in terms for ch in (t[0].lower(), t[0].upper())}
    first_class = "[" + "".join(re.escape(ch) for ch in sorted(firsts)) + "]"
    return (re.compile(f"(?={first_class})(?:{'|'.join(map(re.escape, terms))})", re.I),
            re.compile("|".join(map(re.escape, data["report_words"]))))


def is_spam_line(line: str) -> bool:
    terms, report_words = _vocabulary()
    hits = {m.group(0).lower() for m in terms.finditer(line)}
    return len(hits) >= 2 or (len(hits) == 1 and not report_words.search(line))


def _site_domain(host: str) -> str:
    parts = host.split(".")
    return ".".join(parts[-3:] if host.endswith(".gov.cn") else parts[-2:])


def is_government_host(host: str, page_url: str) -> bool:
    page_host = (urlparse(page_url).hostname or "").lower()
    host = host.lower()
    return (not host or host.endswith(".gov.cn") or host == "gov.cn" or host == page_host
            or _site_domain(host) == _site_domain(page_host))


def offsite_link_texts(container: etree._Element | None, page_url: str) -> list[str]:
    """The texts of links inside the content that lead off government hosts (files excepted)."""
    if container is None:
        return []
    found = []
    for a in container.iter("a"):
        href = (a.get("href") or "").strip()
        if not href.lower().startswith(("http", "//")) or _FILE_LINK.search(href):
            continue
        if is_government_host(urlparse(urljoin(page_url, href)).hostname or "", page_url):
            continue
        text = collapse_whitespace("".join(a.itertext()))
        if text:
            found.append(text)
    return found


def remove_spam(lines: list[str], link_texts: list[str]) -> tuple[list[str], int]:
    """(the lines without spam, how many were dropped)."""
    kept = []
    for line in lines:
        rest = line
        for text in link_texts:
            if text in rest:
                rest = rest.replace(text, "")
        if is_spam_line(line) or (rest != line and len(rest.strip()) * 3 < len(line)):
            continue
        kept.append(line)
    return kept, len(lines) - len(kept)
