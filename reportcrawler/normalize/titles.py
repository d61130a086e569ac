"""Report titles: white space collapsed, the site-name suffix removed."""

from __future__ import annotations

import re

from .text import collapse_whitespace

_TITLE_SEPARATORS = re.compile(r"\s*(?:[_|｜]|——|--| - | — |-(?=[^-]*(?:政府|门户|网站|人民|公开网)))\s*")
_SITE_WORDS = re.compile(r"(?:人民政府|政府网|门户网|网站|政务网|公开网|信息网|政府$|首页)")


def clean_title(text: str | None) -> str | None:
    """A report title: white space collapsed, site-name suffix (`_呼兰区人民政府`) removed."""
    text = collapse_whitespace(text)
    if not text:
        return None
    parts = [p for p in _TITLE_SEPARATORS.split(text) if p]
    if len(parts) > 1:
        kept = [p for p in parts if not _SITE_WORDS.search(p) or re.search(r"报告|年报", p)]
        text = (kept or parts)[0]
    return text.strip() or None
