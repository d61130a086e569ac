"""Figures stated in prose: 全市共受理政府信息公开申请921件, 公开政府信息3000余条,
未收取任何费用, 未发生…行政复议. Only sentences that say one thing plainly.

Table rows flattened into the text (`一、本年新收… 14 3 0 0 2 0 19`) are
skipped: the grids are read from the tables themselves.
"""

from __future__ import annotations

import re
from decimal import Decimal

from .numbers import text_number

_NUM = r"(?P<num>\d{1,3}(?:[,，]\d{3})+|\d+(?:\.\d+(?=万))?|[零〇一二两三四五六七八九十百千]+)(?P<wan>万)?"
_UNIT = r"(?:件|条|份|个|宗|起|次)"
_APPROX_BEFORE = r"(?P<near>近|约|将近)?"
_APPROX_AFTER = r"(?P<approx>余|多)?"
_NOT_NUMBER_BEFORE = r"(?<![\d.．])"
_NOT_DECIMAL = r"(?![.．]\d)"


def _count(pattern: str, starts: str = "") -> re.Pattern[str]:
    """`starts`: the characters a match can begin with, checked first (a lookahead
    changes no match; it spares Python's re trying the whole pattern at every position)."""
    lead = f"(?=[{starts}])" if starts else ""
    return re.compile(lead + pattern.replace("NUM", _APPROX_BEFORE + _NOT_NUMBER_BEFORE + _NUM
                                             + _NOT_DECIMAL + _APPROX_AFTER))


# (key, pattern). Each pattern ends at the unit; 其中 breakdowns are skipped below.
_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("applications_received", _count(
        r"(?P<total>共|总共|全年|累计|合计)?(?:收到|受理|接到|接收)(?:了)?(?:各类|群众|公民)?"
        r"(?:政府信息公开申请|信息公开申请|依申请公开(?:政府信息)?(?:申请)?)"
        r"(?:共|共计|总计|合计)?NUM" + _UNIT, "共总全累合收受接")),
    ("applications_received", _count(
        r"(?P<total>共|总共|全年|累计|合计)?(?:收到|受理|接到|接收)(?:了)?(?:各类)?"
        r"(?:政府信息公开|依申请公开)(?:申请)?(?:共|共计)?NUM" + _UNIT, "共总全累合收受接")),
    ("applications_carried_forward", _count(r"其余NUM" + _UNIT + r"[^。；;]{0,20}?结转")),
    ("applications_carried_forward", _count(
        r"NUM" + _UNIT + r"(?:申请)?[^。；;，,\d]{0,12}?结转(?:至|到)?(?:下一?年度?|\d{4}年度?)",
        r"近约将\d零〇一二两三四五六七八九十百千")),
    ("applications_carried_forward", _count(
        r"结转(?:至|到)?(?:下一?年度?|\d{4}年度?)(?:继续)?办理(?:的)?(?:申请)?(?:有|共)?NUM" + _UNIT)),
    ("applications_carried_over", _count(
        r"上一?年度?结转(?:的|过来的)?(?:政府信息公开)?(?:申请)?(?:有|共)?NUM" + _UNIT)),
    ("proactive_published", _count(
        r"(?<!依申请)(?P<total>共|累计)?(?:主动)?公开(?:了)?(?:各类)?政府信息(?:共|共计|总计|合计|累计)?NUM条",
        "共累主公")),
    ("admin_review.total", _count(
        r"(?:提起|申请|发生|收到|受理|引发|引起)(?:了|的)?(?:政府信息公开)?行政复议(?:申请|案件)?(?:共)?NUM" + _UNIT,
        "提申发收受引")),
)
_SKIP_BEFORE = re.compile(r"其中")  # 其中市政府办公室受理46件: a part, not the total
_NO_REVIEW = re.compile(
    r"(?:未|没有|无)(?:发生|出现|收到|接到|产生|有|因)[^。；;]{0,40}?行政复议")
_NO_LITIGATION = re.compile(
    r"(?:未|没有|无)(?:发生|出现|收到|接到|产生|有|因)[^。；;]{0,40}?行政诉讼")
_NO_FEES = re.compile(
    r"(?:没有|未)发生[^。；;，,]{0,20}?收费|未收费|(?:未|没有|不|无)[^。；;，,]{0,40}?收取[^。；;]{0,30}?费"
    r"|未收取任何费用|收费(?:为)?(?:0|零)元")
_FEE_CONTEXT = re.compile(r"申请|检索|复制|邮寄|信息处理费|成本费|任何费用|收费")
_FEES = re.compile(
    r"收取[^。；;，,]{0,30}?(?:信息处理费|(?:检索|复制|邮寄|成本)[^。；;，,]{0,12}?费用?)"
    r"(?:共|共计|合计)?(?P<num>\d+(?:\.\d+)?)(?P<wan>万)?元")
_TABLE_ROW = re.compile(r"(?:^|\s)[\d０-９,，.]+(?:\s+[\d０-９,，.]+){2,}(?:\s|$)")
_NO_APPLICATIONS = re.compile(r"(?:没有|未)(?:收到|受理)(?:任何)?(?:政府)?信息公开申请")
# after 行政复议N件 in the same clause: 其中维持7件 / 结果为维持 / 经复议维持
_REVIEW_PARTS = (("maintained", re.compile(r"维持[^，,；;。0-9]{0,12}?(\d+)件")),
                 ("corrected", re.compile(r"纠正[^，,；;。0-9]{0,6}?(\d+)件")),
                 ("other", re.compile(r"其他[^，,；;。0-9]{0,6}?(\d+)件")),
                 ("pending", re.compile(r"未审结[^，,；;。0-9]{0,6}?(\d+)件")))
_ALL_MAINTAINED = re.compile(r"^[，,]?(?:结果为|经复议)维持")
_KEYWORDS = re.compile(r"申请|公开|复议|诉讼|费")
_SENTENCE_END = "。；;！!？?\n"


def _sentence_start(text: str, pos: int) -> int:
    return max(text.rfind(ch, 0, pos) for ch in _SENTENCE_END) + 1


def _line(text: str, pos: int) -> str:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return text[start:end if end >= 0 else len(text)]


def _set(stats: dict, key: str, value) -> None:
    if "." in key:
        group, field = key.split(".")
        stats.setdefault(group, {}).setdefault(field, value)
    else:
        stats.setdefault(key, value)


def read_prose(text: str) -> dict:
    """Figures the prose states; keys as in DESIGN.md (approximate listed under 'approximate')."""
    stats: dict = {}
    if not text or not _KEYWORDS.search(text):
        return stats
    approximate: list[str] = []
    for key, pattern in _RULES:
        if key in stats or key.split(".")[0] in stats:
            continue
        best = None
        for match in pattern.finditer(text):
            start = _sentence_start(text, match.start())
            if _SKIP_BEFORE.search(text, start, match.start()) or _TABLE_ROW.search(_line(text, match.start())):
                continue
            value = text_number(match.group("num"), bool(match.group("wan")))
            if value is None:
                continue
            has_total = "total" in pattern.groupindex and match.group("total")
            if best is None or (has_total and not best[2]):
                best = (value, bool(match.group("near") or match.group("approx")), has_total, match.end())
            if has_total:
                break
        if best is not None:
            _set(stats, key, best[0])
            if key == "admin_review.total":
                _review_parts(text, best[3], stats["admin_review"])
            if best[1]:
                approximate.append(key)
    _read_zeros(text, stats)
    _read_fees(text, stats)
    if approximate:
        stats["approximate"] = approximate
    return stats


def _review_parts(text: str, end: int, review: dict) -> None:
    stop = min((i for i in (text.find(ch, end) for ch in "；;。\n") if i >= 0), default=len(text))
    clause = text[end:stop]
    if _ALL_MAINTAINED.match(clause):
        review["maintained"] = review["total"]
        return
    for field, pattern in _REVIEW_PARTS:
        match = pattern.search(clause)
        if match:
            review[field] = int(match.group(1))


def _read_zeros(text: str, stats: dict) -> None:
    if "applications_received" not in stats and _NO_APPLICATIONS.search(text):
        stats["applications_received"] = 0
    if "admin_review" not in stats and _NO_REVIEW.search(text):
        stats["admin_review"] = {"total": 0}
    if _NO_LITIGATION.search(text):
        stats.setdefault("litigation_direct", {"total": 0})
        stats.setdefault("litigation_after_review", {"total": 0})


def _read_fees(text: str, stats: dict) -> None:
    match = _FEES.search(text)
    if match:
        value = Decimal(match.group("num")) * (10000 if match.group("wan") else 1)
        stats["fees_collected"] = int(value) if value == value.to_integral() else float(value)
        return
    for match in _NO_FEES.finditer(text):
        start = _sentence_start(text, match.start())
        line_start = text.rfind("\n", 0, start - 1) + 1
        context = text[line_start:text.find("。", match.end()) if "。" in text[match.end():] else len(text)]
        if _FEE_CONTEXT.search(context):
            stats["fees_collected"] = 0
            return
