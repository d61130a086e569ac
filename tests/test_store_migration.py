"""A store written before schema versions (raw bytes in `pages.body`) is
upgraded in place, by `reportcrawler db upgrade` or on first use by a crawl."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import subprocess
import sys

from .crawling import ROOT, rows, run_crawl

# The layout the sqlite3-only store wrote (before schema_version existed).
OLD_SCHEMA = """
CREATE TABLE pages (id INTEGER PRIMARY KEY, url TEXT NOT NULL, site TEXT, status INTEGER, headers TEXT,
                    body BLOB, encoding TEXT, fetched_at TEXT NOT NULL, outcome TEXT);
CREATE INDEX pages_url ON pages (url);
CREATE TABLE reports (id INTEGER PRIMARY KEY, url TEXT NOT NULL, site TEXT, region TEXT, region_code TEXT,
    title TEXT NOT NULL, report_year INTEGER, publish_date TEXT, index_no TEXT, doc_no TEXT, source_agency TEXT,
    body_text TEXT NOT NULL, original_script TEXT, content_hash TEXT NOT NULL UNIQUE, attachments TEXT,
    stats TEXT, fetched_at TEXT, raw_text TEXT, page_id INTEGER REFERENCES pages (id), parser_version TEXT);
CREATE TABLE sightings (id INTEGER PRIMARY KEY, url TEXT NOT NULL, site TEXT, fetched_at TEXT,
                        content_hash TEXT NOT NULL, page_id INTEGER REFERENCES pages (id));
CREATE INDEX sightings_hash ON sightings (content_hash);
"""
PAGE = "<html><head><meta charset='gbk'></head><body>呼兰区2016年政府信息公开工作年度报告</body></html>".encode("gbk")
LIST = b"<html><body><a href='/a.html'>list</a></body></html>"


def old_store(path) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.executescript(OLD_SCHEMA)
    page = "INSERT INTO pages (url, site, status, headers, body, encoding, fetched_at, outcome) VALUES (?,?,?,?,?,?,?,?)"
    conn.execute(page, ("http://x/list.html", "hulan", 200, "{}", LIST, None, "2025-01-01T00:00:00Z", "list"))
    conn.execute(page, ("http://x/a.html", "hulan", 200, '{"Content-Type": "text/html"}', PAGE, "gb18030",
                        "2025-01-01T00:00:01Z", "record"))
    conn.execute(page, ("http://x/a.html", "hulan", 200, '{"Content-Type": "text/html"}', PAGE, "gb18030",
                        "2025-02-01T00:00:01Z", "duplicate"))
    conn.execute(page, ("http://x/gone.html", "hulan", 404, "{}", b"", None, "2025-01-01T00:00:02Z", "error:http_404"))
    conn.execute("INSERT INTO reports (url, site, title, report_year, body_text, content_hash, attachments, stats, "
                 "fetched_at, raw_text, page_id, parser_version) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                 ("http://x/a.html", "hulan", "呼兰区2016年政府信息公开工作年度报告", 2016, "正文", "h-old",
                  '[{"url": "http://x/a.doc", "name": "附件"}]', '{"proactive_published": 12}',
                  "2025-01-01T00:00:01Z", "raw", 2, "7"))
    for page_id, fetched in ((2, "2025-01-01T00:00:01Z"), (3, "2025-02-01T00:00:01Z")):
        conn.execute("INSERT INTO sightings (url, site, fetched_at, content_hash, page_id) VALUES (?,?,?,?,?)",
                     ("http://x/a.html", "hulan", fetched, "h-old", page_id))
    conn.close()


def db_upgrade(store):
    return subprocess.run([sys.executable, "-m", "reportcrawler.cli", "db", "upgrade", "--store",
                           f"sqlite:///{store}"], cwd=ROOT, capture_output=True, text=True, timeout=120)


def columns(store, table: str) -> list[str]:
    conn = sqlite3.connect(store)
    try:
        return [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]
    finally:
        conn.close()


def test_db_upgrade_moves_bodies_out_of_pages(tmp_path):
    store = tmp_path / "old.sqlite3"
    old_store(store)
    report_before = rows(store, "reports")[0]

    out = db_upgrade(store)
    assert out.returncode == 0, out.stderr
    assert "upgraded from unversioned to version 2" in out.stdout
    assert "body" not in columns(store, "pages") and "body_sha256" in columns(store, "pages")
    assert {"stats_warnings", "tables"} <= set(columns(store, "reports"))
    assert [r["version"] for r in rows(store, "schema_version")] == [2]
    bodies = {b["sha256"]: b for b in rows(store, "bodies")}
    assert set(bodies) == {hashlib.sha256(b).hexdigest() for b in (PAGE, LIST, b"")}
    assert bodies[hashlib.sha256(PAGE).hexdigest()]["size"] == len(PAGE)
    pages = rows(store, "pages")
    assert [p["body"] for p in pages] == [LIST, PAGE, PAGE, b""]
    assert [p["outcome"] for p in pages] == ["list", "record", "duplicate", "error:http_404"]
    [report] = rows(store, "reports")
    assert {k: report[k] for k in report_before} == report_before
    assert json.loads(report["attachments"]) == [{"url": "http://x/a.doc", "name": "附件"}]
    assert len(rows(store, "sightings")) == 2

    again = db_upgrade(store)
    assert again.returncode == 0 and "version 2, up to date" in again.stdout


def test_a_crawl_upgrades_an_old_store_on_first_use(tmp_path):
    store = tmp_path / "store.sqlite3"
    old_store(store)
    run = run_crawl(tmp_path, "hulan", store=store)
    assert run.returncode == 0, run.log[-3000:]
    assert run.stats.get("records/stored") == 7
    assert "body" not in columns(store, "pages")
    assert len(rows(store, "reports")) == 8  # the old one kept beside the crawl's seven
    assert all(p["body"] is not None for p in rows(store, "pages") if p["status"] == 200)


def test_db_upgrade_errors_are_one_line(tmp_path):
    missing = db_upgrade(tmp_path / "absent.sqlite3")
    assert missing.returncode == 2 and missing.stderr.count("\n") == 1
    assert "no store at" in missing.stderr and not (tmp_path / "absent.sqlite3").exists()
    bad = subprocess.run([sys.executable, "-m", "reportcrawler.cli", "db", "upgrade", "--store",
                          "postgresql://postgres:Pw4@127.0.0.1:9/x"], cwd=ROOT, capture_output=True, text=True)
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1, bad.stderr
    assert "postgres:***@127.0.0.1:9/x" in bad.stderr and "Pw4" not in bad.stderr
