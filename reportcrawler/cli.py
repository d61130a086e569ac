"""`reportcrawler` command: parse one saved page, or re-parse the store.

    reportcrawler parse FILE --url URL [--content-type HEADER] [--site NAME] [--encoding ENC]
    reportcrawler reparse [--site NAME] [--store URI] [--dry-run]
    reportcrawler db upgrade [--store URI]
    reportcrawler bench [--portals N --pages M --prefill N]   (see BENCHMARKS.md)
    reportcrawler schedule --scrapyd URL (--all | --spider NAME … | --portals FILE) [-s NAME=VALUE …]
    reportcrawler export --format jsonl|csv|parquet [--site …] [--region-code …] [--year …] [--out PATH]
    reportcrawler browse [--store URI] [--port N] [--no-open | --dry-run]
    reportcrawler report [--store URI] --out report.html
    reportcrawler status [--store URI]

prints one JSON object: the record fields plus `is_report`. Errors are one
line on stderr with a non-zero exit, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import sys

from .encoding import PageError
from .errors import SetupError
from .items import record_dict
from .record import read_page
from .sites import UnknownSite, site_config


class CliError(Exception):
    pass


class OneLineParser(argparse.ArgumentParser):
    """Bad arguments are one line on stderr and exit 2 (no usage block)."""

    def error(self, message: str):
        self.exit(2, f"{self.prog}: error: {message} (see --help)\n")


def cmd_parse(args: argparse.Namespace) -> int:
    try:
        with open(args.file, "rb") as fh:
            body = fh.read()
    except OSError as exc:
        raise CliError(f"{args.file}: cannot read ({exc.strerror or exc})") from None
    try:
        reading = read_page(body, args.url, args.content_type, site_config(args.site), encoding=args.encoding)
    except UnknownSite as exc:
        raise CliError(exc.args[0]) from None
    except PageError as exc:
        raise CliError(f"{args.file}: {exc}") from None
    except LookupError as exc:
        raise CliError(f"unknown encoding: {exc}") from None
    record = record_dict(reading.item)
    record["site"] = args.site
    record["fetched_at"] = None
    record["parser_version"] = reading.item.get("parser_version")
    record["is_report"] = reading.is_report
    if reading.problem:
        record["problem"] = reading.problem
    json.dump(record, sys.stdout, ensure_ascii=False, indent=None if args.compact else 2)
    sys.stdout.write("\n")
    return 0


def cmd_reparse(args: argparse.Namespace) -> int:
    from .reparse import reparse
    from .store import Store

    store = Store(args.store, create=False)
    try:
        report = reparse(store, site=args.site, dry_run=args.dry_run)
    finally:
        store.close()
    print(report.summary() + ("\n  (dry run: nothing written)" if args.dry_run else ""))
    return 0


def cmd_db_upgrade(args: argparse.Namespace) -> int:
    from .store import Store, redact_uri

    store = Store(args.store, create=False)  # opening a store migrates it
    store.close()
    found = "unversioned" if store.migrated_from == 0 else f"version {store.migrated_from}"
    if store.migrated_from == store.version:
        print(f"store {redact_uri(args.store)}: schema version {store.version}, up to date")
    elif store.migrated_from is None:
        print(f"store {redact_uri(args.store)}: schema version {store.version} created")
    else:
        print(f"store {redact_uri(args.store)}: upgraded from {found} to version {store.version}")
    return 0


def _default_store() -> str:
    return os.environ.get("STORE_URI") or "sqlite:///data/reports.sqlite3"


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(prog="reportcrawler", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    parse = sub.add_parser("parse", help="read one saved page and print its record as JSON")
    parse.add_argument("file", help="the saved page (raw bytes as served)")
    parse.add_argument("--url", required=True, help="the URL the page was fetched from")
    parse.add_argument("--content-type", help="the Content-Type header the server sent (may be wrong)")
    parse.add_argument("--site", help="spider name whose configuration applies (region code, selectors)")
    parse.add_argument("--encoding", help="force this encoding instead of detecting it")
    parse.add_argument("--compact", action="store_true", help="one-line JSON")
    parse.set_defaults(func=cmd_parse)
    reparse = sub.add_parser("reparse", help="re-run extraction over the stored raw pages (no fetching)")
    reparse.add_argument("--site", help="only this site's pages")
    reparse.add_argument("--store", default=_default_store(),
                         help="STORE_URI of the store (default: $STORE_URI or sqlite:///data/reports.sqlite3)")
    reparse.add_argument("--dry-run", action="store_true", help="report what would change, write nothing")
    reparse.set_defaults(func=cmd_reparse)
    from .schedule import add_parser as add_schedule_parser

    add_schedule_parser(sub)
    db = sub.add_parser("db", help="the store's schema")
    db_sub = db.add_subparsers(dest="db_command", required=True)
    db_upgrade = db_sub.add_parser("upgrade", help="migrate the store's tables to this version's schema")
    db_upgrade.add_argument("--store", default=_default_store(),
                            help="STORE_URI of the store (default: $STORE_URI or sqlite:///data/reports.sqlite3)")
    db_upgrade.set_defaults(func=cmd_db_upgrade)
    _add_bench_parser(sub)
    from . import browse, export, report, status

    for command in (export, browse, report, status):
        command.add_parser(sub, _default_store())
    return parser


def _add_bench_parser(sub) -> None:
    """`bench` lives in the checkout's `benchmarks/` (not installed with the
    package): wired in when run from a checkout's root, else a one-line error."""
    if os.path.isfile(os.path.join(os.getcwd(), "benchmarks", "__init__.py")):
        if os.getcwd() not in sys.path:
            sys.path.insert(0, os.getcwd())
        from benchmarks import add_parser

        add_parser(sub)
        return
    sub.add_parser("bench", help="benchmark (run from a checkout's root: see BENCHMARKS.md)")


def _bench_elsewhere() -> str:
    return f"bench runs from a checkout's root: no benchmarks/ folder in {os.getcwd()}"


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if args.command == "bench" and not hasattr(args, "func"):
        print(f"reportcrawler: error: {_bench_elsewhere()}", file=sys.stderr)
        return 2
    if extra:
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    try:
        return args.func(args)
    except (CliError, SetupError) as exc:
        print(f"reportcrawler: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("reportcrawler: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug: still one line, with what to report
        print(f"reportcrawler: internal error: {type(exc).__name__}: {exc} "
              "(set REPORTCRAWLER_DEBUG=1 for the traceback)", file=sys.stderr)
        if os.environ.get("REPORTCRAWLER_DEBUG"):
            raise
        return 1


if __name__ == "__main__":
    sys.exit(main())
