"""The national template's tables (2019 on, revised 2021): 表二, 表三, 表四.

Rows and columns are found by their labels, not by position: CMSs and Word
pastes add, drop or merge header rows, and a table may be split in two.
"""

from __future__ import annotations

import re

from .numbers import cell_number

Grid = list[list[str]]

# 表三 row labels -> key. Order matters: 部分公开 before 予以公开 is not needed
# (no substring clash) but 结转下年度 must win over 上年结转-like wording.
_TABLE3_ROWS = (
    ("结转下年度", "applications_carried_forward"),
    ("本年新收", "applications_received"),
    ("上年结转", "applications_carried_over"),
    ("部分公开", "partially_disclosed"),
    ("不予公开", "refused"),
    ("无法提供", "unable_to_provide"),
    ("不予处理", "not_processed"),
    ("其他处理", "other"),
    ("予以公开", "disclosed"),
    ("总计", "total"),
)
OUTCOME_PARTS = ("disclosed", "partially_disclosed", "refused", "unable_to_provide",
                 "not_processed", "other")
SUMMED = ("refused", "unable_to_provide", "not_processed", "other")
_TOP_LEVEL = ("applications_received", "applications_carried_over", "applications_carried_forward")
# 1.属于国家秘密 / 1．… / （1）… : a sub-row of the category above it
_SUB_ROW = re.compile(r"\s*(?:\d{1,2}\s*[.．、]|[（(]\s*\d{1,2}\s*[)）])")
_TOTAL_HEADER = re.compile(r"\s*(?:总\s*计|合\s*计)\s*")
_TABLE3 = re.compile(r"本年新收|上年结转|结转下年度|予以公开|部分公开|不予公开|无法提供|不予处理")
_TABLE4 = re.compile(r"行政复议")
_TABLE4_RESULT = re.compile(r"维持|纠正")
_TABLE2 = re.compile(r"第二十条|本年新制作|本年新公开|对外公开总数|主动公开")
_PROACTIVE_ROW = re.compile(r"主动公开(?:政府)?信息(?:总)?(?:数|数量|条数|总数)")
_REVIEW_FIELDS = (("尚未审结", "pending"), ("未审结", "pending"), ("维持", "maintained"),
                  ("纠正", "corrected"), ("其他", "other"), ("总计", "total"), ("合计", "total"))


# Traditional forms of the label characters (pages behind 繁體 gateways), folded for matching only.
_FOLD = str.maketrans("結轉處總計開無議訴訟審糾經後複數辦與項條為請門規範據許徵",
                      "结转处总计开无议诉讼审纠经后复数办与项条为请门规范据许征")


def fold(grid: Grid) -> Grid:
    """A copy of the grid with Traditional label characters folded to Simplified."""
    return [[cell.translate(_FOLD) for cell in row] for row in grid]


def _labels(row: list[str]) -> list[str]:
    """The row's label cells: non-empty, not numbers; repeats of a merged cell once."""
    labels: list[str] = []
    for cell in row:
        if cell and cell_number(cell) is None and (not labels or labels[-1] != cell):
            labels.append(cell)
    return labels


def _has_number(row: list[str]) -> bool:
    return any(cell_number(cell) is not None for cell in row)


def kind(grid: Grid) -> str | None:
    """'table3', 'table4', 'table2' for the template's tables, else None."""
    text = "\n".join(cell for row in grid for cell in row if len(cell) < 80)
    if _TABLE3.search(text):
        return "table3"
    if _TABLE4.search(text) and _TABLE4_RESULT.search(text):
        return "table4"
    if _TABLE2.search(text) and any(_has_number(row) for row in grid):
        return "table2"
    return None


def _total_column(grid: Grid) -> int:
    """The 总计 column: a header cell saying 总计 in a row without numbers; else the last."""
    best = -1
    for row in grid:
        if _has_number(row):
            continue
        for j, cell in enumerate(row):
            if _TOTAL_HEADER.fullmatch(cell):
                best = max(best, j)
    return best if best >= 0 else max(len(grid[0]) - 1, 0) if grid else 0


def _row_key(labels: list[str]) -> tuple[str | None, bool]:
    """(category key, is sub-row) for a row's labels."""
    is_sub = bool(labels) and bool(_SUB_ROW.match(labels[-1]))
    heads = labels[:-1] if is_sub else labels
    for label in reversed(heads):
        for marker, key in _TABLE3_ROWS:
            if marker in label:
                return key, is_sub
    return None, is_sub


class Table3:
    """Reads 表三 from one or more grids (a table split in two continues its rows)."""

    def __init__(self) -> None:
        self.rows: dict[str, int | None] = {}  # category's own row value
        self.sub_rows: dict[str, dict[str, int | None]] = {}
        self._category: str | None = None

    def feed(self, grid: Grid) -> None:
        if not grid:
            return
        total_col = _total_column(grid)
        for row in grid:
            labels = _labels(row)
            if not labels:
                continue
            key, is_sub = _row_key(labels)
            value = cell_number(row[total_col]) if total_col < len(row) else None
            if is_sub:
                category = key or self._category
                if category in SUMMED:
                    self.sub_rows.setdefault(category, {})[labels[-1]] = value
                    self._category = category
                continue
            if key is None:
                continue  # header rows, repeated headers of a split table
            self._category = key
            if value is not None or key not in self.rows:
                self.rows[key] = value

    def stats(self) -> tuple[dict, list[str]]:
        stats: dict = {}
        outcomes: dict = {}
        warnings: list[str] = []
        for key in _TOP_LEVEL:
            if self.rows.get(key) is not None:
                stats[key] = self.rows[key]
        for key in (*OUTCOME_PARTS, "total"):
            own = self.rows.get(key)
            subs = self.sub_rows.get(key)
            if key in SUMMED and subs:
                values = list(subs.values())
                if all(v is not None for v in values):
                    outcomes[key] = sum(values)
                    if own is not None and own != outcomes[key]:
                        warnings.append(
                            f"outcomes.{key}: its sub-rows sum to {outcomes[key]} but its own row says {own}"
                        )
                elif own is not None:
                    outcomes[key] = own
            elif own is not None:
                outcomes[key] = own
        if outcomes:
            stats["outcomes"] = outcomes
        return stats, warnings


def read_table4(grid: Grid) -> dict:
    """表四: admin_review / litigation_direct / litigation_after_review from the first data row."""
    headers: list[list[str]] = []
    data: list[str] | None = None
    for row in grid:
        if _has_number(row):
            data = row
            break
        headers.append(row)
    if data is None:
        return {}
    stats: dict = {}
    for j, cell in enumerate(data):
        path = [row[j] for row in headers if j < len(row) and row[j]]
        if not path:
            continue
        joined = "".join(path)
        if "未经复议" in joined or "直接起诉" in joined:
            group = "litigation_direct"
        elif "复议后" in joined:
            group = "litigation_after_review"
        elif "行政复议" in joined and "诉讼" not in joined:
            group = "admin_review"
        else:
            continue
        field = next((f for marker, f in _REVIEW_FIELDS if marker in path[-1]), None)
        value = cell_number(cell)
        if field and value is not None:
            stats.setdefault(group, {})[field] = value
    return stats


def read_table2(grid: Grid) -> dict:
    """表二 states no proactive total in the template; only an explicit 主动公开信息数 row counts."""
    for row in grid:
        labels = _labels(row)
        numbers = {cell_number(c) for c in row} - {None}
        if labels and len(numbers) == 1 and _PROACTIVE_ROW.search(labels[0]):
            return {"proactive_published": numbers.pop()}
    return {}
