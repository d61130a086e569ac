"""Metadata fields: 索引号, 文号, 来源 / 发布机构, as the record keeps them."""

from __future__ import annotations

import re
import unicodedata

from ..labels import all_labels, field_labels, spaced
from .text import WHITESPACE_RUN, ZERO_WIDTH, remove_all_whitespace

_INDEX_LABEL = re.compile(r"^\s*(?:%s|索引)\s*[:：]?\s*" % spaced(*field_labels("index_no")))
_DASHES = re.compile(r"[\u2010-\u2015\u2212\uff0d\ufe58\ufe63]")
_SLASHES = re.compile(r"[\u2215\u2044\u29f8\uff0f\u2571]")


def normalize_index_no(text: str | None) -> str | None:
    """索引号: NFKC, ASCII `/` and `-`, no spaces or zero-width characters, upper case."""
    if not text:
        return None
    text = _INDEX_LABEL.sub("", unicodedata.normalize("NFKC", text))
    text = ZERO_WIDTH.sub("", text)
    text = _SLASHES.sub("/", _DASHES.sub("-", text))
    text = WHITESPACE_RUN.sub("", text).upper()
    return text or None


_SOURCE_LABEL = re.compile(r"^\s*(?:%s)\s*[:：]?\s*" % "|".join(field_labels("source_agency")))
# The value ends at a separator, at the next label (`来源：X 访问量：`), or at an open bracket.
_SOURCE_END = re.compile(r"\s*(?:[|｜]|(?:%s)\s*[:：]|[（(]?\s*$)" % "|".join(all_labels()))


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
    text = remove_all_whitespace(text).strip(":：|｜")
    return text or None


_DOC_NO_LABEL = re.compile(r"^\s*(?:%s)\s*[:：]?\s*" % spaced(*field_labels("doc_no")))


def normalize_doc_no(text: str | None) -> str | None:
    """文号 as published, label and white space removed (〔2018〕 brackets kept)."""
    if not text:
        return None
    text = remove_all_whitespace(_DOC_NO_LABEL.sub("", text))
    if text in {"无", "-", "--", "/"}:
        return None
    return text or None
