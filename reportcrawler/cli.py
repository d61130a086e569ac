"""`reportcrawler` command: parse one saved page (and, later, reparse the store).

    reportcrawler parse FILE --url URL [--content-type HEADER] [--site NAME] [--encoding ENC]

prints one JSON object: the record fields plus `is_report`. Errors are one
line on stderr with a non-zero exit, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import sys

from .encoding import PageError
from .items import record_dict
from .record import SiteConfig, read_page


class CliError(Exception):
    pass


def site_config(name: str | None) -> SiteConfig:
    """The configuration of the spider called `name` (its region code and hints)."""
    if not name:
        return SiteConfig()
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "reportcrawler.settings")
    from scrapy.spiderloader import SpiderLoader
    from scrapy.utils.project import get_project_settings

    loader = SpiderLoader.from_settings(get_project_settings())
    try:
        spidercls = loader.load(name)
    except KeyError:
        known = ", ".join(loader.list())
        raise CliError(f"unknown site {name!r} (known: {known})") from None
    config = getattr(spidercls, "site_config", None)
    if isinstance(config, property):
        from .extractor import SiteHints

        return SiteConfig(name, getattr(spidercls, "region_code", None),
                          SiteHints(getattr(spidercls, "content_css", None), getattr(spidercls, "title_css", None)))
    return SiteConfig(name=name)


def cmd_parse(args: argparse.Namespace) -> int:
    try:
        with open(args.file, "rb") as fh:
            body = fh.read()
    except OSError as exc:
        raise CliError(f"{args.file}: cannot read ({exc.strerror or exc})") from None
    try:
        reading = read_page(body, args.url, args.content_type, site_config(args.site), encoding=args.encoding)
    except PageError as exc:
        raise CliError(f"{args.file}: {exc}") from None
    except LookupError as exc:
        raise CliError(f"unknown encoding: {exc}") from None
    record = record_dict(reading.item)
    record["site"] = args.site
    record["fetched_at"] = None
    record["is_report"] = reading.is_report
    if reading.problem:
        record["problem"] = reading.problem
    json.dump(record, sys.stdout, ensure_ascii=False, indent=None if args.compact else 2)
    sys.stdout.write("\n")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="reportcrawler", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    parse = sub.add_parser("parse", help="read one saved page and print its record as JSON")
    parse.add_argument("file", help="the saved page (raw bytes as served)")
    parse.add_argument("--url", required=True, help="the URL the page was fetched from")
    parse.add_argument("--content-type", help="the Content-Type header the server sent (may be wrong)")
    parse.add_argument("--site", help="spider name whose configuration applies (region code, selectors)")
    parse.add_argument("--encoding", help="force this encoding instead of detecting it")
    parse.add_argument("--compact", action="store_true", help="one-line JSON")
    parse.set_defaults(func=cmd_parse)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except CliError as exc:
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
