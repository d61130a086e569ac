"""The test suite's own implementation of DESIGN.md's canonical hash,
written from the definition, independent of reportcrawler.hashing."""

import hashlib
import unicodedata

import opencc

_T2S = opencc.OpenCC("t2s")


def expected_hash(body_text: str) -> str:
    text = unicodedata.normalize("NFKC", _T2S.convert(body_text))
    kept = "".join(c for c in text if unicodedata.category(c)[0] not in "PSZ" and unicodedata.category(c) != "Cc")
    return hashlib.sha256(kept.encode("utf-8")).hexdigest()
