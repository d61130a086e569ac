"""Numbers as reports write them: full-width digits, spaces, thousands separators, 二十三."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation
from functools import lru_cache

import cn2an

_CELL_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+|\d+")
_CELL_NOISE = re.compile(r"[\s件条个份次宗]")  # units pasted into a cell, spaces inside a number
# Cells that say "nothing here": blank, dashes, slashes. Not a figure, not 0.
_CELL_BLANK = re.compile(r"[-/—–－／\\\s]*")


@lru_cache(maxsize=4096)  # the same cell texts recur across rows, tables and pages
def cell_number(cell: str) -> int | None:
    """A grid cell's count, or None when the cell is blank or is not a plain count."""
    text = _CELL_NOISE.sub("", unicodedata.normalize("NFKC", cell))
    if _CELL_NUMBER.fullmatch(text):
        return int(text.replace(",", ""))
    return None


def is_blank(cell: str) -> bool:
    return bool(_CELL_BLANK.fullmatch(unicodedata.normalize("NFKC", cell)))


_CHINESE = set("零〇一二两三四五六七八九十百千万")


def text_number(token: str, wan: bool = False) -> int | None:
    """A count written in prose: 921, 1,234, ９２１, 二十三 / 一百零五 (cn2an); 9.8万 with wan."""
    token = unicodedata.normalize("NFKC", token).replace(",", "").replace("，", "")
    if wan:
        try:
            return int(Decimal(token) * 10000) if token[:1].isdigit() else None
        except InvalidOperation:
            return None
    if token.isdigit():
        return int(token)
    if token and set(token) <= _CHINESE:
        try:
            value = cn2an.cn2an(token.replace("〇", "零").replace("两", "二"), "strict")
        except (ValueError, KeyError, IndexError):
            return None
        return int(value) if float(value).is_integer() else None
    return None
