"""The store: raw pages (bytes stored once), one row per distinct report,
sightings and crawls, in SQLite or PostgreSQL through one schema.

`STORE_URI`: `sqlite:///relative/path.sqlite3`, `sqlite:////absolute/path.sqlite3`
or `postgresql://user@host/db` (psycopg 3).
"""

from .migrations import upgrade
from .pipelines import StorePipeline, StoreStep
from .schema import SCHEMA_VERSION, metadata
from .store import Store
from .uri import make_engine, parse_store_uri, redact_uri, sqlite_file

__all__ = ["SCHEMA_VERSION", "Store", "StorePipeline", "StoreStep", "make_engine", "metadata",
           "parse_store_uri", "redact_uri", "sqlite_file", "upgrade"]
