"""The records as a typed Parquet table (pyarrow): figures stay a nested struct,
table grids a list of rows of cell strings, attachments a list of {url, name}."""

from __future__ import annotations

from collections.abc import Iterable

import pyarrow as pa
import pyarrow.parquet as pq

from .cells import STAT_GROUPS, STAT_NUMBERS
from .items import FEED_FIELDS

_STATS = pa.struct(
    [pa.field(name, pa.float64() if name == "fees_collected" else pa.int64()) for name in STAT_NUMBERS]
    + [pa.field(group, pa.struct([pa.field(key, pa.int64()) for key in keys]))
       for group, keys in STAT_GROUPS.items()]
    + [pa.field("approximate", pa.list_(pa.string()))]
)
_TYPES = {
    "report_year": pa.int32(),
    "attachments": pa.list_(pa.struct([pa.field("url", pa.string()), pa.field("name", pa.string())])),
    "stats": _STATS,
    "stats_warnings": pa.list_(pa.string()),
    "tables": pa.list_(pa.list_(pa.list_(pa.string()))),
}
RECORD_SCHEMA = pa.schema([pa.field(name, _TYPES.get(name, pa.string())) for name in FEED_FIELDS])
SIGHTING_SCHEMA = pa.schema([pa.field(name, pa.string()) for name in ("url", "site", "fetched_at", "content_hash")])

BATCH = 500


def write_parquet(rows: Iterable[dict], path: str, schema: pa.Schema) -> int:
    """Write rows in batches (a large store is never held whole); returns how many."""
    count = 0
    batch: list[dict] = []
    with pq.ParquetWriter(path, schema) as writer:
        for row in rows:
            batch.append(_typed(row, schema))
            if len(batch) >= BATCH:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                count, batch = count + len(batch), []
        if batch or not count:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            count += len(batch)
    return count


def _typed(row: dict, schema: pa.Schema) -> dict:
    typed = {name: row.get(name) for name in schema.names}
    stats = typed.get("stats")
    if isinstance(stats, dict) and "fees_collected" in stats and stats["fees_collected"] is not None:
        typed["stats"] = dict(stats, fees_collected=float(stats["fees_collected"]))
    return typed
