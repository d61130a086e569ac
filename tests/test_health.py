"""Health checks after each crawl: replay crawls of qingshan against copies of its
fixtures broken in a temp dir (FIXTURES_DIR)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from reportcrawler.health import health_failures, records_seen

from .crawling import FIXTURES, rows, run_crawl

SITE = "qingshan"
REPORT_ITEMS = ("t20210129_248915", "t20200117_201447")  # the two reports on list page 1


def broken_fixtures(tmp_path: Path, edit_index=None, edit_manifest=None) -> Path:
    folder = tmp_path / "fixtures"
    shutil.copytree(FIXTURES / SITE, folder)
    if edit_index:
        index = folder / "pages" / "index.html"
        index.write_text(edit_index(index.read_text(encoding="utf-8")), encoding="utf-8")
    if edit_manifest:
        path = folder / "manifest.json"
        manifest = json.loads(path.read_text(encoding="utf-8"))
        edit_manifest(manifest["entries"])
        path.write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    return folder


def without_reports(html: str) -> str:
    """List page 1 with its report entries and its pagination gone (news entries stay)."""
    lines = [line for line in html.splitlines(keepends=True) if not any(i in line for i in REPORT_ITEMS)]
    return "".join(lines).replace('href="index_2.html"', 'href="javascript:;"').replace(
        'href="index_3.html"', 'href="javascript:;"')


@pytest.fixture(scope="module")
def crawled_store(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("health-first")
    run = run_crawl(workdir, SITE, tag="first")
    assert run.returncode == 0 and run.stats.get("health/failed") == []
    return workdir / "store.sqlite3"


def test_reports_vanished_since_the_last_crawl(crawled_store, tmp_path):
    store = tmp_path / "store.sqlite3"
    shutil.copy(crawled_store, store)
    fixtures = broken_fixtures(tmp_path, edit_index=without_reports)
    run = run_crawl(tmp_path, SITE, "-s", f"FIXTURES_DIR={fixtures}", store=store, tag="vanished")
    assert run.returncode == 0, run.log[-2000:]  # off by default: reported, not fatal
    assert run.stats["health/failed"] == ["reports_vanished"]
    assert run.stats["health/reports_vanished"].startswith("6 reports seen on the last crawl")
    assert "HEALTH FAILED    reports_vanished: 6 reports seen on the last crawl" in run.stdout
    crawls = rows(store, "crawls")
    assert len(crawls) == 2 and json.loads(crawls[-1]["stats"])["health/failed"] == ["reports_vanished"]

    failing = run_crawl(tmp_path, SITE, "-s", f"FIXTURES_DIR={fixtures}", "-s", "REPORTCRAWLER_HEALTH_FAIL=1",
                        store=store, tag="vanished-fail")
    # The last crawl (the one above) saw none either: compared with it, nothing vanished now.
    assert failing.stats["health/failed"] == [] and failing.returncode == 0

    shutil.copy(crawled_store, store)
    failing = run_crawl(tmp_path, SITE, "-s", f"FIXTURES_DIR={fixtures}", "-s", "REPORTCRAWLER_HEALTH_FAIL=1",
                        store=store, tag="vanished-fail2")
    assert failing.returncode == 1, failing.log[-2000:]
    assert failing.stats["verdict/failed"] == "health"
    assert "reports_vanished" in failing.stats["verdict/message"]


def test_column_list_without_links(tmp_path):
    fixtures = broken_fixtures(tmp_path, edit_index=lambda html: re.sub(r"<span>\d{4}-\d{2}-\d{2}</span>", "", html))
    run = run_crawl(tmp_path, SITE, "-s", f"FIXTURES_DIR={fixtures}", tag="empty")
    assert run.returncode == 0, run.log[-2000:]
    assert run.stats.get("list/empty") == 1
    assert run.stats["health/failed"] == ["empty_list"]
    assert "HEALTH FAILED    empty_list: 1 column list page(s) showed no article links" in run.stdout


def test_error_rate_over_the_threshold(tmp_path):
    def report_pages_gone(entries):
        for entry in entries:
            if "/zfxxgknb/20" in entry["url"]:
                entry["status"], entry["file"] = 404, None

    fixtures = broken_fixtures(tmp_path, edit_manifest=report_pages_gone)
    run = run_crawl(tmp_path, SITE, "-s", f"FIXTURES_DIR={fixtures}", "-s", "REPORTCRAWLER_HEALTH_FAIL=1",
                    tag="errors")
    errors = run.stats.get("errors/http_404", 0)
    assert errors >= 5, run.stats
    assert run.stats["health/failed"] == ["error_rate"]
    assert run.stats["health/error_rate"].startswith(f"{errors} errors in {run.stats['downloader/request_count']}")
    assert run.returncode == 1 and run.stats["verdict/failed"] == "health"
    assert "HEALTH FAILED    error_rate" in run.stdout


def test_checks_on_stats():
    """The rules themselves, on plain stats dicts."""
    last = {"stats": {"records/stored": 3}, "finished_at": "2026-01-01T00:00:00"}
    unchanged = {"incremental/skipped_known": 3, "downloader/request_count": 2}
    assert records_seen(unchanged) == 3
    assert health_failures(unchanged, last, 0.2) == {}
    assert health_failures({"records/not_modified": 1, "downloader/request_count": 5}, last, 0.2) == {}
    assert list(health_failures({"downloader/request_count": 5}, last, 0.2)) == ["reports_vanished"]
    assert health_failures({"downloader/request_count": 5}, None, 0.2) == {}  # first crawl: nothing to compare
    assert list(health_failures({"records/stored": 1, "errors/timeout": 2, "downloader/request_count": 10},
                                None, 0.1)) == ["error_rate"]
    assert health_failures({"records/stored": 1, "errors/timeout": 2, "downloader/request_count": 10},
                           None, 0.2) == {}
