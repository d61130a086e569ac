"""STORE_URI -> a SQLAlchemy engine, with one-line errors and the password masked.

Accepted: `sqlite:///relative/path.sqlite3`, `sqlite:////absolute/path.sqlite3`,
`postgresql://user[:password]@host[:port]/db` and `postgresql+psycopg://…`
(both on psycopg 3).
"""

from __future__ import annotations

import os
import re

from sqlalchemy import create_engine, event
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import ArgumentError

from ..errors import SetupError

SQLITE_BUSY_TIMEOUT_S = 30
_PASSWORD = re.compile(r"(://[^/:@]*:)[^@/]*(@)")


def redact_uri(uri: str | None) -> str:
    """The URI with any password replaced by `***` (safe for logs, summaries, errors)."""
    if not uri:
        return ""
    return _PASSWORD.sub(r"\1***\2", str(uri))


def parse_store_uri(uri: str) -> URL:
    """STORE_URI checked and resolved to its driver; SetupError with a one-line reason if unusable."""
    shown = redact_uri(uri)
    try:
        url = make_url(uri)
    except ArgumentError:
        raise SetupError(f"STORE_URI {shown!r} is not a database URI "
                         "(expected sqlite:///path or postgresql://user@host/db)") from None
    if url.drivername == "sqlite":
        if not url.database or url.database == ":memory:":
            raise SetupError(f"STORE_URI {shown!r} names no file (expected sqlite:///path/to/store.sqlite3)")
        return url
    if url.drivername in ("postgresql", "postgresql+psycopg"):
        if not url.database:
            raise SetupError(f"STORE_URI {shown!r} names no database (expected postgresql://user@host/db)")
        return url.set(drivername="postgresql+psycopg")
    raise SetupError(f"STORE_URI {shown!r}: unsupported scheme {url.drivername!r} "
                     "(use sqlite:/// or postgresql://)")


def sqlite_file(uri: str) -> str | None:
    """The file a SQLite STORE_URI names (None for other databases)."""
    url = parse_store_uri(uri)
    return url.database if url.drivername == "sqlite" else None


def make_engine(uri: str, create: bool = True) -> Engine:
    """An engine on the store; a missing SQLite file is created only when `create` is set."""
    url = parse_store_uri(uri)
    if url.drivername != "sqlite":
        return create_engine(url, connect_args={"connect_timeout": 10}, pool_size=2)
    path = url.database
    if not create and not os.path.exists(path):
        raise SetupError(f"no store at {path} (STORE_URI {redact_uri(uri)})")
    directory = os.path.dirname(os.path.abspath(path))
    try:
        os.makedirs(directory, exist_ok=True)
    except OSError as exc:
        raise SetupError(f"cannot create {directory} for STORE_URI {redact_uri(uri)}: {exc.strerror}") from None
    engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_S})
    _sqlite_transactions(engine)
    return engine


def _wal_mode(cursor, attempts: int = 100) -> None:
    """PRAGMA journal_mode=WAL, waited for: two processes opening a new file at once
    may find it locked, and SQLite does not run the busy handler for this pragma."""
    import sqlite3
    import time

    for attempt in range(attempts):
        try:
            cursor.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or attempt == attempts - 1:
                raise
            time.sleep(0.1)


def _sqlite_transactions(engine: Engine) -> None:
    """SQLAlchemy's documented recipe for real SQLite transactions, with BEGIN IMMEDIATE:
    a writer takes the write lock up front and waits (busy timeout) instead of
    failing when it would upgrade a read lock held beside another writer."""

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None  # the driver must not issue its own BEGIN
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_S * 1000}")
        _wal_mode(cursor)
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn):
        mode = conn.get_execution_options().get("sqlite_begin", "IMMEDIATE")
        conn.exec_driver_sql(f"BEGIN {mode}")


def connection_error(uri: str, exc: Exception) -> SetupError:
    """A one-line SetupError for a store that cannot be opened (no password in it)."""
    original = getattr(exc, "orig", None) or exc
    lines = [line.strip() for line in str(original).splitlines() if line.strip()]
    reason = lines[0] if lines else type(original).__name__
    password = make_url(uri).password if "://" in uri else None
    if password:
        reason = reason.replace(str(password), "***")
    return SetupError(f"cannot open the store {redact_uri(uri)}: {reason}")
