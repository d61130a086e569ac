"""White space: every kind a page carries (U+3000, NBSP, zero-width) folded."""

from __future__ import annotations

import re

# What str.split() splits on is exactly this set (Unicode white space: U+3000,
# NBSP, U+2002–U+200A …); the split is the fast path, the pattern is for regexes.
WHITESPACE_RUN = re.compile(r"[\s\u3000\u00a0\u2002-\u200a\u202f\u205f]+")
ZERO_WIDTH_CHARS = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
ZERO_WIDTH = re.compile("[%s]" % ZERO_WIDTH_CHARS)


def collapse_whitespace(text: str | None) -> str:
    """Every run of white space (incl. U+3000, NBSP) becomes one ASCII space; stripped."""
    if not text:
        return ""
    if not text.isascii():  # O(1); zero-width characters are never ASCII
        text = ZERO_WIDTH.sub("", text)
    return " ".join(text.split())


def remove_all_whitespace(text: str) -> str:
    """No white space and no zero-width characters at all (索引号, 文号, agency names)."""
    return "".join(ZERO_WIDTH.sub("", text).split())
