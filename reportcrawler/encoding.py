"""Bytes -> text for pages whose declared charset may be missing or wrong:
the one place that decides a page's encoding.

Portals serve GBK / GB2312 / GB18030 as often as UTF-8, and the declaration
(Content-Type header, <meta charset>) is often absent or lies. Order:
BOM, then strict UTF-8 (GBK text is practically never valid UTF-8), then the
declared charsets if the bytes decode strictly, then charset detection. GB2312
and GBK are read as GB18030, their superset, so a "GB2312" page carrying a
GBK-only character still decodes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from weakref import WeakKeyDictionary

from w3lib.encoding import (
    html_body_declared_encoding,
    http_content_type_encoding,
    read_bom,
    resolve_encoding,
)


class PageError(Exception):
    """A page that cannot be read; `reason` is the stat suffix (errors/<reason>)."""

    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason = reason


@dataclass
class DecodedPage:
    text: str
    encoding: str  # what the bytes really were
    declared: str | None  # what the server or page claimed, if anything
    repaired: int = 0  # fragments in another encoding, decoded on their own (encoding/repaired)


def _codec(name: str | None) -> str | None:
    """A codec name: w3lib maps declared names to their supersets (GB2312 -> GB18030)."""
    if not name:
        return None
    return (resolve_encoding(name) or name).lower()


def _strict(body: bytes, codec: str) -> str | None:
    try:
        return body.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


_HIGH_BYTES = bytes(range(128, 256))
# A run of non-ASCII bytes; a GBK pair's second byte may be ASCII (0x40-0x7E).
_NON_ASCII_RUN = re.compile(rb"(?:[\x80-\xff][\x40-\x7e]?)+")
_HTML_START = re.compile(rb"<(?:!doctype|html|head|body|meta|title)\b", re.I)


def utf8_with_repairs(body: bytes) -> tuple[str, int] | None:
    """Mostly UTF-8 with a few fragments in GB18030 (a GBK snippet pasted into
    a UTF-8 page): each run of non-ASCII bytes is decoded as UTF-8, else as
    GB18030 (a repair). None when UTF-8 is not the clear majority."""
    non_ascii = len(body) - len(body.translate(None, _HIGH_BYTES))
    # A C-level look first: a GBK page is not mostly UTF-8's CJK sequences (the loop below is Python).
    if len(b"".join(_UTF8_CHAR.findall(body))) * 5 < non_ascii * 4:
        return None
    parts: list[str] = []
    last = repaired = bad = 0
    for run in _NON_ASCII_RUN.finditer(body):
        chunk = run.group(0)
        parts.append(body[last:run.start()].decode("ascii"))
        text, foreign = _utf8_then_gb18030(chunk)
        parts.append(text)
        repaired += bool(foreign)
        bad += foreign
        last = run.end()
    parts.append(body[last:].decode("ascii", errors="replace"))
    if not repaired or bad * 5 > non_ascii:
        return None
    return "".join(parts), repaired


# Inside a run that is not all UTF-8, only UTF-8's three- and four-byte forms (CJK) are read as UTF-8:
# its two-byte forms (Latin, Greek) are as often a GBK pair (息 is CF A2).
_UTF8_CHAR = re.compile(rb"[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def _utf8_then_gb18030(chunk: bytes) -> tuple[str, int]:
    """(text, bytes read as GB18030): UTF-8 characters where the bytes form
    them, GB18030 pairs where they do not."""
    try:
        return chunk.decode("utf-8"), 0
    except UnicodeDecodeError:
        pass
    out: list[str] = []
    foreign = i = 0
    while i < len(chunk):
        char = _UTF8_CHAR.match(chunk, i)
        if char:
            out.append(char.group(0).decode("utf-8", errors="replace"))
            i = char.end()
            continue
        step = 4 if i + 3 < len(chunk) and 0x30 <= chunk[i + 1] <= 0x39 else 2  # GB18030's four-byte form
        out.append(chunk[i:i + step].decode("gb18030", errors="replace"))
        foreign += step
        i += step
    return "".join(out), foreign


def strip_nul_bytes(body: bytes) -> bytes:
    """A text page with stray NUL bytes (a CMS bug) loses them; a page made of
    them (binary, or UTF-16 without a BOM) keeps them and is refused."""
    if b"\x00" not in body or body.count(b"\x00") * 100 > len(body):
        return body
    cleaned = body.replace(b"\x00", b"")
    return cleaned if _HTML_START.search(cleaned[:4096]) else body


_NOT_CONTROL = bytes(b for b in range(256) if not (b < 9 or 13 < b < 32))


def looks_binary(body: bytes) -> bool:
    """NUL bytes or many control bytes in the first 4 KB: not a text page."""
    head = body[:4096]
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    controls = len(head.translate(None, _NOT_CONTROL))  # C-level count of control bytes
    return controls > len(head) * 0.05


def decode_page(body: bytes, content_type: str | None = None, encoding: str | None = None) -> DecodedPage:
    """Decode a response body. `encoding` forces a codec (the user knows better).

    Raises PageError('empty' | 'binary' | 'undecodable').
    """
    if not body or not body.strip():
        raise PageError("empty", "empty page (no bytes)")
    header_charset = http_content_type_encoding(content_type) if content_type else None
    declared = header_charset or html_body_declared_encoding(body)
    if encoding:
        codec = _codec(encoding)
        text = _strict(body, codec) if codec else None
        if text is None:
            raise PageError("undecodable", f"bytes are not valid {encoding}")
        return DecodedPage(text, codec, declared)
    bom_encoding, bom = read_bom(body)
    if bom_encoding:
        text = _strict(body[len(bom):], _codec(bom_encoding))
        if text is not None:
            return DecodedPage(text, _codec(bom_encoding), declared)
    body = strip_nul_bytes(body)
    if looks_binary(body):
        raise PageError("binary", "not a text page (binary content)")
    text = _strict(body, "utf-8")
    if text is not None:
        return DecodedPage(text, "utf-8", declared)
    # A page that says UTF-8 (or nothing) and is not quite: UTF-8 with a pasted GBK fragment?
    repaired = utf8_with_repairs(body) if _codec(declared) in (None, "utf-8") else None
    if repaired is not None:
        return DecodedPage(repaired[0], "utf-8", declared, repaired[1])
    for candidate in (header_charset, html_body_declared_encoding(body)):
        codec = _codec(candidate)
        if codec and codec != "utf-8":
            text = _strict(body, codec)
            if text is not None:
                return DecodedPage(text, codec, declared)
    # Declaration missing or wrong: Chinese portals are overwhelmingly GB18030-family.
    text = _strict(body, "gb18030")
    if text is not None:
        return DecodedPage(text, "gb18030", declared)
    from charset_normalizer import from_bytes

    best = from_bytes(body).best()
    if best is not None:
        return DecodedPage(str(best), best.encoding, declared)
    # Mostly GB18030 with a few broken bytes (truncated download): keep what reads.
    text = body.decode("gb18030", errors="replace")
    if text.count("\ufffd") < max(8, len(text) // 100):
        return DecodedPage(text, "gb18030", declared)
    raise PageError("undecodable", "bytes match no known text encoding")


_DECIDED: WeakKeyDictionary = WeakKeyDictionary()


def content_type_of(response) -> str | None:
    return response.headers.get("Content-Type", b"").decode("latin-1") or None


def decoded_response(response) -> DecodedPage:
    """The response's text, decided on first touch and kept with the response
    (weakly: it goes when the response does), so list adapters, navigation
    and extraction share one decode. Raises PageError as decode_page does."""
    found = _DECIDED.get(response)
    if found is None:
        try:
            found = decode_page(response.body, content_type_of(response))
        except PageError as exc:
            found = exc
        _DECIDED[response] = found
    if isinstance(found, PageError):
        raise found
    return found
