"""Bring a store's tables to SCHEMA_VERSION: on first use and by `reportcrawler db upgrade`.

A fresh database gets the whole schema at once; an older store runs each
migration after its version in turn. Everything happens in one transaction
that holds the database's write lock (PostgreSQL: an advisory lock; SQLite:
BEGIN IMMEDIATE), so processes starting together on a fresh database wait for
the first one and then find the schema done.

Version 0 is the layout written before versions existed (SQLite only):
`pages.body` held the raw bytes of every fetch.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable

from sqlalchemy import Connection, Engine, insert, inspect, select, text, update

from ..errors import SetupError
from .schema import SCHEMA_VERSION, bodies, metadata, schema_version

logger = logging.getLogger(__name__)

# pg_advisory_xact_lock key: any fixed 64-bit number, the same in every process.
_LOCK_KEY = 0x7265706F7274  # "report"


def current_version(conn: Connection) -> int | None:
    """The store's schema version; 0 for the unversioned layout; None for an empty database."""
    tables = set(inspect(conn).get_table_names())
    if "schema_version" in tables:
        return conn.execute(select(schema_version.c.version)).scalar()
    return 0 if "pages" in tables else None


def upgrade(engine: Engine) -> tuple[int | None, int]:
    """Migrate to SCHEMA_VERSION; returns (version found, version now)."""
    with engine.connect().execution_options(sqlite_begin="DEFERRED") as conn:
        found = current_version(conn)
        conn.rollback()
    if found == SCHEMA_VERSION:
        return found, found
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
        found = current_version(conn)  # again, under the lock: another process may have done it
        if found is not None and found > SCHEMA_VERSION:
            raise SetupError(f"the store's schema is version {found}, newer than this reportcrawler "
                             f"understands ({SCHEMA_VERSION}): upgrade reportcrawler")
        if found is None:
            metadata.create_all(conn)
            _full_text_search(conn)
            conn.execute(insert(schema_version).values(version=SCHEMA_VERSION))
        elif found < SCHEMA_VERSION:
            for version in range(found + 1, SCHEMA_VERSION + 1):
                logger.info("store: migrating the schema to version %d", version)
                MIGRATIONS[version](conn)
            _set_version(conn, SCHEMA_VERSION)
    return found, SCHEMA_VERSION


def _set_version(conn: Connection, version: int) -> None:
    if conn.execute(update(schema_version).values(version=version)).rowcount == 0:
        conn.execute(insert(schema_version).values(version=version))


def _to_v1(conn: Connection) -> None:
    """From the unversioned SQLite layout: bodies move into `bodies`, stored once."""
    metadata.create_all(conn)  # the tables that are new (bodies, crawls, schema_version)
    inspector = inspect(conn)
    page_columns = {c["name"] for c in inspector.get_columns("pages")}
    report_columns = {c["name"] for c in inspector.get_columns("reports")}
    for name in ("parser_version", "stats_warnings", "tables"):
        if name not in report_columns:
            conn.exec_driver_sql(f'ALTER TABLE reports ADD COLUMN "{name}" TEXT')
    if "body_sha256" not in page_columns:
        conn.exec_driver_sql("ALTER TABLE pages ADD COLUMN body_sha256 VARCHAR(64) REFERENCES bodies (sha256)")
    if "body" in page_columns:
        _move_bodies(conn)
        conn.exec_driver_sql("ALTER TABLE pages DROP COLUMN body")
    for table in metadata.sorted_tables:
        for index in table.indexes:
            index.create(conn, checkfirst=True)


def _move_bodies(conn: Connection, batch: int = 500) -> None:
    last = 0
    known: set[str] = set()
    while True:
        rows = conn.exec_driver_sql(
            "SELECT id, body FROM pages WHERE id > ? AND body IS NOT NULL ORDER BY id LIMIT ?", (last, batch)
        ).fetchall()
        if not rows:
            return
        for page_id, body in rows:
            body = bytes(body)
            digest = hashlib.sha256(body).hexdigest()
            if digest not in known:
                exists = conn.execute(select(bodies.c.sha256).where(bodies.c.sha256 == digest)).first()
                if exists is None:
                    conn.execute(insert(bodies).values(sha256=digest, size=len(body), body=body))
                known.add(digest)
            conn.exec_driver_sql("UPDATE pages SET body_sha256 = ? WHERE id = ?", (digest, page_id))
        last = rows[-1][0]


# Full-text search over reports' title and body_text (SQLite only: `reportcrawler browse`
# serves it through Datasette). FTS5's trigram tokenizer, since the default one cannot
# split Chinese into words: any 3+ character substring matches. An external-content
# table (the text is not stored twice). New reports are indexed in bulk by
# Store.sync_search_index (when a store closes, and before browsing): one trigram index
# write per report as it is stored cost ~3.5 ms, in bulk ~1 ms. reports_fts_state holds
# the last indexed id; triggers keep indexed rows in step when reparse updates or deletes them.
_FTS_STATEMENTS = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS reports_fts USING fts5("
    "title, body_text, content=\"reports\", content_rowid=\"id\", tokenize='trigram')",
    "CREATE TABLE IF NOT EXISTS reports_fts_state (last_id INTEGER NOT NULL)",
    "INSERT INTO reports_fts_state (last_id) SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM reports_fts_state)",
    "CREATE TRIGGER IF NOT EXISTS reports_fts_delete AFTER DELETE ON reports "
    "WHEN old.id <= (SELECT last_id FROM reports_fts_state) BEGIN "
    "INSERT INTO reports_fts(reports_fts, rowid, title, body_text) "
    "VALUES ('delete', old.id, old.title, old.body_text); END",
    "CREATE TRIGGER IF NOT EXISTS reports_fts_update AFTER UPDATE OF title, body_text ON reports "
    "WHEN old.id <= (SELECT last_id FROM reports_fts_state) BEGIN "
    "INSERT INTO reports_fts(reports_fts, rowid, title, body_text) "
    "VALUES ('delete', old.id, old.title, old.body_text); "
    "INSERT INTO reports_fts(rowid, title, body_text) VALUES (new.id, new.title, new.body_text); END",
)
SYNC_SEARCH_INDEX = (
    "INSERT INTO reports_fts (rowid, title, body_text) SELECT id, title, body_text FROM reports "
    "WHERE id > (SELECT last_id FROM reports_fts_state) ORDER BY id",
    "UPDATE reports_fts_state SET last_id = (SELECT coalesce(max(id), 0) FROM reports)",
)


def _full_text_search(conn: Connection) -> None:
    if conn.dialect.name != "sqlite":
        return  # PostgreSQL stores are browsed through a SQLite snapshot, which has it
    for statement in _FTS_STATEMENTS:
        conn.exec_driver_sql(statement)


def _to_v2(conn: Connection) -> None:
    """reports_fts: the full-text index, filled from the reports already stored."""
    _full_text_search(conn)
    if conn.dialect.name == "sqlite":
        for statement in SYNC_SEARCH_INDEX:
            conn.exec_driver_sql(statement)


MIGRATIONS: dict[int, Callable[[Connection], None]] = {1: _to_v1, 2: _to_v2}
