"""The Store: the only code that writes SQL (SQLAlchemy Core, SQLite or PostgreSQL).

One transaction per step, so a crawl killed at any instant leaves no
half-written row: a page row (and its bytes) is committed before its page is
parsed, and a report, its first sighting and its page's outcome are committed
together. The database enforces one report per content_hash: a report that
another process stored first becomes a sighting in the same transaction.
"""

from __future__ import annotations

import hashlib
import json
import logging
from typing import Any

from scrapy.exceptions import NotConfigured
from sqlalchemy import Connection, bindparam, func, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DBAPIError

from .migrations import SYNC_SEARCH_INDEX, upgrade
from .reads import StoreReads
from .schema import bodies, decode_row, pages, report_values, reports, sightings
from .uri import connection_error, make_engine, redact_uri

logger = logging.getLogger(__name__)


class Store(StoreReads):
    """One engine, shared by the archive middleware, the spider and the pipelines."""

    def __init__(self, uri: str, create: bool = True):
        self.uri = uri
        self.engine = make_engine(uri, create=create)
        try:
            self.migrated_from, self.version = upgrade(self.engine)
        except DBAPIError as exc:
            self.engine.dispose()
            raise connection_error(uri, exc) from None
        self.dialect = self.engine.dialect.name
        self._prepare()

    def _prepare(self) -> None:
        """Statements built once: a crawl runs them per page, and building one costs more than
        running it (values come as parameters at each execution)."""
        dml = postgresql if self.dialect == "postgresql" else sqlite
        self._find_body = select(bodies.c.sha256).where(bodies.c.sha256 == bindparam("sha256"))
        self._add_body = dml.insert(bodies).on_conflict_do_nothing(index_elements=["sha256"])
        self._add_page = insert(pages)
        self._add_report = (dml.insert(reports).on_conflict_do_nothing(index_elements=["content_hash"])
                            .returning(reports.c.id))
        self._add_sighting = insert(sightings)
        self._set_outcome = (update(pages).where(pages.c.id == bindparam("page"))
                             .values(outcome=bindparam("outcome"),
                                     encoding=func.coalesce(bindparam("new_encoding"), pages.c.encoding)))
        self._find_report = select(reports.c.id).where(reports.c.content_hash == bindparam("content_hash"))

    def __repr__(self) -> str:
        return f"Store({redact_uri(self.uri)!r})"

    @classmethod
    def from_crawler(cls, crawler) -> Store:
        """The crawler's store, opened once and closed when the engine stops."""
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
        self.sync_search_index()
        self.engine.dispose()

    def sync_search_index(self) -> None:
        """Index the reports stored since the last sync (SQLite's reports_fts; in bulk,
        as a crawl or command closes the store, and before browsing)."""
        if self.dialect != "sqlite":
            return
        try:
            with self.engine.begin() as conn:
                for statement in SYNC_SEARCH_INDEX:
                    conn.exec_driver_sql(statement)
        except DBAPIError as exc:  # never lose the crawl over the index: the next sync catches up
            logger.warning("search index not synced: %s", str(exc).splitlines()[0])

    def _reading(self):
        """A connection for reads (SQLite: a deferred transaction, no write lock)."""
        return self.engine.connect().execution_options(sqlite_begin="DEFERRED")

    # --- pages --------------------------------------------------------------------
    def save_page(self, url: str, site: str | None, status: int | None, headers: dict | None,
                  body: bytes | None, fetched_at: str, outcome: str | None = None) -> int:
        """A page row, its bytes stored once by sha256; committed on return. Returns the page id.
        A request that got no response is saved with its outcome (`error:<reason>`) at once."""
        with self.engine.begin() as conn:
            digest = self._save_body(conn, body) if body is not None else None
            result = conn.execute(self._add_page, {
                "url": url, "site": site, "status": status, "fetched_at": fetched_at, "body_sha256": digest,
                "outcome": outcome,
                "headers": json.dumps(headers, ensure_ascii=False) if headers is not None else None,
            })
            return result.inserted_primary_key[0]

    def _save_body(self, conn: Connection, body: bytes) -> str:
        digest = hashlib.sha256(body).hexdigest()
        # Look first: an unchanged page's bytes are not sent to the database again.
        if conn.execute(self._find_body, {"sha256": digest}).first() is None:
            conn.execute(self._add_body, {"sha256": digest, "size": len(body), "body": body})
        return digest

    def page_body(self, page_id: int) -> bytes | None:
        with self._reading() as conn:
            body = conn.execute(select(bodies.c.body).join_from(pages, bodies, pages.c.body_sha256 == bodies.c.sha256)
                                .where(pages.c.id == page_id)).scalar()
        return bytes(body) if body is not None else None

    def set_outcome(self, page_id: int | None, outcome: str, encoding: str | None = None) -> None:
        if page_id is None:
            return
        with self.engine.begin() as conn:
            self._page_outcome(conn, page_id, outcome, encoding)

    def _page_outcome(self, conn: Connection, page_id: int | None, outcome: str, encoding: str | None = None) -> None:
        if page_id is not None:
            conn.execute(self._set_outcome, {"page": page_id, "outcome": outcome, "new_encoding": encoding})

    # --- reports ------------------------------------------------------------------
    def has_report(self, content_hash: str) -> bool:
        with self._reading() as conn:
            found = conn.execute(self._find_report, {"content_hash": content_hash}).first()
        return found is not None

    def add_sighting(self, item: dict, outcome: str = "duplicate") -> None:
        """Another fetch of a stored report: a sighting, and the page's outcome."""
        with self.engine.begin() as conn:
            self._insert_sighting(conn, item)
            self._page_outcome(conn, item.get("page_id"), outcome, item.get("page_encoding"))

    def add_report(self, item: dict) -> bool:
        """Store a new report with its first sighting; True if stored.

        False when its content_hash is stored already (by this crawl or another
        process, even one committing at this instant): the fetch is then
        recorded as a sighting with the page's outcome `duplicate`.
        """
        with self.engine.begin() as conn:
            # No row back: the content_hash was there (rowcount is not reliable on every driver).
            stored = conn.execute(self._add_report, report_values(item)).first() is not None
            self._insert_sighting(conn, item)
            self._page_outcome(conn, item.get("page_id"), "record" if stored else "duplicate",
                               item.get("page_encoding"))
        return stored

    def add_unchanged_sighting(self, url: str, site: str | None, page_id: int | None,
                               fetched_at: str | None) -> str | None:
        """A 304 for `url`: a sighting of the record last sighted there, the page's outcome
        `not_modified`. Returns that record's content_hash, or None when `url` has none."""
        latest = (select(sightings.c.content_hash).where(sightings.c.url == url)
                  .order_by(sightings.c.id.desc()).limit(1))
        with self.engine.begin() as conn:
            content_hash = conn.execute(latest).scalar()
            if content_hash is None:
                return None
            self._insert_sighting(conn, {"url": url, "site": site, "fetched_at": fetched_at,
                                         "content_hash": content_hash, "page_id": page_id})
            self._page_outcome(conn, page_id, "not_modified")
        return content_hash

    def _insert_sighting(self, conn: Connection, item: dict) -> None:
        conn.execute(self._add_sighting, {
            "url": item["url"], "site": item.get("site"), "fetched_at": item.get("fetched_at"),
            "content_hash": item["content_hash"], "page_id": item.get("page_id"),
        })

    def reports(self, site: str | None = None) -> list[dict[str, Any]]:
        query = select(reports).order_by(reports.c.id)
        if site:
            query = query.where(reports.c.site == site)
        with self._reading() as conn:
            return [decode_row(row._asdict()) for row in conn.execute(query)]
