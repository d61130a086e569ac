"""`reportcrawler browse`: the store in Datasette on 127.0.0.1, with titles and
descriptions of the tables and columns, facets, full-text search and canned
queries (reportcrawler/data/datasette.json).

    reportcrawler browse [--store URI] [--port N] [--no-open] [--dry-run]

A SQLite store is served as it is (opening it brings its schema up to date, so
its reports_fts index is there); a PostgreSQL store is first copied into a
SQLite snapshot (store/snapshot.py). --dry-run prints the Datasette command and
the URL and exits.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import signal
import sys
import tempfile
from importlib import resources
from pathlib import Path

from .errors import SetupError
from .store.uri import parse_store_uri, redact_uri


def datasette_metadata(database: str) -> dict:
    """Datasette's metadata for a store file whose database name (file stem) is `database`."""
    bundled = json.loads(resources.files("reportcrawler").joinpath("data/datasette.json").read_text("utf-8"))
    database_meta = {"tables": bundled.pop("tables"), "queries": bundled.pop("queries")}
    return {**bundled, "databases": {database: database_meta}}


def datasette_command(path: str, metadata_path: str, port: int, open_browser: bool) -> list[str]:
    command = [sys.executable, "-m", "datasette", "serve", path, "--host", "127.0.0.1", "--port", str(port),
               "--metadata", metadata_path, "--setting", "sql_time_limit_ms", "5000"]
    return command + (["--open"] if open_browser else [])


def sqlite_to_serve(uri: str, workdir: str) -> str:
    """The SQLite file to serve: the store itself, or a snapshot of a PostgreSQL store."""
    from .store import Store

    store = Store(uri, create=False)  # migrates: reports_fts and its triggers are there after this
    try:
        if store.dialect == "sqlite":
            return os.path.abspath(parse_store_uri(uri).database)
        from .store.snapshot import snapshot_to_sqlite

        path = os.path.join(workdir, "reports.sqlite3")
        copied = snapshot_to_sqlite(store, path)
        print(f"snapshot of {redact_uri(uri)}: {copied.get('reports', 0)} reports copied to {path}",
              file=sys.stderr)
        return path
    finally:
        store.close()


def cmd_browse(args: argparse.Namespace) -> int:
    try:
        from datasette.cli import cli as datasette_cli
    except ImportError:
        raise SetupError("datasette is not installed: pip install datasette") from None
    with tempfile.TemporaryDirectory(prefix="reportcrawler-browse-") as workdir:
        path = sqlite_to_serve(args.store, args.snapshot_dir or workdir)
        database = Path(path).stem
        metadata_path = os.path.join(workdir, "metadata.json")
        with open(metadata_path, "w", encoding="utf-8") as fh:
            json.dump(datasette_metadata(database), fh, ensure_ascii=False, indent=1)
        command = datasette_command(path, metadata_path, args.port, open_browser=not args.no_open)
        url = f"http://127.0.0.1:{args.port}/{database}/reports"
        if args.dry_run:
            print(shlex.join(command))
            print(url)
            return 0
        print(f"Datasette on {url} (Ctrl-C to stop)", file=sys.stderr, flush=True)
        # In this process, so that stopping it stops the server too. Uvicorn re-raises the
        # SIGTERM it handled once it has shut down: as SystemExit, the temporary files go.
        signal.signal(signal.SIGTERM, _exit_on_sigterm)
        datasette_cli.main(args=command[4:], prog_name="datasette", standalone_mode=False)
    return 0


def _exit_on_sigterm(signum, frame):
    raise SystemExit(128 + signum)


def add_parser(sub, default_store: str) -> None:
    browse = sub.add_parser("browse", help="open the store in Datasette (full-text search, facets, queries)")
    browse.add_argument("--store", default=default_store,
                        help="STORE_URI of the store (default: $STORE_URI or sqlite:///data/reports.sqlite3)")
    browse.add_argument("--port", type=int, default=8001, help="port on 127.0.0.1 (default 8001)")
    browse.add_argument("--no-open", action="store_true", help="serve without opening a web browser")
    browse.add_argument("--dry-run", action="store_true", help="print the Datasette command and URL, serve nothing")
    browse.add_argument("--snapshot-dir", help="PostgreSQL stores: keep the SQLite snapshot in this folder")
    browse.set_defaults(func=cmd_browse)
