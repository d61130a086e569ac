"""`reportcrawler status`: what the store holds — records per site and year, the
last crawl of each site, the pages' outcomes.

    reportcrawler status [--store URI]
    reportcrawler status --redis URL     (the distributed crawl's queues, when installed)
"""

from __future__ import annotations

import argparse
import importlib
from collections import defaultdict

from .errors import SetupError
from .store.uri import redact_uri

_CRAWL_FIGURES = (("pages/archived", "pages"), ("records/stored", "stored"),
                  ("records/duplicate", "duplicates"), ("records/not_report", "not reports"))


def render_status(store) -> str:
    lines = [f"store {redact_uri(store.uri)}", "", "records per site and year"]
    lines += _records_table(store.records_per_site_year())
    lines += ["", "last crawl per site"]
    for site in store.known_sites():
        lines.append(f"  {site or '(none)':<12} {_crawl_line(store.last_crawl(site))}")
    lines += ["", "page outcomes per site"]
    outcomes = store.page_outcomes()
    if not outcomes:
        lines.append("  (no pages)")
    by_site: dict[str | None, list[tuple[str | None, int]]] = defaultdict(list)
    for site, outcome, count in outcomes:
        by_site[site].append((outcome, count))
    for site, counts in by_site.items():
        lines.append(f"  {site or '(none)':<12} " + ", ".join(f"{outcome or 'unknown'} {n}" for outcome, n in counts))
    return "\n".join(lines)


def _records_table(counts: list[tuple[str | None, int | None, int]]) -> list[str]:
    if not counts:
        return ["  (no records)"]
    years = sorted({year for _, year, _ in counts if year is not None})
    show_unknown = any(year is None for _, year, _ in counts)
    table: dict[str | None, dict[int | None, int]] = defaultdict(dict)
    for site, year, n in counts:
        table[site][year] = n
    columns = [*years, *([None] if show_unknown else [])]
    header = f"  {'site':<12}" + "".join(f"{year or '?':>6}" for year in columns) + f"{'total':>7}"
    rows = [header]
    for site, per_year in table.items():
        cells = "".join(f"{per_year.get(year, '-'):>6}" for year in columns)
        rows.append(f"  {site or '(none)':<12}{cells}{sum(per_year.values()):>7}")
    rows.append(f"  {'all':<12}" + "".join(
        f"{sum(t.get(year, 0) for t in table.values()):>6}" for year in columns)
        + f"{sum(n for _, _, n in counts):>7}")
    return rows


def _crawl_line(crawl: dict | None) -> str:
    if crawl is None:
        return "no crawl recorded"
    stats = crawl.get("stats") or {}
    figures = ", ".join(f"{label} {stats.get(key, 0)}" for key, label in _CRAWL_FIGURES)
    errors = sum(v for k, v in stats.items() if k.startswith("errors/") and isinstance(v, int))
    return (f"finished {crawl.get('finished_at') or '?'} ({crawl.get('finish_reason') or '?'}): "
            f"{figures}, errors {errors}")


def cmd_status(args: argparse.Namespace) -> int:
    if args.redis:
        return _queue_status(args)
    from .store import Store

    store = Store(args.store, create=False)
    try:
        print(render_status(store))
    finally:
        store.close()
    return 0


def _queue_status(args: argparse.Namespace) -> int:
    """The distributed crawl's status lives in reportcrawler.distributed (another module)."""
    try:
        distributed = importlib.import_module("reportcrawler.distributed.status")
    except ImportError:
        raise SetupError("--redis: this reportcrawler has no distributed crawling "
                         "(reportcrawler.distributed.status is missing)") from None
    return distributed.cmd_status(args)


def add_parser(sub, default_store: str) -> None:
    status = sub.add_parser("status", help="records per site and year, last crawls, page outcomes")
    status.add_argument("--store", default=default_store,
                        help="STORE_URI of the store (default: $STORE_URI or sqlite:///data/reports.sqlite3)")
    status.add_argument("--redis", metavar="URL",
                        help="instead: a shared crawl's queue, requests in flight, live workers, per-portal counts")
    status.add_argument("--crawl-key", help="with --redis: only this crawl (default: every crawl in that Redis)")
    status.set_defaults(func=cmd_status)
