"""The report classifier on its hand-labelled set (fixtures/classifier/):
titles as list pages and report pages show them, and whole pages."""

from __future__ import annotations

import json

import pytest

from reportcrawler.classify import classify_title
from reportcrawler.record import read_page

from .crawling import FIXTURES

FOLDER = FIXTURES / "classifier"
TITLES = [json.loads(line) for line in (FOLDER / "titles.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
PAGES = json.loads((FOLDER / "pages.json").read_text(encoding="utf-8"))


def test_the_set_is_large_and_mixed():
    assert len(TITLES) >= 80 and len(PAGES) >= 20
    labels = [t["is_report"] for t in TITLES]
    assert labels.count(True) >= 30 and labels.count(False) >= 30 and labels.count(None) >= 5


@pytest.mark.parametrize("case", TITLES, ids=[t["title"][:40] for t in TITLES])
def test_title(case):
    assert classify_title(case["title"]) is case["is_report"], case["note"]


@pytest.mark.parametrize("case", PAGES, ids=[p["file"] for p in PAGES])
def test_page(case):
    body = (FOLDER / case["file"]).read_bytes()
    reading = read_page(body, case["url"], case["content_type"])
    assert reading.is_report is case["is_report"], case["note"]
    if case["is_report"]:
        assert reading.item["title"] == case["title"]
    if case["kind"] == "soft404":
        assert reading.is_report is False
