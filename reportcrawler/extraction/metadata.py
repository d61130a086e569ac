"""Labelled metadata fields (索引号, 文号, 来源, dates) from the lines around
the report text, and the site's identification code.

A field's value ends where the next label starts (an empty field is followed
at once by the next label: `文号： 发文日期：…`), at a separator, a widget
bracket (【字体：大 中 小】) or a wide gap.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..labels import all_labels, field_labels, spaced
from ..normalize import has_traditional_chars, to_simplified
from .content import DATE_ONLY

_LABEL = r"(?:[\u4e00-\u9fff]\s*){2,4}[:：]"
# Known labels end the value before them even with no space in between
# (`FZ00101-0400-2016-00007发布时间：…`).
_KNOWN_LABELS = r"(?:%s)\s*[:：]" % spaced(*all_labels())
_VALUE_END = re.compile(r"(?:^|\s+)(?=%s)|(?=%s)|\s*[|｜【]|\s{2,}" % (_LABEL, _KNOWN_LABELS))
_INDEX_RE = re.compile(r"(?:%s)\s*[:：]\s*" % spaced(*field_labels("index_no")))
_DOC_NO_RE = re.compile(r"(?:%s)\s*[:：]\s*" % spaced(*field_labels("doc_no")))
_SOURCE_RE = re.compile(r"(?:%s)\s*[:：]" % spaced(*field_labels("source_agency")))
_DATE_LABELS = field_labels("publish_date")
# Every known label is matched (longest first), so `失效日期：` is read as the expiry label it is,
# never as `日期：` with an expiry date after it; only publish-date labels are kept.
_DATE_RE = re.compile(r"(%s)\s*[:：]\s*" % spaced(*all_labels()))
_DATE_START = re.compile(r"\d|[〇零○一二]")
_SITE_ID_RE = re.compile(r"网站标识码\s*[:：]?\s*(\d{10})")
_SPACES = re.compile(r"\s+")
_LEADING_DATE = re.compile(r"(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?")


@dataclass
class MetadataFields:
    index_no: str | None = None
    doc_no: str | None = None
    source_candidates: list[str] = field(default_factory=list)
    date_candidates: list[str] = field(default_factory=list)


def value_after(line: str, label: re.Pattern) -> str | None:
    """The value printed after `label` in `line`, up to where the next field starts."""
    match = label.search(line)
    if not match:
        return None
    rest = line[match.end():]
    end = _VALUE_END.search(rest)
    return (rest[: end.start()] if end else rest).strip()


def labelled_fields(zone: list[str]) -> MetadataFields:
    """Fields from the metadata lines (any line with a colon) around the text;
    dates come best label first."""
    zone = [line for line in zone if "：" in line or ":" in line]
    # Labels are matched in Simplified (索引號 -> 索引号); values come out Simplified anyway.
    if has_traditional_chars("\n".join(zone)):
        zone = [to_simplified(line) for line in zone]
    found = MetadataFields()
    dates: dict[str, str] = {}
    for line in zone:
        if found.index_no is None:
            found.index_no = value_after(line, _INDEX_RE) or None
        if found.doc_no is None:
            found.doc_no = value_after(line, _DOC_NO_RE) or None
        source = value_after(line, _SOURCE_RE)
        if source is not None and not found.source_candidates:
            found.source_candidates.append(source)
        for match in _DATE_RE.finditer(line):
            rest = line[match.end():]
            end = _VALUE_END.search(rest)
            value = (rest[: end.start()] if end else rest).strip()
            label = _SPACES.sub("", match.group(1))
            if label in _DATE_LABELS and _DATE_START.match(value) and label not in dates:
                dates[label] = value
    found.date_candidates = [dates[label] for label in _DATE_LABELS if label in dates]
    return found


def unlabelled_dates(header_zone: list[str]) -> list[str]:
    """Lines above the text that are nothing but a date (a title line's date)."""
    return [line for line in header_zone[-12:] if DATE_ONLY.match(line)]


def title_line_dates(header_zone: list[str], titles: list[str]) -> list[str]:
    """The date a title line carries after the title (`标题 2017年03月20日 10:21 来源：…`)."""
    found = []
    for line in header_zone[-12:]:
        for title in titles:
            if title and line.startswith(title) and len(line) > len(title):
                rest = line[len(title):].strip()
                match = _LEADING_DATE.match(rest)
                if match:
                    found.append(match.group(0))
                break
    return found


def site_id_code(meta: dict[str, str], header_zone: list[str], footer_zone: list[str]) -> str | None:
    """SiteIDCode meta tag, else the footer's 网站标识码."""
    if meta.get("SiteIDCode"):
        return meta["SiteIDCode"]
    match = _SITE_ID_RE.search("\n".join(footer_zone[-40:] + header_zone[:5]))
    return match.group(1) if match else None
