"""A record as one flat row of cells: what CSV exports (the `export` command and
the `-O x.csv` feed) write, so that every file has the same header.

Lists and objects become JSON text (never a Python repr); the figures in
`stats` are also flattened to one column each (`applications_received`,
`admin_review.total`, `outcomes.disclosed`, …), from the keys DESIGN.md
fixes, so a column is there even when no record in the file has it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

# The figures' keys (DESIGN.md, "Figures"): top-level numbers, then the nested groups.
STAT_NUMBERS = ("proactive_published", "applications_received", "applications_carried_over",
                "applications_carried_forward", "fees_collected")
STAT_GROUPS = {
    "outcomes": ("disclosed", "partially_disclosed", "refused", "unable_to_provide", "not_processed",
                 "other", "total"),
    "admin_review": ("maintained", "corrected", "other", "pending", "total"),
    "litigation_direct": ("maintained", "corrected", "other", "pending", "total"),
    "litigation_after_review": ("maintained", "corrected", "other", "pending", "total"),
}
STAT_COLUMNS = (*STAT_NUMBERS, *(f"{group}.{key}" for group, keys in STAT_GROUPS.items() for key in keys),
                "approximate")


def csv_columns(fields: Iterable[str]) -> list[str]:
    """The CSV header for these record fields: the figure columns follow `stats`."""
    columns: list[str] = []
    for name in fields:
        columns.append(name)
        if name == "stats":
            columns.extend(STAT_COLUMNS)
    return columns


def stat_value(stats: Mapping | None, column: str) -> Any:
    """One figure of `stats` by its column name (`admin_review.total`); None when not stated."""
    value: Any = stats or {}
    for part in column.split("."):
        value = value.get(part) if isinstance(value, Mapping) else None
    return value


def cell(value: Any) -> Any:
    """A value as a CSV cell: lists and objects as JSON text, None as empty."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple, dict)):
        return json.dumps(value, ensure_ascii=False)
    return value


def flat_row(record: Mapping, fields: Iterable[str]) -> dict[str, Any]:
    """A record as {column: cell} for csv_columns(fields)."""
    stats = record.get("stats")
    row = {}
    for column in csv_columns(fields):
        value = stat_value(stats, column) if column in STAT_COLUMNS else record.get(column)
        row[column] = cell(value)
    return row
