"""The year a report covers (not the year it was posted)."""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata

from .dates import chinese_numeral_to_int

_BRACKETED = re.compile(r"[〔\[［【(（]\s*(?:19|20)\d{2}\s*[〕\]］】)）]")
_TITLE_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年?度?")
_CN_YEAR = re.compile(r"([〇零○一二三四五六七八九]{4})\s*年")
_PERIOD_YEAR = re.compile(
    r"统计(?:时限|期限|时间|时段|范围|区间)[^。]{0,12}?((?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日"
)
_BODY_REPORT_YEAR = re.compile(
    r"(?<![〔\[［【\d])((?:19|20)\d{2})\s*年度?\s*(?:[^。，,〔〕]{0,16}?)(?:政府信息公开|政务公开|信息公开)[^。，,]{0,8}?(?:年度)?(?:工作)?(?:报告|年报)"
)
_BODY_YEAR = re.compile(r"(?<![〔\[［【\d])((?:19|20)\d{2})\s*年")


def _plausible(year: int) -> bool:
    return 1990 <= year <= _dt.date.today().year


def year_from_title(title: str | None) -> int | None:
    """The year a report title names (`呼兰区2015年政府信息公开…`), never one in 〔2018〕."""
    if not title:
        return None
    text = _BRACKETED.sub(" ", unicodedata.normalize("NFKC", title))
    for match in _TITLE_YEAR.finditer(text):
        if _plausible(int(match.group(1))):
            return int(match.group(1))
    match = _CN_YEAR.search(text)
    if match:
        year = chinese_numeral_to_int(match.group(1))
        if year and _plausible(year):
            return year
    return None


def year_from_body(body: str | None) -> int | None:
    """The covered year from the text: the statistics period (统计时限自2017年1月1日…),
    else a `2016年…信息公开…报告` phrase, else the most mentioned `YYYY年`
    (document numbers such as 〔2018〕3号 never count)."""
    if not body:
        return None
    text = unicodedata.normalize("NFKC", body)
    match = _PERIOD_YEAR.search(text)
    if match and _plausible(int(match.group(1))):
        return int(match.group(1))
    for match in _BODY_REPORT_YEAR.finditer(text):
        if _plausible(int(match.group(1))):
            return int(match.group(1))
    counts: dict[int, int] = {}
    for match in _BODY_YEAR.finditer(text[:5000]):
        year = int(match.group(1))
        if _plausible(year):
            counts[year] = counts.get(year, 0) + 1
    if not counts:
        return None
    return max(counts, key=lambda y: (counts[y], -y))


def find_report_year(title: str | None, body: str | None) -> int | None:
    """Title first, then the body (statistics period, report phrase, most mentioned year)."""
    return year_from_title(title) or year_from_body(body)
