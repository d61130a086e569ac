"""Incremental re-crawls: a full replay crawl of qingshan, then re-crawls of the
same store against changed copies of its fixtures (FIXTURES_DIR)."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from scrapy.http import Headers

from reportcrawler.replay import not_modified

from .canonical import expected_hash
from .crawling import FIXTURES, field_differences, report_record, rows, run_crawl

SITE = "qingshan"
BASE = "http://www.qsq.gov.cn/zwgk/zfxxgknb/"
LIST_1, LIST_2, LIST_3 = BASE + "index.html", BASE + "index_2.html", BASE + "index_3.html"
NEW_URL = BASE + "202201/t20220125_281337.html"
NEW_PAGE = FIXTURES / "incremental" / "t20220125_281337.html"
NEW_EXPECTED = FIXTURES / "incremental" / "t20220125_281337.json"
REPORT_2020 = BASE + "202101/t20210129_248915.html"  # first on list page 1, dated 2021-01-29


@pytest.fixture(scope="module")
def first(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("incremental-first")
    run = run_crawl(workdir, SITE, tag="first")
    assert run.returncode == 0 and run.stats["records/stored"] == 6, run.log[-2000:]
    return workdir / "store.sqlite3", run


def copy_store(first, tmp_path: Path) -> Path:
    store = tmp_path / "store.sqlite3"
    shutil.copy(first[0], store)
    return store


def fixtures_with_new_report(tmp_path: Path) -> Path:
    """qingshan's fixtures plus the 2021 report: its page, and its entry on top of list page 1."""
    folder = tmp_path / "fixtures"
    shutil.copytree(FIXTURES / SITE, folder)
    shutil.copy(NEW_PAGE, folder / "pages" / NEW_PAGE.name)
    index = folder / "pages" / "index.html"
    html = index.read_text(encoding="utf-8")
    first_item = '        <li><a href="/zwgk/zfxxgknb/202101/t20210129_248915.html"'
    assert first_item in html
    new_item = ('        <li><a href="/zwgk/zfxxgknb/202201/t20220125_281337.html" target="_blank">'
                "包头市青山区2021年政府信息公开工作年度报告</a><span>2022-01-25</span></li>\n")
    index.write_text(html.replace(first_item, new_item + first_item, 1).replace("共11条", "共12条"), encoding="utf-8")
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    manifest["entries"].append({
        "method": "GET", "url": NEW_URL, "status": 200, "file": f"pages/{NEW_PAGE.name}",
        "headers": {"Content-Type": "text/html; charset=utf-8", "ETag": '"61ef5a2e-2f1c"',
                    "Last-Modified": "Tue, 25 Jan 2022 01:30:22 GMT"},
    })
    (folder / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    return folder


def new_pages(store: Path, before: int) -> list[dict]:
    return [p for p in rows(store, "pages") if p["id"] > before]


def test_recrawl_fetches_only_the_new_report(first, tmp_path):
    store = copy_store(first, tmp_path)
    pages_before = len(rows(store, "pages"))
    run = run_crawl(tmp_path, SITE, "-s", f"FIXTURES_DIR={fixtures_with_new_report(tmp_path)}", store=store,
                    tag="again")
    assert run.returncode == 0, run.log[-3000:]
    stats = run.stats
    assert stats.get("records/stored") == 1
    assert stats.get("records/duplicate", 0) == 0
    assert stats.get("replay/missing", 0) == 0
    # Page 1 showed a new report, so page 2 was read; every report on page 2 was known: stop.
    fetched = [p["url"] for p in new_pages(store, pages_before)]
    assert sorted(fetched) == sorted([LIST_1, NEW_URL, LIST_2]), fetched
    assert LIST_3 not in fetched
    assert stats.get("list/stopped_known") == 1
    assert stats.get("downloader/request_count") == 4  # robots.txt, two list pages, the new report
    assert stats.get("incremental/skipped_known") == 4  # 2020 and 2019 on page 1, two on page 2
    assert stats.get("health/failed") == []
    assert "(records 4, not reports 1)" in run.stdout and "paging stopped at known 1" in run.stdout

    reports = [report_record(r) for r in rows(store, "reports")]
    assert len(reports) == 7
    new = [r for r in reports if r["url"] == NEW_URL]
    assert len(new) == 1
    expected = json.loads(NEW_EXPECTED.read_text(encoding="utf-8"))
    assert field_differences(new[0], expected) == []
    assert new[0]["content_hash"] == expected_hash(expected["body_text"])
    assert [item["url"] for item in run.feed] == [NEW_URL]


def test_full_recrawl_fetches_everything_again(first, tmp_path):
    store = copy_store(first, tmp_path)
    run = run_crawl(tmp_path, SITE, "-s", f"FIXTURES_DIR={fixtures_with_new_report(tmp_path)}",
                    "-s", "REPORTCRAWLER_FULL_RECRAWL=1", store=store, tag="full")
    assert run.returncode == 0, run.log[-3000:]
    assert run.stats.get("records/stored") == 1
    assert run.stats.get("records/duplicate") == first[1].stats["records/stored"]
    assert run.stats.get("downloader/request_count") == first[1].stats["downloader/request_count"] + 1
    assert not [k for k in run.stats if k.startswith("incremental/") or k == "list/stopped_known"]
    assert len(rows(store, "reports")) == 7


def test_report_listed_after_its_fetch_is_asked_conditionally_and_a_304_is_a_sighting(first, tmp_path):
    """The 2020 report's list entry (2021-01-29) is newer than its stored fetch (set back to
    2021-01-01 here): requested again with its ETag, the unchanged page answers 304."""
    store = copy_store(first, tmp_path)
    with sqlite3.connect(store) as conn:
        conn.execute("UPDATE pages SET fetched_at = '2021-01-01T08:00:00Z' WHERE url = ?", (REPORT_2020,))
        stored_hash = conn.execute("SELECT content_hash FROM reports WHERE url = ?", (REPORT_2020,)).fetchone()[0]
    pages_before = len(rows(store, "pages"))
    sightings_before = len(rows(store, "sightings"))
    run = run_crawl(tmp_path, SITE, store=store, tag="conditional")
    assert run.returncode == 0, run.log[-3000:]
    assert run.stats.get("records/not_modified") == 1
    assert run.stats.get("conditional/requests") == 1 and run.stats.get("conditional/not_modified") == 1
    assert run.stats.get("incremental/refetched_newer") == 1
    assert run.stats.get("records/stored", 0) == 0 and run.stats.get("records/duplicate", 0) == 0
    page = [p for p in new_pages(store, pages_before) if p["url"] == REPORT_2020]
    assert len(page) == 1 and page[0]["status"] == 304 and page[0]["outcome"] == "not_modified"
    sightings = rows(store, "sightings")
    assert len(sightings) == sightings_before + 1
    assert sightings[-1]["url"] == REPORT_2020 and sightings[-1]["content_hash"] == stored_hash
    assert sightings[-1]["page_id"] == page[0]["id"]
    assert run.stats.get("health/failed") == []


def test_page_that_failed_before_is_tried_again(first, tmp_path):
    store = copy_store(first, tmp_path)
    with sqlite3.connect(store) as conn:  # its latest fetch timed out
        conn.execute("INSERT INTO pages (url, site, fetched_at, outcome) VALUES (?, ?, ?, ?)",
                     (REPORT_2020, SITE, "2026-01-01T00:00:00Z", "error:timeout"))
    run = run_crawl(tmp_path, SITE, store=store, tag="retry")
    assert run.returncode == 0, run.log[-3000:]
    assert run.stats.get("incremental/retried_failed") == 1
    assert run.stats.get("records/duplicate") == 1  # fetched again: a sighting of its record
    # Page 1 had a report to fetch, so page 2 was read too (two known reports there): 2019 + 2.
    assert run.stats.get("incremental/skipped_known") == 3
    assert run.stats.get("list/stopped_known") == 1


def test_replay_answers_304_only_when_the_validator_matches():
    saved = Headers({"ETag": '"5e21126e-9dc1"', "Last-Modified": "Fri, 17 Jan 2020 01:48:30 GMT"})
    assert not_modified(Headers({"If-None-Match": '"5e21126e-9dc1"'}), saved)
    assert not not_modified(Headers({"If-None-Match": '"other"'}), saved)
    assert not_modified(Headers({"If-Modified-Since": "Sat, 18 Jan 2020 00:00:00 GMT"}), saved)
    assert not not_modified(Headers({"If-Modified-Since": "Thu, 16 Jan 2020 00:00:00 GMT"}), saved)
    # If-None-Match decides when both are sent (RFC 9110).
    assert not not_modified(Headers({"If-None-Match": '"other"',
                                     "If-Modified-Since": "Sat, 18 Jan 2020 00:00:00 GMT"}), saved)
    assert not not_modified(Headers({}), saved)
