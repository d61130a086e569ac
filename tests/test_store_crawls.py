"""Real crawls into SQLite and PostgreSQL: the same records from both, several
writers at once, an unchanged re-crawl that adds almost nothing, and a
password that never shows."""

from __future__ import annotations

import sqlite3
import subprocess
import time
from collections import Counter
from pathlib import Path

import pytest

from reportcrawler.health import records_seen

from .crawling import (
    ROOT,
    _finish,
    _run_env,
    crawl_command,
    field_differences,
    load_expected,
    match_record,
    report_record,
    rows,
    run_crawl,
)
from .services import pg_rows, postgres_database

SITES = ["hulan", "chenzhou", "tangyuan", "pulandian", "qingshan"]


def crawl_all(workdir: Path, store, tag: str, *args: str) -> None:
    for site in SITES:
        run = run_crawl(workdir, site, *args, store=store, tag=f"{tag}-{site}")
        assert run.returncode == 0, run.log[-3000:]
        assert records_seen(run.stats) > 0


def comparable(reports: list[dict], pages: list[dict]) -> dict[str, dict]:
    """content_hash -> the record as stored (every column but ids and fetched_at) and its page's URL."""
    page_urls = {p["id"]: p["url"] for p in pages}
    out = {}
    for row in reports:
        record = {k: v for k, v in row.items() if k not in ("id", "page_id", "fetched_at")}
        record["page_url"] = page_urls[row["page_id"]]
        out[row["content_hash"]] = record
    return out


def test_postgres_and_sqlite_hold_the_same_records(tmp_path, postgres_uri):
    sqlite_store = tmp_path / "store.sqlite3"
    crawl_all(tmp_path, sqlite_store, "sqlite")
    crawl_all(tmp_path, postgres_uri, "pg")
    lite = comparable(rows(sqlite_store, "reports"), rows(sqlite_store, "pages"))
    pg = comparable(pg_rows(postgres_uri, "reports"), pg_rows(postgres_uri, "pages"))
    assert len(lite) == sum(load_expected(site)[1]["records"] for site in SITES)
    assert set(pg) == set(lite)
    for content_hash, record in lite.items():
        assert pg[content_hash] == record, record["url"]

    def pages(table):
        return Counter((p["url"], p["site"], p["status"], p["outcome"], p["encoding"], p["body_sha256"])
                       for p in table)

    def sightings(table):
        return Counter((s["url"], s["site"], s["content_hash"]) for s in table)

    assert pages(pg_rows(postgres_uri, "pages")) == pages(rows(sqlite_store, "pages"))
    assert sightings(pg_rows(postgres_uri, "sightings")) == sightings(rows(sqlite_store, "sightings"))
    assert len(pg_rows(postgres_uri, "bodies")) == len(rows(sqlite_store, "bodies"))


def run_together(workdir: Path, store, sites: list[str], copies: int) -> list:
    """`copies` crawl processes of each site, all started at once."""
    started = []
    for site in sites:
        for n in range(copies):
            tag = f"{site}-{n}"
            stats_file = workdir / f"{tag}-stats.json"
            log = open(workdir / f"{tag}.log", "w")
            # Full crawls: each process fetches every page, so each report page is raced for
            # (incremental ones would skip what another process stored a moment before).
            cmd = crawl_command(site, store, stats_file, None, "-s", "REPORTCRAWLER_FULL_RECRAWL=1")
            proc = subprocess.Popen(cmd, cwd=ROOT, env=_run_env(),
                                    stdout=subprocess.PIPE, stderr=log, text=True)
            started.append((site, proc, stats_file, workdir / f"{tag}.log", log))
    runs = []
    for site, proc, stats_file, log_path, log in started:
        stdout, _ = proc.communicate(timeout=600)
        log.close()
        runs.append((site, _finish(proc.returncode, stats_file, None, log_path.read_text(), stdout)))
    return runs


def check_writers(runs: list, reports: list[dict], sightings: list[dict], sites: list[str], copies: int) -> None:
    for _site, run in runs:
        assert run.returncode == 0, run.log[-3000:]
        assert "Traceback" not in run.log and "IntegrityError" not in run.log, run.log[-3000:]
        assert run.stats.get("finish_reason") == "finished"
    records = [report_record(r) for r in reports]
    assert len({r["content_hash"] for r in records}) == len(records)
    for site in sites:
        expected, crawl = load_expected(site)
        mine = [r for r in records if r["site"] == site]
        assert len(mine) == len(expected) == crawl["records"], site
        for name, want in expected.items():
            record = match_record(mine, want)
            assert record is not None, f"{site}/{name}: not exactly one record"
            assert field_differences(record, want) == [], f"{site}/{name}"
        stats = [run.stats for s, run in runs if s == site]
        assert sum(s.get("records/stored", 0) for s in stats) == crawl["records"]
        # Every fetch of a report page is a sighting: the winner's first ones, everybody else's duplicates.
        assert sum(s.get("records/stored", 0) + s.get("records/duplicate", 0) for s in stats) == \
            copies * crawl["sightings"]
        assert sum(1 for s in sightings if s["site"] == site) == copies * crawl["sightings"]


def test_concurrent_writers_on_a_fresh_postgres_database(tmp_path, postgres_uri):
    sites, copies = ["hulan", "pulandian"], 3
    runs = run_together(tmp_path, postgres_uri, sites, copies)
    check_writers(runs, pg_rows(postgres_uri, "reports"), pg_rows(postgres_uri, "sightings"), sites, copies)
    assert [r["version"] for r in pg_rows(postgres_uri, "schema_version")] == [2]


def test_two_processes_on_one_sqlite_file(tmp_path):
    store = tmp_path / "store.sqlite3"
    sites, copies = ["hulan", "pulandian"], 2
    runs = run_together(tmp_path, store, sites, copies)
    check_writers(runs, rows(store, "reports"), rows(store, "sightings"), sites, copies)
    conn = sqlite3.connect(store)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        conn.close()


def store_size(store: Path) -> int:
    """Bytes the store holds on disk: the file after a checkpoint folds the WAL into it (the
    crawl's last connection does that on close; done again here in case), plus any WAL left."""
    conn = sqlite3.connect(store)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    wal = Path(f"{store}-wal")
    return store.stat().st_size + (wal.stat().st_size if wal.exists() else 0)


def test_unchanged_recrawl_grows_the_store_by_at_most_5_percent(tmp_path):
    store = tmp_path / "store.sqlite3"
    crawl_all(tmp_path, store, "first")
    first = store_size(store)
    pages_before = len(rows(store, "pages"))
    # A full re-crawl fetches every page again: the bytes-stored-once case.
    crawl_all(tmp_path, store, "second", "-s", "REPORTCRAWLER_FULL_RECRAWL=1")
    growth = store_size(store) - first
    assert len(rows(store, "pages")) == 2 * pages_before  # every fetch is still kept as a page row
    assert len(rows(store, "bodies")) <= pages_before  # but no bytes twice
    assert growth <= 0.05 * first, f"second crawl grew the store by {growth} bytes of {first}"
    # The default, incremental re-crawl fetches (and so adds) less still.
    crawl_all(tmp_path, store, "third")
    assert len(rows(store, "pages")) - 2 * pages_before < pages_before / 2
    assert store_size(store) - first - growth <= growth


@pytest.fixture
def secret_postgres_uri():
    """A fresh database named with a password in its URI (trust auth ignores it)."""
    yield from postgres_database(password="Pw4-never-logged")


def test_password_never_in_logs_summary_or_stats(tmp_path, secret_postgres_uri):
    run = run_crawl(tmp_path, "hulan", store=secret_postgres_uri, tag="secret")
    assert run.returncode == 0, run.log[-3000:]
    assert run.stats.get("records/stored") == 7
    stats_text = (tmp_path / "secret-stats.json").read_text(encoding="utf-8")
    for text in (run.log, run.stdout, stats_text):
        assert "Pw4-never-logged" not in text
    assert "postgres:***@127.0.0.1" in run.stdout  # the summary names the store, masked


def test_bad_store_uri_names_the_problem(tmp_path):
    """The store raises SetupError with one line naming the URI (the crawl command turns it into
    the exit status; that part is the crawl command's, tested with it)."""
    started = time.monotonic()
    run = run_crawl(tmp_path, "hulan", "-s", "STORE_URI=foo://user:Pw4@x/db", tag="bad")
    assert time.monotonic() - started < 60
    assert run.returncode != 0
    lines = [line for line in run.log.splitlines() if "unsupported scheme 'foo'" in line]
    assert lines and all("foo://user:***@x/db" in line for line in lines), run.log[-2000:]
    assert "Pw4" not in run.log and "Pw4" not in run.stdout
