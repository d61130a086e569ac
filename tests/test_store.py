"""The Store on SQLite and on PostgreSQL: bytes stored once, one report per
content_hash, the read API, one-line setup errors with the password masked."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

from reportcrawler.errors import SetupError
from reportcrawler.store import Store, redact_uri

from .crawling import ROOT, rows
from .services import pg_rows, postgres_database


@pytest.fixture(params=["sqlite", "postgresql"])
def store_uri(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path}/store.sqlite3"
    else:
        yield from postgres_database()


def table(store: Store, name: str) -> list[dict]:
    """A table as the database holds it, read without the Store."""
    if store.uri.startswith("postgresql"):
        return pg_rows(store.uri, name)
    return rows(Path(store.uri[len("sqlite:///"):]), name)


def item(page_id: int, url: str, content_hash: str, **fields) -> dict:
    return {"url": url, "site": "hulan", "title": "呼兰区2016年政府信息公开工作年度报告", "report_year": 2016,
            "body_text": "一、概述", "content_hash": content_hash, "page_id": page_id,
            "fetched_at": "2026-01-02T03:04:05Z", **fields}


def test_bytes_are_stored_once(store_uri):
    store = Store(store_uri)
    try:
        page = b"<html>\xba\xf4\xc0\xbc</html>"  # GBK bytes, kept exactly
        first = store.save_page("http://a/1.html", "hulan", 200, {"Content-Type": "text/html"}, page, "t1")
        second = store.save_page("http://a/1.html", "hulan", 200, {"Content-Type": "text/html"}, page, "t2")
        other = store.save_page("http://a/2.html", "hulan", 200, {}, b"<html>2</html>", "t3")
        failed = store.save_page("http://a/3.html", "hulan", None, None, None, "t4")
        assert len({first, second, other, failed}) == 4
        assert store.page_body(second) == page and store.page_body(failed) is None
        bodies = table(store, "bodies")
        assert sorted(b["sha256"] for b in bodies) == sorted(
            [hashlib.sha256(page).hexdigest(), hashlib.sha256(b"<html>2</html>").hexdigest()])
        assert {b["size"] for b in bodies} == {len(page), 14}
        pages = table(store, "pages")
        assert [p["body"] for p in pages] == [page, page, b"<html>2</html>", None]
        assert pages[3]["status"] is None and pages[3]["headers"] is None
    finally:
        store.close()


def test_one_report_per_hash_and_a_sighting_for_the_rest(store_uri):
    store = Store(store_uri)
    try:
        a = store.save_page("http://a/1.html", "hulan", 200, {}, b"1", "t1")
        b = store.save_page("http://b/1.html", "hulan", 200, {}, b"1", "t2")
        assert store.add_report(item(a, "http://a/1.html", "h1", stats={"applications_received": 3}))
        assert not store.add_report(item(b, "http://b/1.html", "h1"))
        assert store.has_report("h1") and not store.has_report("h2")
        [report] = table(store, "reports")
        assert report["url"] == "http://a/1.html" and report["page_id"] == a
        assert report["stats"] == '{"applications_received": 3}'
        assert (report["attachments"], report["stats_warnings"], report["tables"]) == ("[]", "[]", "[]")
        assert [(s["url"], s["page_id"]) for s in table(store, "sightings")] == [("http://a/1.html", a),
                                                                                ("http://b/1.html", b)]
        assert [p["outcome"] for p in table(store, "pages")] == ["record", "duplicate"]
        assert store.reports()[0]["stats"] == {"applications_received": 3}
        assert store.report_urls() == {"http://a/1.html", "http://b/1.html"}
        assert store.report_urls("hulan") == {"http://a/1.html", "http://b/1.html"}
        assert store.report_urls("chenzhou") == set()
    finally:
        store.close()


def test_page_validators_come_from_the_latest_200_page(store_uri):
    store = Store(store_uri)
    try:
        url = "http://a/1.html"
        assert store.page_validators(url) is None
        store.save_page(url, "hulan", 200, {"etag": '"v1"', "Last-Modified": "Mon, 01 Jan 2018 00:00:00 GMT"},
                        b"1", "t1")
        store.save_page(url, "hulan", 404, {"ETag": '"gone"'}, b"", "t2")
        assert store.page_validators(url) == {"ETag": '"v1"', "Last-Modified": "Mon, 01 Jan 2018 00:00:00 GMT"}
        store.save_page(url, "hulan", 200, {"Last-Modified": "Tue, 02 Jan 2018 00:00:00 GMT"}, b"2", "t3")
        assert store.page_validators(url) == {"Last-Modified": "Tue, 02 Jan 2018 00:00:00 GMT"}
        store.save_page("http://a/2.html", "hulan", 200, {"Content-Type": "text/html"}, b"3", "t4")
        assert store.page_validators("http://a/2.html") is None
    finally:
        store.close()


def test_crawls_are_recorded(store_uri):
    store = Store(store_uri)
    try:
        assert store.last_crawl("hulan") is None
        store.record_crawl("hulan", "2026-01-01T00:00:00Z", "2026-01-01T00:01:00Z", "finished",
                           {"records/stored": 7})
        store.record_crawl("chenzhou", "2026-01-01T00:00:00Z", "2026-01-01T00:02:00Z", "finished", {})
        store.record_crawl("hulan", "2026-01-02T00:00:00Z", "2026-01-02T00:01:00Z", "shutdown",
                           {"records/duplicate": 7})
        last = store.last_crawl("hulan")
        assert (last["started_at"], last["finish_reason"], last["stats"]) == (
            "2026-01-02T00:00:00Z", "shutdown", {"records/duplicate": 7})
    finally:
        store.close()


def test_processes_opening_a_fresh_database_at_once(store_uri):
    """Four processes create the schema together: all succeed, one version row."""
    code = ("import sys; from reportcrawler.store import Store; s = Store(sys.argv[1]); "
            "s.save_page('http://a/', 'x', 200, {}, b'same bytes', 't'); s.close()")
    procs = [subprocess.Popen([sys.executable, "-c", code, store_uri], cwd=ROOT, stderr=subprocess.PIPE, text=True)
             for _ in range(4)]
    errors = [p.communicate(timeout=120)[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0, 0], errors
    store = Store(store_uri)
    try:
        assert [r["version"] for r in _version_rows(store)] == [store.version]
        assert len(table(store, "pages")) == 4 and len(table(store, "bodies")) == 1
    finally:
        store.close()


def _version_rows(store: Store) -> list[dict]:
    from sqlalchemy import select

    from reportcrawler.store.schema import schema_version

    with store.engine.connect() as conn:
        return [r._asdict() for r in conn.execute(select(schema_version))]


def test_redact_uri():
    assert redact_uri("postgresql://user:s3cr%40t@host:5432/db") == "postgresql://user:***@host:5432/db"
    assert redact_uri("postgresql+psycopg://user:pw@host/db") == "postgresql+psycopg://user:***@host/db"
    assert redact_uri("postgresql://user@host/db") == "postgresql://user@host/db"
    assert redact_uri("sqlite:////tmp/a:b@c.sqlite3") == "sqlite:////tmp/a:b@c.sqlite3"


@pytest.mark.parametrize("uri, words", [
    ("foo://x", ["foo://x", "unsupported scheme"]),
    ("nonsense", ["'nonsense'", "not a database URI"]),
    ("sqlite:///", ["names no file"]),
    ("sqlite://", ["names no file"]),
    ("postgresql://postgres:hunter2@127.0.0.1/", ["postgresql://postgres:***@127.0.0.1/", "names no database"]),
    ("postgresql://postgres:hunter2@127.0.0.1:9/rc", ["postgresql://postgres:***@127.0.0.1:9/rc", "cannot open"]),
])
def test_bad_store_uri_is_one_line_without_the_password(uri, words):
    with pytest.raises(SetupError) as caught:
        Store(uri)
    message = str(caught.value)
    assert "\n" not in message and "hunter2" not in message
    for word in words:
        assert word in message, message


def test_missing_postgres_database(postgres_uri):
    uri = postgres_uri.replace("@", ":hunter2@") + "_missing"
    with pytest.raises(SetupError) as caught:
        Store(uri)
    message = str(caught.value)
    assert "does not exist" in message and "\n" not in message and "hunter2" not in message
    assert "postgres:***@" in message


def test_reading_commands_do_not_create_a_sqlite_store(tmp_path):
    with pytest.raises(SetupError, match="no store at"):
        Store(f"sqlite:///{tmp_path}/absent.sqlite3", create=False)
    assert not (tmp_path / "absent.sqlite3").exists()
