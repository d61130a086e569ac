"""Is this an annual information-disclosure report? Rules on the title.

A title is a report when it names a body's own 政府信息公开(工作)年度报告 /
年报 (any script, any year, 部门 and 乡镇 reports included) and is not one of
the things that mention such reports: notices about compiling or publishing
them (关于…的通知), 指南, 目录, 工作要点, news, other annual reports.

`classify_title` answers True, False or None (undecided): list pages truncate
long titles (`呼兰区2016年政府信息公开工作...`), and such a link is fetched so
that its page decides. A report title names its year; without one
(`政府信息公开年报`) it is a column name or undecided.

Rules, in order (tested on fixtures/classifier/, 202 titles and 22 pages):
1. a negative pattern -> False: notices and documents (通知, 关于, 指南, 目录,
   要点, 方案, 制度, 说明), news (发布, 召开, 会议 …), interpretations (解读,
   图解, 一图读懂), other annual reports (统计公报, 预决算, 企业年报, 政府工作报告,
   人大/政协, universities' 学年 reports);
2. a truncated link text (`…`, `...`) -> None: what was cut off may be the
   part that decides (`…年度报告解读`);
3. the report pattern (信息公开/政务公开 … 年度报告/工作报告/工作情况报告/年报)
   with a year -> True;
4. the report pattern without a year: a column name when nothing precedes it
   (`政府信息公开年报`) -> False; a body's title (`XX局政府信息公开工作年度报告`)
   -> None;
5. anything else -> False.
A page decides with `is_report_page`: its title by these rules, and a title
without a year counts when the page has a report's body.
"""

from __future__ import annotations

import re

from .normalize import collapse_whitespace, to_simplified

# A report title: 信息公开 … (年度)报告 / 年报; 政务公开 … 年度报告 counts too.
_REPORT = re.compile(
    r"(?:政府信息公开|政务信息公开|信息公开|政务公开)[^，。,]{0,12}?(?:年度工作报告|年度报告|工作年度报告|工作报告|工作情况报告|年报)"
    r"|(?:政府信息公开|信息公开)年度工作报告"
)
# Things that mention a report without being one.
_NOT_REPORT = re.compile(
    r"通知|通报|关于|的意见|实施方案|工作方案|办法|制度|规定|指南|目录|要点|解读|公示|公告|"
    r"函$|批复|决定|会议|培训|检查|考核|评议|评估|督查|发布会|座谈|调研|"
    r"编制|报送|做好|征集|统计公报|预算|决算|审计|企业年度报告|年度报告公示|年报公示|"
    r"人大|政协|政府工作报告|人民代表大会|述职|总结$|"
    r"发布|说明|图解|一图|图说|读懂|召开|举办|举行|部署|推进会|学年|大学|学院|学校"
)
_TRUNCATED = re.compile(r"(?:\.{2,}|…+|。。+)\s*$")
_YEAR = re.compile(r"(?:19|20)\d{2}|[〇零○一二三四五六七八九]{4}\s*年|[０-９]{4}")
# Link texts a navigating spider follows toward the report column.
_NAVIGATION = re.compile(r"政务公开|政府信息公开|信息公开|政务信息|公开年报|年度报告|年报|公开工作报告")


def normalize_title_text(title: str | None) -> str:
    return collapse_whitespace(to_simplified(title or ""))


def classify_title(title: str | None) -> bool | None:
    """True: a report title. False: not one. None: undecided (a truncated link text)."""
    text = normalize_title_text(title)
    if not text:
        return None
    truncated = bool(_TRUNCATED.search(text))
    if _NOT_REPORT.search(text):
        return False
    if truncated:  # what was cut off may be the part that decides
        return None
    match = _REPORT.search(text)
    if match:
        if _YEAR.search(text):
            return True
        return None if match.start() > 0 else False  # nothing before it: a column name
    return False


def is_report_title(title: str | None) -> bool:
    """The page's own (full) title decides: undecided counts as not a report."""
    return classify_title(title) is True


def is_report_page(title: str | None, body: str | None) -> bool:
    """A page is a report when its title says so; a title without a year
    (`XX局政府信息公开工作年度报告`) counts when the page carries a report's text."""
    verdict = classify_title(title)
    if verdict is not None:
        return verdict
    text = normalize_title_text(title)
    return bool(_REPORT.search(text)) and len(body or "") >= 500 and "条例" in (body or "")


def is_navigation_link(text: str | None) -> bool:
    """A link toward the disclosure columns (政务公开, 政府信息公开年报 …), not to one article."""
    value = normalize_title_text(text)
    if not value or len(value) > 20 or _YEAR.search(value) or _NOT_REPORT.search(value):
        return False
    return bool(_NAVIGATION.search(value))
