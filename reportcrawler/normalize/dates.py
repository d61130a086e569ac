"""Dates as portals print them -> `YYYY-MM-DD`."""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata

from ..labels import field_labels
from .text import collapse_whitespace

_CN_DIGITS = {"〇": 0, "零": 0, "○": 0, "Ｏ": 0, "O": 0, "o": 0, "一": 1, "二": 2, "三": 3,
              "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_DATE_LABEL = re.compile(r"^.*?(?:%s)\s*[:：]\s*" % "|".join(map(re.escape, field_labels("publish_date"))))
_NUMERIC_DATE = re.compile(
    r"(?<!\d)((?:19|20)\d{2})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})(?!\d)"
)
# Two-digit years are read year first, as Chinese portals print them (`18-03-15` is 2018-03-15).
_SHORT_YEAR_DATE = re.compile(r"(?<![\d.:/-])(\d{2})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})(?![\d.:/-])")
_CN_NUMERAL_DATE = re.compile(
    r"([〇零○Ｏ一二三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,3})\s*月\s*([一二三四五六七八九十]{1,3})\s*日"
)


def chinese_numeral_to_int(text: str) -> int | None:
    """二〇一八 -> 2018 (digit by digit); 十五 -> 15, 二十 -> 20, 三十一 -> 31."""
    if not text:
        return None
    if "十" in text:
        tens, _, units = text.partition("十")
        tens_value = _CN_DIGITS.get(tens, None) if tens else 1
        units_value = _CN_DIGITS.get(units, None) if units else 0
        if tens_value is None or units_value is None:
            return None
        return tens_value * 10 + units_value
    digits = [_CN_DIGITS.get(ch) for ch in text]
    if any(d is None for d in digits):
        return None
    value = 0
    for d in digits:
        value = value * 10 + d
    return value


def _valid_date(year: int, month: int, day: int) -> str | None:
    try:
        return _dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def normalize_date(text: str | None) -> str | None:
    """Any date form a portal prints -> `YYYY-MM-DD`, or None.

    Exact patterns first (they cover what portals print and cost microseconds):
    `2016-03-15 00:00:00`, `2018年3月15日`, `2018.03.15`, `2018/3/15`,
    `二〇一八年三月十五日`, after any label (发布时间：, 日期:, …), full-width
    digits too. dateparser is the fallback for anything else.
    """
    if not text:
        return None
    text = collapse_whitespace(unicodedata.normalize("NFKC", text))
    text = _DATE_LABEL.sub("", text, count=1)
    found = date_in_text(text)
    if found or _NUMERIC_DATE.search(text):
        return found
    match = _SHORT_YEAR_DATE.search(text)  # `18-03-15`: year first, as Chinese pages write it
    if match:
        year, month, day = (int(g) for g in match.groups())
        return _valid_date(year + (2000 if year < 70 else 1900), month, day)
    if not re.search(r"\d", text) or len(text) > 40:
        return None
    return _dateparser_fallback(text)


def date_in_text(text: str) -> str | None:
    """The first date written out in full (year, month, day) anywhere in `text`, or None:
    the exact patterns only (a list item's date beside its title)."""
    match = _NUMERIC_DATE.search(text)
    if match:
        return _valid_date(*(int(g) for g in match.groups()))
    match = _CN_NUMERAL_DATE.search(text)
    if match:
        parts = [chinese_numeral_to_int(g) for g in match.groups()]
        if None not in parts:
            return _valid_date(*parts)  # type: ignore[arg-type]
    return None


def _dateparser_fallback(text: str) -> str | None:
    import dateparser  # imported lazily: ~170 ms on first use

    parsed = dateparser.parse(
        text,
        languages=["zh", "en"],
        settings={"STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"], "DATE_ORDER": "YMD"},
    )
    return parsed.date().isoformat() if parsed else None
