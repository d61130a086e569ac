"""The page's visible text as lines: one per block element, <br> segment or
data table row, each with whether it lies inside the content element.

The walk is lxml's own: marker characters are put where lines break (before
and after each block, after each <br>) and around the content element, the
tree is serialized as text once (a C loop), white space is folded once, and
the text is split at the markers. Python touches only the block elements and
the table rows, never every text node. This mutates the tree: read whatever
else you need from it first.
"""

from __future__ import annotations

import re

from lxml import etree

from ..normalize.text import ZERO_WIDTH, collapse_whitespace
from .tree import MARKER_CHARS

_BREAK, _ENTER, _LEAVE = MARKER_CHARS
_SPLIT = re.compile("([%s])" % MARKER_CHARS)

BLOCK_TAGS = frozenset(
    "p div li ul ol h1 h2 h3 h4 h5 h6 table tbody thead tfoot tr section article header footer "
    "blockquote pre dl dt dd center form nav aside address hr caption figure figcaption main td th".split()
)
_CELL_TAGS = ("td", "th")


def _cells(tr: etree._Element) -> list[etree._Element]:
    return [c for c in tr if c.tag in _CELL_TAGS]


def short_text(cell: etree._Element, limit: int = 300) -> str | None:
    """The cell's text, or None once it passes `limit` characters (a layout
    cell may hold the whole page: stop reading it early)."""
    parts: list[str] = []
    size = 0
    for piece in cell.itertext():
        size += len(piece)
        if size > limit:
            return None
        parts.append(piece)
    return "".join(parts)


def data_row_text(tr: etree._Element) -> str | None:
    """A data row's cells joined by a space; None for a layout row (a cell
    holding a table or more than 300 characters) or a row without cells."""
    cells = _cells(tr)
    if not cells or any(next(cell.iter("table"), None) is not None for cell in cells):
        return None
    texts = []
    for cell in cells:
        text = short_text(cell)
        if text is None:
            return None
        texts.append(collapse_whitespace(text))
    return " ".join(t for t in texts if t)


def _flatten_data_rows(root: etree._Element) -> None:
    """Each data row becomes its cells' text, joined by a space, on one line."""
    for tr in list(root.iter("tr")):
        row = data_row_text(tr)
        if row is None:
            continue
        tail = tr.tail
        for child in list(tr):
            tr.remove(child)  # also drops what a stray non-cell child held, as a row line always did
        tr.text = _BREAK + row + _BREAK
        tr.tail = tail


def element_lines(root: etree._Element, mark: etree._Element | None = None) -> list[tuple[str, bool]]:
    """(line, inside `mark`) for the visible text under `root`, in order."""
    _flatten_data_rows(root)
    for el in root.iter(*BLOCK_TAGS, "br"):
        if el.tag != "br":
            el.text = _BREAK + el.text if el.text else _BREAK
        el.tail = _BREAK + el.tail if el.tail else _BREAK  # the root's tail is not serialized
    if mark is not None and (mark is root or any(a is root for a in mark.iterancestors())):
        mark.text = _ENTER + (mark.text or "")
        mark.tail = _LEAVE + (mark.tail or "")
    text = etree.tostring(root, method="text", encoding="unicode", with_tail=False)
    text = " ".join(ZERO_WIDTH.sub("", text).split())
    lines: list[tuple[str, bool]] = []
    inside = False
    for part in _SPLIT.split(text):
        if part == _ENTER:
            inside = True
        elif part == _LEAVE:
            inside = False
        elif part != _BREAK:
            part = part.strip()
            if part:
                lines.append((part, inside))
    return lines
