"""Pages in the style of CMS builds the tuned fixtures never showed
(fixtures/heldout-style/): metadata in separate label/value elements, title
lines with their metadata, expiry dates, two-digit years, injected spam."""

from __future__ import annotations

import json

import pytest

from reportcrawler.record import read_page

from .crawling import FIXTURES

FOLDER = FIXTURES / "heldout-style"
CASES = json.loads((FOLDER / "cases.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_case(case):
    reading = read_page((FOLDER / case["file"]).read_bytes(), case["url"], "text/html; charset=utf-8")
    assert reading.is_report is True
    got = {field: reading.item.get(field) for field in case["expected"]}
    assert got == case["expected"], json.dumps({k: (got[k], v) for k, v in case["expected"].items() if got[k] != v},
                                               ensure_ascii=False)
    assert reading.raw.spam_lines_removed == case.get("spam_lines_removed", 0)
