"""The figures through the commands: `reportcrawler parse` prints them, and
`reportcrawler reparse` fills them into records an older parser stored."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys

import pytest

from .crawling import FIXTURES, load_expected, match_record, report_record, rows, run_crawl
from .test_reparse import reparse

FIGURES = FIXTURES / "figures"
PAGES = json.loads((FIGURES / "expected.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(n for n in PAGES if n.endswith(".html")))
def test_parse_prints_the_figures(name):
    proc = subprocess.run(
        [sys.executable, "-m", "reportcrawler.cli", "parse", str(FIGURES / "pages" / name),
         "--url", f"http://www.example.gov.cn/art/2022/1/20/{name}"],
        cwd=FIXTURES.parent, capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    printed = json.loads(proc.stdout)
    want = PAGES[name]
    assert printed["stats"] == want["stats"]
    assert len(printed["stats_warnings"]) == len(want["warnings"])
    for warning, prefix in zip(printed["stats_warnings"], want["warnings"], strict=True):
        assert warning.startswith(prefix), (warning, prefix)
    assert printed["tables"] == want["tables"]


def test_reparse_fills_figures_into_records_of_parser_1(tmp_path):
    site = "qingshan"  # two template reports with tables, four prose reports
    crawl = run_crawl(tmp_path, site)
    assert crawl.returncode == 0
    store = tmp_path / "store.sqlite3"
    with sqlite3.connect(store, isolation_level=None) as conn:  # what parser 1 stored: no figures
        conn.execute("UPDATE reports SET stats = '{}', stats_warnings = '[]', tables = NULL, parser_version = '1'")
    stale = [report_record(r) for r in rows(store, "reports")]
    assert stale and all(r["stats"] == {} and r["parser_version"] == "1" for r in stale)
    proc = reparse(store)
    assert proc.returncode == 0, proc.stderr
    expected, _ = load_expected(site)
    records = [report_record(r) for r in rows(store, "reports")]
    assert len(records) == len(expected)
    for name, want in expected.items():
        record = match_record(records, want)
        assert record is not None, name
        assert record["stats"] == want["stats"], name
        assert record["stats_warnings"] == want["stats_warnings"], name
        assert record["tables"] == want["tables"], name
        assert record["parser_version"] == "2", name
