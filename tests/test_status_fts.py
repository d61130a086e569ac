"""`reportcrawler status` on the five-portal store, and the store's full-text index
(reports_fts) kept in step with `reports` by triggers."""

from __future__ import annotations

import shutil
import sqlite3
from collections import Counter

from reportcrawler.store import Store

from .crawling import store_uri
from .readstores import cli, expected_records


def test_status_counts_records_per_site_and_year(five_store, tmp_path):
    store = tmp_path / "copy.sqlite3"
    shutil.copy(five_store, store)
    writer = Store(store_uri(store))
    writer.record_crawl("hulan", "2024-03-01T02:30:00Z", "2024-03-01T02:31:05Z", "finished",
                        {"pages/archived": 12, "records/stored": 7, "errors/http_404": 2})
    writer.close()
    run = cli("status", "--store", store_uri(store))
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    header = next(line for line in lines if line.strip().startswith("site"))
    years = [int(y) for y in header.split()[1:-1]]
    assert years == list(range(2013, 2021))
    per_year = Counter((r["site"], r["report_year"]) for r in expected_records(
        ["chenzhou", "hulan", "pulandian", "qingshan", "tangyuan"]))
    for site in ("chenzhou", "hulan", "pulandian", "qingshan", "tangyuan"):
        cells = next(line for line in lines if line.split()[:1] == [site]).split()[1:]
        assert cells[:-1] == [str(per_year.get((site, y), "-")) for y in years]
        assert int(cells[-1]) == sum(n for (s, _), n in per_year.items() if s == site)
    assert "hulan        finished 2024-03-01T02:31:05Z (finished): pages 12, stored 7, duplicates 0, " \
           "not reports 0, errors 2" in run.stdout
    # The five-portal store's own crawls are recorded too (health.py), one line per site.
    last_crawl = [line for line in lines if line.split()[:1] == ["chenzhou"] and "(finished)" in line]
    assert len(last_crawl) == 1 and "stored 4," in last_crawl[0], last_crawl
    writer = Store(store_uri(store))
    assert writer.last_crawl("nosuchsite") is None
    writer.close()
    # fixtures/hulan/expected/crawl.json: 7 records, 5 not reports, 8 sightings (one duplicate page)
    outcomes = next(line for line in lines if line.split()[:1] == ["hulan"] and "record" in line)
    assert "duplicate 1" in outcomes and "not_report 1" in outcomes and "record 7" in outcomes


def test_status_errors_are_one_line():
    missing = cli("status", "--store", "sqlite:////nonexistent/x.sqlite3")
    redis = cli("status", "--redis", "redis://127.0.0.1:1/0")  # nothing listens on port 1
    for run in (missing, redis):
        assert run.returncode == 2 and run.stderr.count("\n") == 1 and "Traceback" not in run.stderr


def _match(path, term: str, column: str = "") -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [row[0] for row in conn.execute(
            "SELECT reports.title FROM reports_fts JOIN reports ON reports.id = reports_fts.rowid "
            "WHERE reports_fts MATCH ? ORDER BY reports.id", (f'{column + ":" if column else ""}"{term}"',))]
    finally:
        conn.close()


def test_full_text_index_follows_the_reports(five_store, tmp_path):
    store = tmp_path / "copy.sqlite3"
    shutil.copy(five_store, store)
    assert _match(store, "普兰店") and all("普兰店" in t for t in _match(store, "普兰店"))
    assert len(_match(store, "汤原县人力资源", "title")) == 1  # one title in fixtures/tangyuan
    conn = sqlite3.connect(store)
    with conn:
        conn.execute("UPDATE reports SET title = '汤原县就业局2017年报告' WHERE title LIKE '%人力资源%'")
    assert _match(store, "汤原县人力资源", "title") == []
    assert _match(store, "就业局", "title") == ["汤原县就业局2017年报告"]
    with conn:
        conn.execute("DELETE FROM sightings WHERE content_hash IN (SELECT content_hash FROM reports "
                     "WHERE title LIKE '%就业局%')")
        conn.execute("DELETE FROM reports WHERE title LIKE '%就业局%'")
    conn.close()
    assert _match(store, "就业局") == []


def test_an_older_store_gets_the_index_on_upgrade(five_store, tmp_path):
    store = tmp_path / "old.sqlite3"
    shutil.copy(five_store, store)
    conn = sqlite3.connect(store)
    with conn:
        for trigger in ("delete", "update"):
            conn.execute(f"DROP TRIGGER reports_fts_{trigger}")
        conn.execute("DROP TABLE reports_fts")
        conn.execute("DROP TABLE reports_fts_state")
        conn.execute("UPDATE schema_version SET version = 1")
    conn.close()
    run = cli("db", "upgrade", "--store", store_uri(store))
    assert "upgraded from version 1 to version 2" in run.stdout, run.stderr
    assert len(_match(store, "呼兰区")) == 7
