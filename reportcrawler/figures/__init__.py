"""The figures inside a report: template tables, prose, attachments.

    read_figures(grids, text) -> Figures(stats, warnings, tables)
    table_grid(<table> element) -> grid
    read_document(bytes, name) -> Document(lines, grids)   (PDF, DOCX)

Tables win over prose: a key the tables state is not read again from the text.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import consistency, template
from .documents import Document, DocumentError, read_document
from .grid import collapse_space, table_grid
from .prose import read_prose

__all__ = ["Document", "DocumentError", "Figures", "collapse_space", "read_document",
           "read_figures", "table_grid"]

Grid = list[list[str]]
_STAT_WORDS = ("公开", "申请", "复议", "诉讼", "收费")


@dataclass
class Figures:
    stats: dict = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    tables: list[Grid] = field(default_factory=list)


def _other_statistics_table(grid: Grid) -> bool:
    """A non-template table of disclosure figures: its words say so and it has counts in cells."""
    numbers = sum(1 for row in grid for cell in row if template.cell_number(cell) is not None)
    words = any(word in cell for row in grid for cell in row if len(cell) < 80 for word in _STAT_WORDS)
    return numbers >= 2 and words


def _merge(stats: dict, more: dict) -> None:
    """Add what `more` states and `stats` does not (tables first, then prose)."""
    for key, value in more.items():
        if isinstance(value, dict):
            target = stats.setdefault(key, {})
            for field_name, number in value.items():
                target.setdefault(field_name, number)
        elif key == "approximate":
            continue
        else:
            stats.setdefault(key, value)


def read_figures(grids: list[Grid], text: str) -> Figures:
    """The report's figures from its table grids and its text (one paragraph per line)."""
    stats: dict = {}
    warnings: list[str] = []
    tables: list[Grid] = []
    table3 = template.Table3()
    seen_table3 = False
    for published in grids:
        if not published:
            continue
        grid = template.fold(published)
        kind = template.kind(grid)
        if kind == "table3":
            table3.feed(grid)
            seen_table3 = True
        elif kind == "table4":
            _merge(stats, template.read_table4(grid))
        elif kind == "table2":
            _merge(stats, template.read_table2(grid))
        elif not _other_statistics_table(grid):
            continue
        tables.append(published)
    if seen_table3:
        table_stats, table_warnings = table3.stats()
        _merge(stats, table_stats)
        warnings.extend(table_warnings)
    prose = read_prose(text)
    approximate = []
    for key, value in prose.items():
        if key != "approximate" and key not in stats:  # tables win over prose
            stats[key] = value
            approximate += [k for k in prose.get("approximate", []) if k.split(".")[0] == key]
    if approximate:
        stats["approximate"] = approximate
    warnings.extend(consistency.check(stats))
    return Figures(stats=stats, warnings=warnings, tables=tables)
