"""report.html and the Datasette pages in a real browser (Debian's chromium, headless).

Expected values come from the hand-written records in fixtures/<site>/expected/."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from reportcrawler.store import Store

from . import browser as chromium
from .crawling import ROOT, _run_env, sites_with_fixtures, store_uri
from .readstores import cli, expected_records

SCRIPT_TITLE = "<script>window.__pwned = 1</script>呼兰区2099年政府信息公开工作年度报告"


@pytest.fixture(scope="module")
def browser():
    yield from chromium.launch()


@pytest.fixture(scope="module")
def store_with_script_title(five_store, tmp_path_factory) -> Path:
    """The five-portal store plus one record whose scraped title carries a <script> tag."""
    store = tmp_path_factory.mktemp("script-store") / "five.sqlite3"
    shutil.copy(five_store, store)
    writer = Store(store_uri(store))
    writer.add_report({"url": "http://www.hulan.gov.cn/art/2099/1/1/art_1_1.html", "site": "hulan",
                       "region": "哈尔滨市呼兰区", "region_code": "230111", "title": SCRIPT_TITLE,
                       "report_year": 2019, "body_text": "测试", "original_script": "hans",
                       "content_hash": "0" * 64, "stats": {}, "fetched_at": "2024-01-01T00:00:00Z"})
    writer.close()
    return store


def test_report_page(browser, store_with_script_title, tmp_path):
    out = tmp_path / "report.html"
    run = cli("report", "--store", store_uri(store_with_script_title), "--out", str(out))
    assert run.returncode == 0, run.stderr
    expected = expected_records(sites_with_fixtures())
    with chromium.Page(browser) as tab:
        requests: list[str] = []
        tab.page.on("request", lambda r: requests.append(r.url))
        tab.page.goto(out.as_uri())
        page = tab.page
        # One grid cell per portal-year; found exactly where a record is.
        years = list(range(2013, 2021))
        cells = page.eval_on_selector_all(
            "#coverage td.cell", "els => els.map(e => [e.dataset.site, +e.dataset.year, e.className])")
        assert len(cells) == len(sites_with_fixtures()) * len(years)
        assert sorted((s, y) for s, y, _ in cells) == sorted((s, y) for s in sites_with_fixtures() for y in years)
        found = {(s, y) for s, y, cls in cells if "found" in cls.split()}
        assert found == {(r["site"], r["report_year"]) for r in expected}
        # Charts: one applications line per region stating it; one outcome chart per region with 表三.
        assert page.locator("#applications-chart svg.chart").count() == 1
        with_applications = {r["region"] for r in expected if "applications_received" in r["stats"]}
        assert page.locator("#applications-chart g.series polyline").count() == len(with_applications)
        with_outcomes = {r["region"] for r in expected if "outcomes" in r["stats"]}
        assert page.locator("#outcome-charts svg.chart").count() == len(with_outcomes)
        assert page.locator("#outcome-charts rect.bar").count() > 0
        # Every record, its region as stored; the <script> title is text, never run.
        assert page.locator("#records tbody tr").count() == len(expected) + 1
        regions = set(page.locator("#records td.region").all_inner_texts())
        assert regions == {r["region"] for r in expected}
        assert SCRIPT_TITLE in page.locator("#records td.title").all_inner_texts()
        assert page.evaluate("window.__pwned") is None
        assert page.locator("script").count() == 0
        assert tab.errors == []
        assert [u for u in requests if not u.startswith("file://")] == []  # self-contained
        shot = tmp_path / "report.png"
        page.screenshot(path=str(shot), full_page=False)
        assert shot.stat().st_size > 10_000
        if os.environ.get("REPORTCRAWLER_SCREENSHOTS"):  # README's picture: docs/report.png
            shutil.copy(shot, Path(os.environ["REPORTCRAWLER_SCREENSHOTS"]) / "report.png")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def datasette(store_with_script_title):
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "reportcrawler.cli", "browse", "--no-open", "--port", str(port),
                             "--store", store_uri(store_with_script_title)], cwd=ROOT, env=_run_env(),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}/{store_with_script_title.stem}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(base, timeout=2).close()
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail(f"browse did not serve: {proc.stderr.read()[-2000:]}")
            time.sleep(0.3)
    yield base
    proc.terminate()
    proc.wait(timeout=30)


def test_datasette_reports_table(browser, datasette):
    with chromium.Page(browser) as tab:
        tab.page.goto(f"{datasette}/reports?_size=100")
        assert tab.page.locator("table.rows-and-columns tbody tr").count() == 29
        assert "Reports (one per distinct content)" in tab.page.locator("h1").inner_text()
        facets = tab.page.eval_on_selector_all(".facet-info", "els => els.map(e => e.dataset.column)")
        assert {"site", "region", "report_year"} <= set(facets)
        assert tab.errors == []


def test_datasette_full_text_search_in_chinese(browser, datasette):
    pulandian = sorted(r["title"] for r in expected_records(["pulandian"]))
    with chromium.Page(browser) as tab:
        tab.page.goto(f"{datasette}/reports?_search=普兰店&_size=100")
        titles = tab.page.locator("table.rows-and-columns td.col-title").all_inner_texts()
        assert sorted(titles) == pulandian
        tab.page.goto(f"{datasette}/search_short?term=郴州")  # two characters: the LIKE query
        sites = tab.page.locator("table.rows-and-columns td.col-site").all_inner_texts()
        assert sites == ["chenzhou"] * len(expected_records(["chenzhou"]))
        assert tab.errors == []


def test_browse_a_postgresql_store_through_a_snapshot(postgres_uri, tmp_path):
    from .crawling import run_crawl

    crawl = run_crawl(tmp_path, "hulan", store=postgres_uri)
    assert crawl.returncode == 0, crawl.log[-2000:]
    snapshots = tmp_path / "snapshot"
    snapshots.mkdir()
    run = cli("browse", "--store", postgres_uri, "--dry-run", "--port", "8765", "--snapshot-dir", str(snapshots))
    assert run.returncode == 0, run.stderr
    command, url = run.stdout.splitlines()
    assert url == "http://127.0.0.1:8765/reports/reports"
    assert str(snapshots / "reports.sqlite3") in command and "--host 127.0.0.1" in command
    import sqlite3

    conn = sqlite3.connect(snapshots / "reports.sqlite3")
    titles = [t for (t,) in conn.execute("SELECT reports.title FROM reports_fts JOIN reports "
                                         "ON reports.id = reports_fts.rowid WHERE reports_fts MATCH '\"呼兰区\"'")]
    conn.close()
    assert sorted(titles) == sorted(r["title"] for r in expected_records(["hulan"]))
