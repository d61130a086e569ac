"""An HTML <table>'s cell grid as published, merged cells expanded.

Span choice: a cell with rowspan/colspan puts its text in EVERY position it
covers (as pandas.read_html does). The template tables hang their row labels
on merged cells (三、本年度办理结果 spans twenty rows, （三）不予公开 eight), so with
the text repeated each row carries its full label path and each column its
full header path, and the grid stays a plain rectangle a user can load as is.

A nested table is a grid of its own: its text is not repeated in the
enclosing cell (layout tables that wrap a statistics table stay apart from it).
"""

from __future__ import annotations

import re

from lxml import etree

_SPACE = re.compile(r"\s+")  # str patterns: \s covers U+00A0 and U+3000
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))
# Elements whose start and end are a visual break inside a cell.
_BREAKS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6"}
_MAX_SPAN = 500  # a corrupt rowspan="99999" must not build a huge grid


def collapse_space(text: str) -> str:
    """Every run of white space (NBSP, U+3000 too) is one ASCII space; ends stripped."""
    return _SPACE.sub(" ", text.translate(_INVISIBLE)).strip()


def _tag(el: etree._Element) -> str:
    tag = el.tag
    return tag.lower() if isinstance(tag, str) else ""


def cell_text(cell: etree._Element) -> str:
    """A cell's visible text; nested tables, scripts and styles left out."""
    parts: list[str] = []

    def walk(el: etree._Element) -> None:
        for child in el:
            tag = _tag(child)
            if tag in ("table", "script", "style") or not tag:
                parts.append(child.tail or "")  # comments too: only their tail is text
                continue
            if tag in _BREAKS:
                parts.append(" ")
            parts.append(child.text or "")
            walk(child)
            if tag in _BREAKS:
                parts.append(" ")
            parts.append(child.tail or "")

    parts.append(cell.text or "")
    walk(cell)
    return collapse_space("".join(parts))


def _span(cell: etree._Element, name: str) -> int:
    match = re.match(r"\s*(\d+)", cell.get(name) or "")
    value = int(match.group(1)) if match else 1
    return min(max(value, 1), _MAX_SPAN)


def table_rows(table: etree._Element) -> list[etree._Element]:
    """The table's own rows (thead/tbody/tfoot included), not those of nested tables."""
    rows = []
    for child in table:
        tag = _tag(child)
        if tag == "tr":
            rows.append(child)
        elif tag in ("thead", "tbody", "tfoot"):
            rows.extend(r for r in child if _tag(r) == "tr")
    return rows


def table_grid(table: etree._Element) -> list[list[str]]:
    """The full cell grid, rowspan/colspan expanded (text repeated), rows padded to one width."""
    grid: list[list[str | None]] = []
    for r, row in enumerate(table_rows(table)):
        while len(grid) <= r:
            grid.append([])
        c = 0
        for cell in row:
            if _tag(cell) not in ("td", "th"):
                continue
            while c < len(grid[r]) and grid[r][c] is not None:
                c += 1  # skip positions filled by a rowspan from above
            text = cell_text(cell)
            rowspan, colspan = _span(cell, "rowspan"), _span(cell, "colspan")
            for dr in range(rowspan):
                while len(grid) <= r + dr:
                    grid.append([])
                target = grid[r + dr]
                while len(target) < c + colspan:
                    target.append(None)
                for dc in range(colspan):
                    target[c + dc] = text
            c += colspan
    # rowspans reaching past the last <tr> do not make rows of their own
    grid = grid[: len(table_rows(table))]
    width = max((len(row) for row in grid), default=0)
    return [[cell or "" for cell in row] + [""] * (width - len(row)) for row in grid]
