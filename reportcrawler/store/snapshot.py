"""A SQLite copy of a store (PostgreSQL as a rule), for tools that read SQLite
files: `reportcrawler browse` serves it through Datasette.

Rows keep their ids; the raw bytes stay behind (pages.body_sha256 is left
empty: the snapshot is for reading records, not re-parsing them). The copy's
reports_fts is filled in bulk when the snapshot store closes (Store.sync_search_index).
"""

from __future__ import annotations

import os

from sqlalchemy import insert, select

from .schema import crawls, pages, reports, sightings
from .store import Store

BATCH = 500


def snapshot_to_sqlite(source: Store, path: str) -> dict[str, int]:
    """Copy `source` into a new SQLite file at `path` (replaced if there); rows copied per table."""
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)
    target = Store(f"sqlite:///{os.path.abspath(path)}")
    copied = {}
    try:
        with source._reading() as reading, target.engine.begin() as writing:
            for table in (pages, reports, sightings, crawls):
                query = select(table).order_by(table.c.id)
                if table is pages:
                    query = select(*(c for c in pages.c if c.name != "body_sha256")).order_by(pages.c.id)
                copied[table.name] = 0
                for rows in reading.execute(query.execution_options(stream_results=True)).partitions(BATCH):
                    writing.execute(insert(table), [row._asdict() for row in rows])
                    copied[table.name] += len(rows)
    finally:
        target.close()
    return copied
