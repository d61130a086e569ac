"""The canonical content hash (DESIGN.md): the same report posted twice, once
in 繁體 or with other punctuation and spacing, hashes the same.

Definition, exactly: body_text -> t2s -> NFKC -> drop every character whose
category starts with P, S, Z or is Cc -> UTF-8 -> sha256 hex.

`canonical_text` computes that, faster than the literal recipe: characters
whose NFKC form is made only of dropped characters (punctuation in any width,
spaces) are removed before NFKC, so what NFKC sees is mostly ideographs and
passes its quick check. That is exact unless something composes across the
removed characters; only combining marks and conjoining Hangul jamo do, so
text containing any of those takes the literal path.
"""

from __future__ import annotations

import hashlib
import re
import sys
import unicodedata
from functools import lru_cache

from .normalize import to_simplified


def _dropped(ch: str) -> bool:
    category = unicodedata.category(ch)
    return category[0] in "PSZ" or category == "Cc"


def _char_class(codes: list[int]) -> str:
    """A regex character class for code points, as ranges."""
    parts, start, prev = [], None, None
    for code in codes:
        if start is None:
            start = prev = code
        elif code == prev + 1:
            prev = code
        else:
            parts.append((start, prev))
            start = prev = code
    if start is not None:
        parts.append((start, prev))
    return "[" + "".join(re.escape(chr(a)) + (f"-{re.escape(chr(b))}" if b > a else "") for a, b in parts) + "]"


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    """(drop after NFKC, safe to drop before NFKC, forces the literal path); BMP, built once."""
    dropped, safe, composing = [], [], []
    for code in range(0x10000):
        ch = chr(code)
        category = unicodedata.category(ch)
        if category[0] in "PSZ" or category == "Cc":
            dropped.append(code)
            if all(_dropped(c) for c in unicodedata.normalize("NFKC", ch)):
                safe.append(code)
        elif category[0] == "M" or 0x1100 <= code <= 0x11FF or 0xA960 <= code <= 0xA97F or 0xD7B0 <= code <= 0xD7FF:
            composing.append(code)
    composing_class = _char_class(composing)[:-1] + ("\U00010000-\U0010ffff]" if sys.maxunicode > 0xFFFF else "]")
    return re.compile(_char_class(dropped)), re.compile(_char_class(safe)), re.compile(composing_class)


def _literal(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKC", text) if not _dropped(ch))


def canonical_text(body_text: str) -> str:
    """body_text -> t2s -> NFKC -> without punctuation, symbols, separators, controls."""
    text = to_simplified(body_text) or ""
    drop_after, drop_before, composing = _patterns()
    if composing.search(text):  # combining marks, jamo or anything beyond the BMP
        return _literal(text)
    return drop_after.sub("", unicodedata.normalize("NFKC", drop_before.sub("", text)))


def content_hash(body_text: str) -> str:
    """sha256 hex of the canonical text, UTF-8."""
    return hashlib.sha256(canonical_text(body_text).encode("utf-8")).hexdigest()
