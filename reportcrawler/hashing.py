"""The canonical content hash (DESIGN.md): the same report posted twice, once
in 繁體 or with other punctuation and spacing, hashes the same."""

from __future__ import annotations

import hashlib
import unicodedata

from .normalize import to_simplified


class _Dropped(dict):
    """str.translate table: code point -> None for categories P*, S*, Z*, Cc;
    filled lazily, one category lookup per distinct character, and the
    per-character work stays in C."""

    def __missing__(self, code: int):
        category = unicodedata.category(chr(code))
        value = None if category[0] in "PSZ" or category == "Cc" else code
        self[code] = value
        return value


_DROPPED = _Dropped()


def canonical_text(body_text: str) -> str:
    """body_text -> t2s -> NFKC -> without punctuation, symbols, separators, controls."""
    return unicodedata.normalize("NFKC", to_simplified(body_text) or "").translate(_DROPPED)


def content_hash(body_text: str) -> str:
    """sha256 hex of the canonical text, UTF-8."""
    return hashlib.sha256(canonical_text(body_text).encode("utf-8")).hexdigest()
