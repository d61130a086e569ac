"""The store's tables, defined once for SQLite and PostgreSQL alike.

JSON-valued fields are JSON text in both databases (a column of the same
name as the record field), so a store reads the same whichever holds it.
Timestamps are the ISO 8601 strings the crawl writes.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import (
    Column,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
)

from ..items import RECORD_FIELDS

# Bumped with each migration in migrations.py; a fresh store is created at it.
SCHEMA_VERSION = 2

metadata = MetaData()

schema_version = Table(
    "schema_version", metadata,
    Column("version", Integer, nullable=False),
)

# Raw response bytes, stored once however often fetched.
bodies = Table(
    "bodies", metadata,
    Column("sha256", String(64), primary_key=True),
    Column("size", Integer, nullable=False),
    Column("body", LargeBinary, nullable=False),
)

pages = Table(
    "pages", metadata,
    Column("id", Integer, primary_key=True),
    Column("url", Text, nullable=False),
    Column("site", Text),
    Column("status", Integer),
    Column("headers", Text),
    Column("body_sha256", String(64), ForeignKey("bodies.sha256")),
    Column("encoding", Text),
    Column("fetched_at", Text, nullable=False),
    Column("outcome", Text),
    Index("pages_url", "url"),
)

# Record fields whose values are JSON text, and what an absent value is stored as.
JSON_DEFAULTS: dict[str, Any] = {"attachments": [], "stats": {}, "stats_warnings": [], "tables": []}
_INTEGER_FIELDS = {"report_year"}
_REQUIRED_FIELDS = {"url", "title", "body_text", "content_hash"}


def _record_column(name: str) -> Column:
    kind = Integer if name in _INTEGER_FIELDS else Text
    return Column(name, kind, nullable=name not in _REQUIRED_FIELDS, unique=name == "content_hash")


reports = Table(
    "reports", metadata,
    Column("id", Integer, primary_key=True),
    *(_record_column(name) for name in RECORD_FIELDS),
    Column("raw_text", Text),
    Column("page_id", Integer, ForeignKey("pages.id")),
    Column("parser_version", Text),
    Index("reports_site", "site"),
    Index("reports_page", "page_id"),
)

sightings = Table(
    "sightings", metadata,
    Column("id", Integer, primary_key=True),
    Column("url", Text, nullable=False),
    Column("site", Text),
    Column("fetched_at", Text),
    Column("content_hash", Text, nullable=False),
    Column("page_id", Integer, ForeignKey("pages.id")),
    Index("sightings_hash", "content_hash"),
    Index("sightings_page", "page_id"),
    Index("sightings_url", "url"),
)

# One row per finished crawl of a site: what the next crawl compares itself to.
crawls = Table(
    "crawls", metadata,
    Column("id", Integer, primary_key=True),
    Column("site", Text),
    Column("started_at", Text),
    Column("finished_at", Text),
    Column("finish_reason", Text),
    Column("stats", Text),
    Index("crawls_site", "site"),
)

REPORT_COLUMNS = [*RECORD_FIELDS, "raw_text", "page_id", "parser_version"]


def encode_field(name: str, value: Any) -> Any:
    """A record field's value as its column holds it (JSON text for JSON fields)."""
    if name in JSON_DEFAULTS:
        return json.dumps(value if value is not None else JSON_DEFAULTS[name], ensure_ascii=False)
    return value


def decode_row(row: dict) -> dict:
    """A `reports` row with its JSON columns decoded."""
    record = dict(row)
    for name in JSON_DEFAULTS:
        if name in record:
            record[name] = json.loads(record[name]) if record[name] else None
    return record


def report_values(item: dict) -> dict:
    """The `reports` row for an item: every record field, raw_text, page_id, parser_version."""
    return {name: encode_field(name, item.get(name)) for name in REPORT_COLUMNS}
