"""`reportcrawler reparse`: the stored raw pages re-read with the current
code, without fetching; it reports and applies what changed."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys

from .crawling import ROOT, rows, run_crawl

FIELDS = ("url", "title", "report_year", "publish_date", "index_no", "source_agency", "body_text",
          "content_hash", "region_code", "attachments", "parser_version")


def reparse(store, *args):
    return subprocess.run([sys.executable, "-m", "reportcrawler.cli", "reparse", "--store", f"sqlite:///{store}",
                           *args], cwd=ROOT, capture_output=True, text=True, timeout=300)


def snapshot(store):
    return sorted(tuple(r[f] for f in FIELDS) for r in rows(store, "reports"))


def test_reparse_repairs_what_an_older_parser_got_wrong(tmp_path):
    crawl = run_crawl(tmp_path, "hulan")
    assert crawl.returncode == 0
    fresh = tmp_path / "store.sqlite3"
    store = tmp_path / "old.sqlite3"
    shutil.copy(fresh, store)
    conn = sqlite3.connect(store, isolation_level=None)
    reports = conn.execute("SELECT id, page_id, url, content_hash FROM reports ORDER BY id").fetchall()
    # 1. an older parser got a title and the body wrong (so also the hash).
    rid, page_a, url_a, old_hash = reports[0]
    conn.execute("UPDATE reports SET title = 'wrong', body_text = 'x', content_hash = 'h0', parser_version = '0' "
                 "WHERE id = ?", (rid,))
    conn.execute("UPDATE sightings SET content_hash = 'h0' WHERE content_hash = ?", (old_hash,))
    # 2. it failed on a report page altogether.
    rid_b, page_b, url_b, hash_b = reports[1]
    conn.execute("DELETE FROM reports WHERE id = ?", (rid_b,))
    conn.execute("DELETE FROM sightings WHERE page_id = ?", (page_b,))
    conn.execute("UPDATE pages SET outcome = 'error:parse_failed' WHERE id = ?", (page_b,))
    # 3. it took a distractor for a report.
    (page_c, url_c), = conn.execute("SELECT id, url FROM pages WHERE outcome = 'not_report'").fetchall()
    conn.execute("INSERT INTO reports (url, site, title, body_text, content_hash, page_id, report_year) "
                 "VALUES (?, 'hulan', 'x', 'y', 'hc', ?, 2016)", (url_c, page_c))
    conn.execute("INSERT INTO sightings (url, site, content_hash, page_id) VALUES (?, 'hulan', 'hc', ?)",
                 (url_c, page_c))
    conn.execute("UPDATE pages SET outcome = 'record' WHERE id = ?", (page_c,))
    conn.close()

    dry = reparse(store, "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "records added     1" in dry.stdout and "now not reports   1" in dry.stdout
    assert "dry run" in dry.stdout
    assert len(rows(store, "reports")) == len(rows(fresh, "reports"))  # nothing written

    out = reparse(store)
    assert out.returncode == 0, out.stderr
    assert "records added     1" in out.stdout
    assert "records updated   1" in out.stdout
    assert "now not reports   1" in out.stdout
    assert f"+ {url_b}" in out.stdout and f"- {url_c} (not_report)" in out.stdout
    assert f"~ {url_a}" in out.stdout and "title" in out.stdout
    assert snapshot(store) == snapshot(fresh)
    assert {(s["page_id"], s["content_hash"]) for s in rows(store, "sightings")} == {
        (s["page_id"], s["content_hash"]) for s in rows(fresh, "sightings")}
    outcomes = {p["id"]: p["outcome"] for p in rows(store, "pages")}
    assert outcomes == {p["id"]: p["outcome"] for p in rows(fresh, "pages")}
    # And again: nothing left to change; nothing was fetched (there is no network step at all).
    again = reparse(store, "--site", "hulan")
    assert "records added     0" in again.stdout and "records updated   0" in again.stdout


def test_records_carry_parser_version(tmp_path):
    run = run_crawl(tmp_path, "qingshan")
    versions = {r["parser_version"] for r in rows(tmp_path / "store.sqlite3", "reports")}
    assert len(versions) == 1 and None not in versions
    assert all(item["parser_version"] in versions for item in run.feed)
    parsed = json.loads(subprocess.run(
        [sys.executable, "-m", "reportcrawler.cli", "parse", str(ROOT / "fixtures/qingshan/pages/t20180320_123456.html"),
         "--url", "http://www.qsq.gov.cn/zwgk/zfxxgknb/201803/t20180320_123456.html", "--compact"],
        cwd=ROOT, capture_output=True, text=True).stdout)
    assert parsed["parser_version"] in versions


def test_a_page_that_breaks_extraction_fails_alone(tmp_path, monkeypatch):
    """An extraction bug on one page marks that page error:parse_failed; the others are still read."""
    import reportcrawler.reparse as reparse_module
    from reportcrawler.store import Store

    assert run_crawl(tmp_path, "qingshan").returncode == 0
    store_path = tmp_path / "store.sqlite3"
    broken = rows(store_path, "reports")[0]["url"]
    real = reparse_module.read_page

    def read_page(body, url, *args, **kwargs):
        if url == broken:
            raise RuntimeError("a bug in the extractor")
        return real(body, url, *args, **kwargs)

    monkeypatch.setattr(reparse_module, "read_page", read_page)
    store = Store(f"sqlite:///{store_path}")
    try:
        report = reparse_module.reparse(store)
    finally:
        store.close()
    assert report.now_not_reports == [(broken, "error:parse_failed")]
    assert report.unchanged >= len(rows(store_path, "reports"))
    outcomes = {p["url"]: p["outcome"] for p in rows(store_path, "pages")}
    assert outcomes[broken] == "error:parse_failed"
