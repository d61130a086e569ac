"""Label / value pairs that sit in separate elements: `<td>索引号</td><td>…</td>`,
`<th>` labels, two pairs per row, `<dt>`/`<dd>`, `<label>索 引 号：</label><div>…</div>`,
`<span>来源：</span>某局`.

A label element is one whose whole text is a known label (data/labels.json),
however it is spaced (ordinary or full-width spaces) and with or without a
colon; its value is the text right after it (its tail), else the next
sibling element's text. An empty value cell is an empty value: the cell after
it is not looked at (it is the next label).
"""

from __future__ import annotations

import re
from functools import lru_cache

from lxml import etree

from ..labels import all_labels, field_labels
from ..normalize import collapse_whitespace
from .lines import short_text

FIELDS = ("index_no", "doc_no", "source_agency", "publish_date")
_LABEL_TAGS = ("td", "th", "dt", "dd", "label", "span", "strong", "b", "em", "div", "p", "li", "font")
_NOT_LABEL_TEXT = re.compile(r"[\s\u3000\xa0:：]+")
_MAX_LABEL = 12
_MAX_VALUE = 200


@lru_cache(maxsize=1)
def _label_fields() -> dict[str, str]:
    """label -> its record field ('' for a label the record does not keep)."""
    found = {label: "" for label in all_labels()}
    for name in FIELDS:
        for label in field_labels(name):
            found[label] = name
    return found


@lru_cache(maxsize=1)
def _first_chars() -> frozenset[str]:
    return frozenset(label[0] for label in _label_fields())


def label_of(el: etree._Element) -> str | None:
    """The known label this element is, or None."""
    if len(el) > 2:
        return None
    own = (el.text or "").lstrip(" \t\r\n\u3000\xa0")
    if own and own[0] not in _first_chars():  # most elements: rejected without reading their text
        return None
    text = short_text(el, _MAX_LABEL * 3)
    if not text:
        return None
    key = _NOT_LABEL_TEXT.sub("", text)
    return key if key in _label_fields() else None


def _value_after(el: etree._Element) -> str | None:
    tail = collapse_whitespace(el.tail or "").lstrip(":：").strip()
    if tail:
        return tail
    sibling = el.getnext()
    while sibling is not None and not isinstance(sibling.tag, str):  # comments, processing instructions
        sibling = sibling.getnext()
    if sibling is None or label_of(sibling) is not None:
        return None
    text = short_text(sibling, _MAX_VALUE)
    return collapse_whitespace(text).lstrip(":：").strip() if text else None


_TEXT_NODES = etree.XPath("//text()")


def _label_candidates(root: etree._Element) -> set[etree._Element]:
    """Elements whose text may be a label: those holding a text node that starts with
    a label's first character, and their ancestors (a label's whole text starts there).
    One C-level pass over the text nodes instead of reading every element's text."""
    firsts = _first_chars()
    found: set[etree._Element] = set()
    for node in _TEXT_NODES(root):
        text = node.lstrip(" \t\r\n\u3000\xa0")
        if not text or text[0] not in firsts:
            continue
        el = node.getparent()
        if el is not None and node.is_tail:
            el = el.getparent()
        while el is not None and el not in found:
            found.add(el)
            el = el.getparent()
    return found


def label_value_pairs(root: etree._Element, outside: etree._Element | None = None) -> dict[str, list[str]]:
    """Each record field's values, in page order. `outside`: elements under it
    are skipped, except 索引号 / 文号 (a report's own tables print 日期 and 来源 cells)."""
    found: dict[str, list[str]] = {name: [] for name in FIELDS}
    inside = set(outside.iter()) if outside is not None else set()
    labels = _label_fields()
    candidates = _label_candidates(root)
    for el in root.iter(*_LABEL_TAGS):
        if el not in candidates:
            continue
        label = label_of(el)
        if label is None or not labels[label]:
            continue
        name = labels[label]
        if el in inside and name not in ("index_no", "doc_no"):
            continue
        value = _value_after(el)
        if value:
            found[name].append(value if name != "publish_date" else f"{label}：{value}")
    return found


def best_date(values: list[str]) -> list[str]:
    """Dates by their label's rank (the publish-date labels are listed best first)."""
    order = {label: rank for rank, label in enumerate(field_labels("publish_date"))}
    return [v.split("：", 1)[1] for v in sorted(values, key=lambda v: order.get(v.split("：", 1)[0], 99))]
