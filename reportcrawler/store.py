"""The store: raw pages, one row per distinct report, and sightings.

SQLite by default (`STORE_URI = sqlite:///data/reports.sqlite3`), in WAL mode
with one transaction per step, so a crawl killed at any instant leaves no
half-written row: a page row is committed before its page is parsed, and a
report, its first sighting and its page's outcome are committed together.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
from typing import Any

from scrapy.exceptions import NotConfigured

from .items import RECORD_FIELDS

logger = logging.getLogger(__name__)

SCHEMA = """
CREATE TABLE IF NOT EXISTS pages (
    id INTEGER PRIMARY KEY,
    url TEXT NOT NULL,
    site TEXT,
    status INTEGER,
    headers TEXT,
    body BLOB,
    encoding TEXT,
    fetched_at TEXT NOT NULL,
    outcome TEXT
);
CREATE INDEX IF NOT EXISTS pages_url ON pages (url);
CREATE TABLE IF NOT EXISTS reports (
    id INTEGER PRIMARY KEY,
    url TEXT NOT NULL,
    site TEXT,
    region TEXT,
    region_code TEXT,
    title TEXT NOT NULL,
    report_year INTEGER,
    publish_date TEXT,
    index_no TEXT,
    doc_no TEXT,
    source_agency TEXT,
    body_text TEXT NOT NULL,
    original_script TEXT,
    content_hash TEXT NOT NULL UNIQUE,
    attachments TEXT,
    stats TEXT,
    fetched_at TEXT,
    raw_text TEXT,
    page_id INTEGER REFERENCES pages (id),
    parser_version TEXT
);
CREATE TABLE IF NOT EXISTS sightings (
    id INTEGER PRIMARY KEY,
    url TEXT NOT NULL,
    site TEXT,
    fetched_at TEXT,
    content_hash TEXT NOT NULL,
    page_id INTEGER REFERENCES pages (id)
);
CREATE INDEX IF NOT EXISTS sightings_hash ON sightings (content_hash);
"""

_JSON_FIELDS = ("attachments", "stats")


def sqlite_path(uri: str) -> str:
    """`sqlite:///relative/path` or `sqlite:////absolute/path` -> a file path."""
    prefix = "sqlite:///"
    if not uri.startswith(prefix):
        raise ValueError(f"unsupported STORE_URI {uri!r}: expected sqlite:///path (PostgreSQL comes later)")
    path = uri[len(prefix):]
    if not path:
        raise ValueError("STORE_URI names no file")
    return path


class Store:
    """One connection, shared by the archive middleware, the spider and the pipelines."""

    def __init__(self, uri: str):
        self.uri = uri
        self.path = sqlite_path(uri)
        directory = os.path.dirname(os.path.abspath(self.path))
        os.makedirs(directory, exist_ok=True)
        self.conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA synchronous=NORMAL")
        self.conn.execute("PRAGMA foreign_keys=ON")
        self.conn.executescript(SCHEMA)
        self._migrate()

    def _migrate(self) -> None:
        """Stores written by older versions lack newer columns."""
        columns = {row[1] for row in self.conn.execute("PRAGMA table_info(reports)")}
        if "parser_version" not in columns:
            self.conn.execute("ALTER TABLE reports ADD COLUMN parser_version TEXT")

    @classmethod
    def from_crawler(cls, crawler) -> Store:
        """The crawler's store, opened once and closed when the spider closes."""
        store = getattr(crawler, "_reportcrawler_store", None)
        if store is None:
            uri = crawler.settings.get("STORE_URI")
            if not uri:
                raise NotConfigured("STORE_URI is empty")
            store = cls(uri)
            crawler._reportcrawler_store = store
            from scrapy import signals

            crawler.signals.connect(store.close, signal=signals.engine_stopped)
        return store

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    # --- pages --------------------------------------------------------------------
    def save_page(self, url: str, site: str | None, status: int, headers: dict, body: bytes,
                  fetched_at: str) -> int:
        cur = self.conn.execute(
            "INSERT INTO pages (url, site, status, headers, body, fetched_at) VALUES (?, ?, ?, ?, ?, ?)",
            (url, site, status, json.dumps(headers, ensure_ascii=False), body, fetched_at),
        )
        return cur.lastrowid

    def set_outcome(self, page_id: int | None, outcome: str, encoding: str | None = None) -> None:
        if page_id is None:
            return
        self.conn.execute(
            "UPDATE pages SET outcome = ?, encoding = COALESCE(?, encoding) WHERE id = ?",
            (outcome, encoding, page_id),
        )

    # --- reports ------------------------------------------------------------------
    def has_report(self, content_hash: str) -> bool:
        row = self.conn.execute("SELECT 1 FROM reports WHERE content_hash = ?", (content_hash,)).fetchone()
        return row is not None

    def add_sighting(self, item: dict, outcome: str = "duplicate") -> None:
        """Another fetch of a stored report: a sighting, and the page's outcome."""
        with self._transaction():
            self._insert_sighting(item)
            self._page_outcome(item.get("page_id"), outcome, item.get("page_encoding"))

    def add_report(self, item: dict) -> bool:
        """Store a new report with its first sighting. False if its hash is already stored."""
        columns = list(RECORD_FIELDS) + ["raw_text", "page_id", "parser_version"]
        values = [
            json.dumps(item.get(c) if item.get(c) is not None else ([] if c == "attachments" else {}),
                       ensure_ascii=False)
            if c in _JSON_FIELDS else item.get(c)
            for c in columns
        ]
        try:
            with self._transaction():
                self.conn.execute(
                    f"INSERT INTO reports ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
                    values,
                )
                self._insert_sighting(item)
                self._page_outcome(item.get("page_id"), "record", item.get("page_encoding"))
        except sqlite3.IntegrityError:
            return False
        return True

    def _insert_sighting(self, item: dict) -> None:
        self.conn.execute(
            "INSERT INTO sightings (url, site, fetched_at, content_hash, page_id) VALUES (?, ?, ?, ?, ?)",
            (item["url"], item.get("site"), item.get("fetched_at"), item["content_hash"], item.get("page_id")),
        )

    def _page_outcome(self, page_id: int | None, outcome: str, encoding: str | None = None) -> None:
        if page_id is not None:
            self.conn.execute("UPDATE pages SET outcome = ?, encoding = COALESCE(?, encoding) WHERE id = ?",
                              (outcome, encoding, page_id))

    def _transaction(self):
        store = self

        class _Tx:
            def __enter__(self):
                store.conn.execute("BEGIN IMMEDIATE")

            def __exit__(self, exc_type, exc, tb):
                store.conn.execute("ROLLBACK" if exc_type else "COMMIT")
                return False

        return _Tx()

    # --- reading --------------------------------------------------------------------
    def reports(self, site: str | None = None) -> list[dict[str, Any]]:
        query = "SELECT * FROM reports" + (" WHERE site = ?" if site else "") + " ORDER BY id"
        cur = self.conn.execute(query, (site,) if site else ())
        names = [d[0] for d in cur.description]
        rows = []
        for row in cur.fetchall():
            record = dict(zip(names, row, strict=True))
            for name in _JSON_FIELDS:
                record[name] = json.loads(record[name]) if record[name] else None
            rows.append(record)
        return rows


class StoreStep:
    """A pipeline step that works on the crawler's store and stats."""

    def __init__(self, store: Store, stats):
        self.store = store
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler):
        return cls(Store.from_crawler(crawler), crawler.stats)


class StorePipeline(StoreStep):
    """Last step: the record and its first sighting, in one transaction."""

    def process_item(self, item, spider=None):
        from scrapy.exceptions import DropItem

        if self.store.add_report(dict(item)):
            self.stats.inc_value("records/stored")
            logger.info("stored report %r (%s) from %s", item["title"], item["report_year"], item["url"])
            return item
        # Stored by someone else in between (another process on the same store).
        self.store.add_sighting(dict(item))
        self.stats.inc_value("records/duplicate")
        raise DropItem(f"duplicate of a stored report: {item['url']}", log_level="INFO")
