"""Traditional or Simplified: detection and conversion (opencc t2s).

Detection is a set lookup per character, not a run of the (slow,
pure-Python) converter: `data/traditional_only.txt` lists the characters
written only in Traditional, taken from opencc's tables.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

import opencc

_HAN = re.compile(r"[\u4e00-\u9fff]")
_CHAR_REF = re.compile(rb"&#(\d+);")


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


@lru_cache(maxsize=1)
def traditional_only_chars() -> frozenset[str]:
    """Characters that exist only in Traditional writing."""
    path = resources.files("reportcrawler").joinpath("data/traditional_only.txt")
    with path.open(encoding="utf-8") as fh:
        return frozenset("".join(line.strip() for line in fh if not line.startswith("#")))


@lru_cache(maxsize=1)
def _traditional_in_gb2312() -> tuple[str, ...]:
    """The few Traditional-only characters GB2312 also has (後, 甯, 麴 …)."""
    found = []
    for ch in traditional_only_chars():
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
    trad = traditional_only_chars()
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
