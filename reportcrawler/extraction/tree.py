"""The page as one lxml tree: parsed once, junk removed, <meta> tags read.

Plain lxml elements, not lxml.html's: its element classes cost a Python
lookup per element visited, which a whole-tree walk pays thousands of times.
"""

from __future__ import annotations

import re

from lxml import etree

from ..normalize import collapse_whitespace
from . import selectors as selector_data

_PARSER = etree.HTMLParser(recover=True, encoding="utf-8", huge_tree=True, remove_comments=True)
# Noncharacters: never in real text, so the line walk (lines.py) uses them as markers.
MARKER_CHARS = "\ufdd0\ufdd1\ufdd2"
_MARKER_BYTES = b"\xef\xb7"  # the UTF-8 lead bytes of U+FDD0..U+FDEF
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
_CONTROL_BYTES = re.compile(b"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def parse_html(text: str, utf8_body: bytes | None = None) -> etree._Element:
    """The tree of a decoded page. `utf8_body`, the page's own bytes when they
    are UTF-8, saves encoding the text again."""
    if utf8_body is not None and not _CONTROL_BYTES.search(utf8_body) and _MARKER_BYTES not in utf8_body:
        data = utf8_body
    else:
        # Control characters are not XML text: lxml would refuse them when the line walk edits the tree.
        text = _CONTROL.sub("", text)
        if any(ch in text for ch in MARKER_CHARS):
            text = text.translate({ord(ch): None for ch in MARKER_CHARS})
        data = text.encode("utf-8")
    root = etree.fromstring(data, _PARSER)
    if root is None:  # nothing parseable (whitespace, a lone comment)
        root = etree.fromstring(b"<html><body></body></html>", _PARSER)
    return root


_STYLED = etree.XPath("//@style/.. | //@hidden/..")  # faster in libxml2 than //*[@style or @hidden]


def _hidden(el: etree._Element) -> bool:
    if el.get("hidden") is not None:
        return True
    style = (el.get("style") or "").replace(" ", "").lower()
    return any(pattern in style for pattern in selector_data.selectors()["hidden_styles"])


def remove_junk(root: etree._Element) -> None:
    """Scripts, forms, media, injected <menu> spam and hidden elements go, their tails stay."""
    junk = list(root.iter(*selector_data.selectors()["remove"]))
    junk += [el for el in _STYLED(root) if _hidden(el)]
    for el in junk:
        parent = el.getparent()
        if parent is None:
            continue
        if el.tail:  # keep the text that follows the removed element
            prev = el.getprevious()
            if prev is not None:
                prev.tail = (prev.tail or "") + el.tail
            else:
                parent.text = (parent.text or "") + el.tail
        parent.remove(el)


def meta_tags(root: etree._Element) -> dict[str, str]:
    """The <meta name=…> tags government sites carry by rule (ArticleTitle, PubDate, …)."""
    wanted = {name.lower(): name for name in selector_data.selectors()["meta"]}
    found: dict[str, str] = {}
    for node in root.iter("meta"):
        name = (node.get("name") or "").strip().lower()
        if name in wanted and wanted[name] not in found:
            found[wanted[name]] = collapse_whitespace(node.get("content", ""))
    return found


def text_length(el: etree._Element) -> int:
    return len(collapse_whitespace("".join(el.itertext())))
