"""The canonical content hash (DESIGN.md): the same report posted twice, once
in 繁體 or with other punctuation and spacing, hashes the same."""

from __future__ import annotations

import hashlib
import unicodedata

from .normalize import to_simplified

_DROPPED_CATEGORIES = ("P", "S", "Z")


def canonical_text(body_text: str) -> str:
    """body_text -> t2s -> NFKC -> without punctuation, symbols, separators, controls."""
    text = unicodedata.normalize("NFKC", to_simplified(body_text) or "")
    return "".join(
        ch for ch in text
        if not unicodedata.category(ch).startswith(_DROPPED_CATEGORIES)
        and unicodedata.category(ch) != "Cc"
    )


def content_hash(body_text: str) -> str:
    """sha256 hex of the canonical text, UTF-8."""
    return hashlib.sha256(canonical_text(body_text).encode("utf-8")).hexdigest()
