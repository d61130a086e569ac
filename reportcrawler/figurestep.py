"""The figures step of reading a page: the report's stats, warnings and
statistics tables from its table grids and body text (reportcrawler.figures),
Simplified like every other field."""

from __future__ import annotations

from .figures import read_figures
from .normalize import has_traditional_chars, to_simplified

Grid = list[list[str]]


def simplified_grids(grids: list[Grid]) -> list[Grid]:
    """Cells in Simplified; converted only when some cell is Traditional."""
    if not has_traditional_chars("".join(cell for grid in grids for row in grid for cell in row)):
        return grids
    return [[[to_simplified(cell) or "" for cell in row] for row in grid] for grid in grids]


def add_figures(item, grids: list[Grid]) -> None:
    """Fill `stats`, `stats_warnings` and `tables` of a loaded item."""
    figures = read_figures(simplified_grids(grids), item.get("body_text") or "")
    item["stats"] = figures.stats
    item["stats_warnings"] = figures.warnings
    item["tables"] = figures.tables
