"""Normalizers: one small function per kind of value a report page carries.

Each takes the raw text a page gives (label and all, any width, any script)
and returns the normalized value, or None when there is nothing there. They
are the input processors of ReportLoader and are unit-tested one by one.
"""

from __future__ import annotations

import datetime as _dt
import os
import re
import unicodedata
from functools import lru_cache

import opencc

# --- white space and script ----------------------------------------------------

_WHITESPACE_RUN = re.compile(r"[\s\u3000\u00a0\u2002-\u200a\u202f\u205f]+")
_ZERO_WIDTH_CHARS = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_ZERO_WIDTH = re.compile("[%s]" % _ZERO_WIDTH_CHARS)


def collapse_whitespace(text: str | None) -> str:
    """Every run of white space (incl. U+3000, NBSP) becomes one ASCII space; stripped."""
    if not text:
        return ""
    if any(ch in text for ch in _ZERO_WIDTH_CHARS):  # rare: skip the regex pass otherwise
        text = _ZERO_WIDTH.sub("", text)
    return _WHITESPACE_RUN.sub(" ", text).strip()


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


@lru_cache(maxsize=1)
def _traditional_only_chars() -> frozenset[str]:
    """Characters that exist only in Traditional writing (per opencc's tables).

    Used to detect the script cheaply: a set lookup per character instead of
    running the (slow, pure-Python) converter over every page.
    """
    folder = os.path.join(os.path.dirname(opencc.__file__), "dictionary")
    traditional: set[str] = set()
    simplified: set[str] = set()
    with open(os.path.join(folder, "TSCharacters.txt"), encoding="utf-8") as fh:
        for line in fh:
            key, _, values = line.rstrip("\n").partition("\t")
            if len(key) == 1 and key not in values.split():
                traditional.add(key)
    with open(os.path.join(folder, "STCharacters.txt"), encoding="utf-8") as fh:
        for line in fh:
            key = line.partition("\t")[0]
            if len(key) == 1:
                simplified.add(key)
    return frozenset(traditional - simplified)


_HAN = re.compile(r"[\u4e00-\u9fff]")
_CHAR_REF = re.compile(rb"&#(\d+);")


@lru_cache(maxsize=1)
def _traditional_in_gb2312() -> tuple[str, ...]:
    """The few Traditional-only characters GB2312 also has (後, 甯, 麴 …)."""
    found = []
    for ch in _traditional_only_chars():
        try:
            ch.encode("gb2312")
            found.append(ch)
        except UnicodeEncodeError:
            pass
    return tuple(sorted(found))


def count_traditional_chars(text: str) -> int:
    """How many Traditional-only characters the text has.

    GB2312 holds Simplified forms (and the few characters above), so the
    GB2312 encoder, a C loop, sets aside everything else as &#N; references;
    only those few are looked up.
    """
    trad = _traditional_only_chars()
    count = sum(text.count(ch) for ch in _traditional_in_gb2312())
    encoded = text.encode("gb2312", errors="xmlcharrefreplace")
    if b"&#" in encoded:
        count += sum(1 for code in _CHAR_REF.findall(encoded) if chr(int(code)) in trad)
    return count


def has_traditional_chars(text: str) -> bool:
    return count_traditional_chars(text) > 0


def detect_script(text: str) -> str:
    """`hant` when the text is written in Traditional characters, else `hans`.

    A Simplified page may quote a Traditional name or two; the page counts as
    Traditional when at least 2% of its Han characters (and at least 3) are
    Traditional-only.
    """
    trad = count_traditional_chars(text)
    if trad < 3:
        return "hans"
    han = len(_HAN.findall(text))
    return "hant" if trad >= 0.02 * max(han, 1) else "hans"


def to_simplified(text: str | None) -> str | None:
    """Traditional -> Simplified (opencc t2s); text with no Traditional-only character is returned as is."""
    if not text:
        return text
    if not has_traditional_chars(text):
        return text
    return _t2s().convert(text)


# --- dates -------------------------------------------------------------------------

_CN_DIGITS = {"〇": 0, "零": 0, "○": 0, "Ｏ": 0, "O": 0, "o": 0, "一": 1, "二": 2, "三": 3,
              "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_DATE_LABEL = re.compile(
    r"^.*?(?:发布时间|发布日期|发文日期|成文日期|印发日期|公开日期|生成日期|更新时间|时间|日期)\s*[:：]\s*"
)
_NUMERIC_DATE = re.compile(
    r"(?<!\d)((?:19|20)\d{2})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})(?!\d)"
)
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
    match = _NUMERIC_DATE.search(text)
    if match:
        return _valid_date(*(int(g) for g in match.groups()))
    match = _CN_NUMERAL_DATE.search(text)
    if match:
        parts = [chinese_numeral_to_int(g) for g in match.groups()]
        if None not in parts:
            return _valid_date(*parts)  # type: ignore[arg-type]
    if not re.search(r"\d", text) or len(text) > 40:
        return None
    return _dateparser_fallback(text)


def _dateparser_fallback(text: str) -> str | None:
    import dateparser  # imported lazily: ~170 ms on first use

    parsed = dateparser.parse(
        text,
        languages=["zh", "en"],
        settings={"STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"]},
    )
    return parsed.date().isoformat() if parsed else None


# --- metadata fields -------------------------------------------------------------

_INDEX_LABEL = re.compile(r"^\s*(?:索\s*引\s*号|索引)\s*[:：]?\s*")
_DASHES = re.compile(r"[\u2010-\u2015\u2212\uff0d\ufe58\ufe63]")
_SLASHES = re.compile(r"[\u2215\u2044\u29f8\uff0f\u2571]")


def normalize_index_no(text: str | None) -> str | None:
    """索引号: NFKC, ASCII `/` and `-`, no spaces or zero-width characters, upper case."""
    if not text:
        return None
    text = _INDEX_LABEL.sub("", unicodedata.normalize("NFKC", text))
    text = _ZERO_WIDTH.sub("", text)
    text = _SLASHES.sub("/", _DASHES.sub("-", text))
    text = _WHITESPACE_RUN.sub("", text).upper()
    return text or None


# The labels of metadata fields and widgets real pages print on one line
# (`来源：X 访问量：` / `索引号：Y发布时间：…`): a field's value ends where the
# next of them starts. Used by the extractor for every field and here for 来源.
FIELD_LABELS = (
    "发布时间", "发布日期", "发文日期", "成文日期", "生成日期", "公开日期", "日期", "时间", "信息来源", "来源",
    "发布机构", "发文机关", "文号", "索引号", "公开方式", "公开范围", "主题分类", "点击数", "点击量", "点击",
    "浏览次数", "浏览量", "访问量", "阅读数", "阅读量", "阅读", "字号", "字体", "作者", "责任编辑", "编辑",
    "有效性", "当前位置", "分享到", "打印",
)
_SOURCE_LABEL = re.compile(r"^\s*(?:信息来源|文章来源|来源单位|来源|发布机构|发文机关|发布单位)\s*[:：]?\s*")
_SOURCE_END = re.compile(r"\s*(?:[|｜]|(?:%s)\s*[:：]|[（(]?\s*$)" % "|".join(FIELD_LABELS))


def normalize_source_agency(text: str | None) -> str | None:
    """来源 / 发布机构: label and inner spaces removed; None when empty.

    `来源： 访问量：` (empty field followed by the next label) gives None.
    """
    if not text:
        return None
    text = _SOURCE_LABEL.sub("", unicodedata.normalize("NFKC", text))
    end = _SOURCE_END.search(text)
    if end:
        text = text[: end.start()]
    text = _WHITESPACE_RUN.sub("", _ZERO_WIDTH.sub("", text)).strip(":：|｜")
    return text or None


_DOC_NO_LABEL = re.compile(r"^\s*(?:发文字号|文\s*号)\s*[:：]?\s*")


def normalize_doc_no(text: str | None) -> str | None:
    """文号 as published, label and white space removed (〔2018〕 brackets kept)."""
    if not text:
        return None
    text = _DOC_NO_LABEL.sub("", text)
    text = _WHITESPACE_RUN.sub("", _ZERO_WIDTH.sub("", text))
    if text in {"无", "-", "--", "/"}:
        return None
    return text or None


# --- title -------------------------------------------------------------------------

_TITLE_SEPARATORS = re.compile(r"\s*(?:[_|｜]|——|--| - | — |-(?=[^-]*(?:政府|门户|网站|人民|公开网)))\s*")
_SITE_WORDS = re.compile(r"(?:人民政府|政府网|门户网|网站|政务网|公开网|信息网|政府$|首页)")


def clean_title(text: str | None) -> str | None:
    """A report title: white space collapsed, site-name suffix (`_呼兰区人民政府`) removed."""
    text = collapse_whitespace(text)
    if not text:
        return None
    parts = [p for p in _TITLE_SEPARATORS.split(text) if p]
    if len(parts) > 1:
        kept = [p for p in parts if not _SITE_WORDS.search(p) or re.search(r"报告|年报", p)]
        text = (kept or parts)[0]
    return text.strip() or None


# --- report year -------------------------------------------------------------------

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
