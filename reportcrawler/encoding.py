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
    if looks_binary(body):
        raise PageError("binary", "not a text page (binary content)")
    text = _strict(body, "utf-8")
    if text is not None:
        return DecodedPage(text, "utf-8", declared)
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
