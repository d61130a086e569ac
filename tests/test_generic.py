"""Extraction on pages from portals and CMS families the project has no
configuration for (fixtures/generic/), through `read_page` as `reportcrawler
parse` runs it without --site: every field, body includes/excludes, the
report decision. Also with no known content container at all, so the
text-density fallback carries the whole set."""

from __future__ import annotations

import json

import pytest

import reportcrawler.extraction.content as extractor
from reportcrawler.record import read_page

from .crawling import FIXTURES

FOLDER = FIXTURES / "generic"
CASES = json.loads((FOLDER / "cases.json").read_text(encoding="utf-8"))
FIELDS = ("url", "title", "report_year", "publish_date", "index_no", "doc_no", "source_agency", "region",
          "region_code", "original_script", "attachments", "body_text")


def read(case):
    return read_page((FOLDER / case["file"]).read_bytes(), case["url"], case["content_type"])


def test_the_set_spans_families():
    assert sum(c["is_report"] for c in CASES) >= 16 and sum(not c["is_report"] for c in CASES) >= 6


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_case(case):
    reading = read(case)
    assert reading.is_report is case["is_report"]
    if not case["is_report"]:
        return
    diff = {f: (reading.item.get(f), case["expected"][f]) for f in FIELDS if reading.item.get(f) != case["expected"][f]}
    assert not diff, json.dumps(diff, ensure_ascii=False)[:3000]
    body = reading.item["body_text"]
    assert all(s in body for s in case["body_includes"])
    assert not any(s in body for s in case["body_excludes"])


def test_density_fallback_alone(monkeypatch):
    data = dict(extractor.selectors())
    data["content"] = []  # no known container: text density decides
    monkeypatch.setattr(extractor, "selectors", lambda: data)
    right = total = 0
    for case in CASES:
        reading = read(case)
        if case["is_report"]:
            for f in FIELDS:
                total += 1
                right += reading.item.get(f) == case["expected"][f]
    assert right / total >= 0.95, f"{right}/{total}"
