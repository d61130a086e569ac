"""`reportcrawler export`: the stored records (or their sightings) as JSON Lines,
CSV or Parquet, read from the store whatever crawl stored them.

    reportcrawler export --format jsonl|csv|parquet [--site NAME] [--region-code CODE]
                         [--year YYYY] [--store URI] [--out PATH] [--sightings]

JSON Lines carries the feed's fields (items.FEED_FIELDS); CSV the same cells
as the `-O x.csv` feed (reportcrawler/cells.py); Parquet keeps figures and
grids typed (reportcrawler/parquet.py). Without --out, JSON Lines and CSV go
to stdout; Parquet needs a file.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import os
import sys
from collections.abc import Iterable, Iterator
from typing import IO

from .cells import csv_columns, flat_row
from .errors import SetupError
from .items import FEED_FIELDS

FORMATS = ("jsonl", "csv", "parquet")
SIGHTING_FIELDS = ("url", "site", "fetched_at", "content_hash")


def write_jsonl(rows: Iterable[dict], out: IO[str], fields: Iterable[str]) -> int:
    fields = list(fields)
    count = 0
    for row in rows:
        out.write(json.dumps({name: row.get(name) for name in fields}, ensure_ascii=False) + "\n")
        count += 1
    return count


def write_csv(rows: Iterable[dict], out: IO[str], fields: Iterable[str]) -> int:
    """Header always (an empty export has the same columns); the BOM comes from the
    caller's encoding (utf-8-sig) so that stdout and files get it alike."""
    fields = list(fields)
    writer = csv.DictWriter(out, fieldnames=csv_columns(fields) if "stats" in fields else fields,
                            lineterminator="\r\n")
    writer.writeheader()
    count = 0
    for row in rows:
        writer.writerow(flat_row(row, fields))
        count += 1
    return count


@contextlib.contextmanager
def _text_out(path: str | None, encoding: str) -> Iterator[IO[str]]:
    if path is None:
        sys.stdout.reconfigure(encoding=encoding, newline="")
        yield sys.stdout
        sys.stdout.flush()
        return
    try:
        fh = open(path, "w", encoding=encoding, newline="")
    except OSError as exc:
        raise SetupError(f"cannot write {path}: {exc.strerror or exc}") from None
    with fh:
        yield fh


def cmd_export(args: argparse.Namespace) -> int:
    from .store import Store

    if args.format == "parquet" and not args.out:
        raise SetupError("--format parquet needs --out PATH (it is not written to a terminal)")
    store = Store(args.store, create=False)
    try:
        filters = {"site": args.site, "region_code": args.region_code, "year": args.year}
        if args.sightings:
            rows, fields = store.sightings_of(**filters), SIGHTING_FIELDS
        else:
            rows, fields = store.records(**filters), FEED_FIELDS
        count = _write(args.format, rows, fields, args.out, args.sightings)
    except BrokenPipeError:  # `| head`: the reader has what it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    finally:
        store.close()
    what = "sightings" if args.sightings else "records"
    print(f"exported {count} {what} as {args.format}" + (f" to {args.out}" if args.out else ""),
          file=sys.stderr)
    return 0


def _write(fmt: str, rows: Iterable[dict], fields: tuple[str, ...], out: str | None, sightings: bool) -> int:
    if fmt == "parquet":
        from .parquet import RECORD_SCHEMA, SIGHTING_SCHEMA, write_parquet

        _check_folder(out)
        return write_parquet(rows, out, SIGHTING_SCHEMA if sightings else RECORD_SCHEMA)
    if out:
        _check_folder(out)
    writer, encoding = (write_csv, "utf-8-sig") if fmt == "csv" else (write_jsonl, "utf-8")
    with _text_out(out, encoding) as fh:
        return writer(rows, fh, fields)


def _check_folder(path: str) -> None:
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise SetupError(f"cannot write {path}: no folder {folder}")


def _year(text: str) -> int:
    if not (text.isdigit() and len(text) == 4):
        raise argparse.ArgumentTypeError(f"not a year: {text!r} (expected YYYY)")
    return int(text)


def add_parser(sub, default_store: str) -> None:
    export = sub.add_parser("export", help="write the stored records (or sightings) as JSON Lines, CSV or Parquet")
    export.add_argument("--format", required=True, choices=FORMATS, help="jsonl, csv (UTF-8 with BOM) or parquet")
    export.add_argument("--site", help="only this site's records")
    export.add_argument("--region-code", help="only records of this 6-digit region code")
    export.add_argument("--year", type=_year, help="only reports covering this year")
    export.add_argument("--store", default=default_store,
                        help="STORE_URI of the store (default: $STORE_URI or sqlite:///data/reports.sqlite3)")
    export.add_argument("--out", help="the file to write (default: stdout; parquet needs one)")
    export.add_argument("--sightings", action="store_true", help="the sightings (one row per fetch) instead")
    export.set_defaults(func=cmd_export)
