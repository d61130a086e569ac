"""Linked documents (PDF, DOC, XLS …) inside the report's content."""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import parse_qs, urljoin, urlparse

from lxml import etree

from ..normalize import collapse_whitespace
from .selectors import selectors


@lru_cache(maxsize=1)
def _extension() -> re.Pattern:
    return re.compile(r"\.(?:%s)$" % "|".join(selectors()["attachment_extensions"]), re.I)


def document_url(href: str) -> bool:
    """A link to a document file, by its path or a query value (`downfile.jsp?filename=x.pdf`)."""
    href = href.strip()
    if not href or href.startswith(("javascript:", "#", "mailto:")):
        return False
    parsed = urlparse(href)
    names = [parsed.path] + [v for values in parse_qs(parsed.query).values() for v in values]
    return any(_extension().search(n) for n in names)


def attachment_links(container: etree._Element | None, base_url: str) -> list[dict]:
    """`{url, name}` of each document link: by the URL's path, a query value
    (`downfile.jsp?filename=x.pdf`) or the link text naming a file."""
    if container is None:
        return []
    extension = _extension()
    found: list[dict] = []
    seen: set[str] = set()
    for a in container.iter("a"):
        href = (a.get("href") or "").strip()
        if not href or href.startswith(("javascript:", "#", "mailto:")):
            continue
        url = urljoin(base_url, href)
        parsed = urlparse(url)
        names = [parsed.path] + [v for values in parse_qs(parsed.query).values() for v in values]
        text = collapse_whitespace("".join(a.itertext()))
        if not any(extension.search(n) for n in names) and not extension.search(text):
            continue
        if url in seen:
            continue
        seen.add(url)
        found.append({"url": url, "name": text or parsed.path.rsplit("/", 1)[-1]})
    return found
