"""`reportcrawler report`: one self-contained HTML page about the store — which
portals have a report for which year, the figures by region over the years,
and every record with its link. No script, no network: charts are inline SVG
(reportcrawler/charts.py), the page a Jinja template with autoescaping
(reportcrawler/data/report.html.j2), so scraped text always shows as text.

    reportcrawler report [--store URI] --out report.html
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from collections import defaultdict
from collections.abc import Iterable

from jinja2 import Environment, PackageLoader, select_autoescape

from . import charts
from .cells import STAT_GROUPS, stat_value
from .errors import SetupError
from .store.uri import redact_uri

OUTCOME_KEYS = tuple(key for key in STAT_GROUPS["outcomes"] if key != "total")
DISPUTE_COLUMNS = ("admin_review.total", "litigation_direct.total", "litigation_after_review.total")
_PAGE_FIELDS = ("url", "site", "region", "region_code", "title", "report_year", "publish_date", "stats",
                "stats_warnings", "content_hash")


def page_context(records: Iterable[dict]) -> dict:
    """Everything the template shows, from the records (body text left out)."""
    records = [{name: record.get(name) for name in _PAGE_FIELDS} for record in records]
    for number, record in enumerate(records, 1):
        record["anchor"] = f"r{number}"
        record["link"] = record["url"] if str(record["url"] or "").startswith(("http://", "https://")) else None
        record["figures"] = {column: stat_value(record["stats"], column)
                             for column in ("applications_received", "outcomes.total", *DISPUTE_COLUMNS)}
    years = sorted({r["report_year"] for r in records if r["report_year"] is not None})
    year_span = list(range(years[0], years[-1] + 1)) if years else []
    coverage: dict[str, dict[int, list[dict]]] = defaultdict(lambda: defaultdict(list))
    site_regions: dict[str, list[str]] = defaultdict(list)
    for record in records:
        site = record["site"] or "(no site)"
        coverage[site][record["report_year"]].append(record)
        if record["region"] not in site_regions[site]:
            site_regions[site].append(record["region"])
    return {
        "records": records,
        "years": year_span,
        "sites": sorted(coverage),
        "coverage": coverage,
        "site_regions": site_regions,
        "regions": sorted({_region(r) for r in records}),
        **_figures(records, year_span),
    }


def _region(record: dict) -> str:
    return record["region"] or f"(no region: {record['site'] or 'no site'})"


def _figures(records: list[dict], years: list[int]) -> dict:
    applications: dict[str, dict[int, float]] = defaultdict(dict)
    outcomes: dict[str, dict[int, dict[str, float]]] = defaultdict(lambda: defaultdict(dict))
    disputes: dict[tuple[str, int], dict[str, float]] = {}
    for record in records:
        region, year = _region(record), record["report_year"]
        if year is None:
            continue
        received = stat_value(record["stats"], "applications_received")
        if isinstance(received, (int, float)):
            applications[region][year] = applications[region].get(year, 0) + received
        for key in OUTCOME_KEYS:
            value = stat_value(record["stats"], f"outcomes.{key}")
            if isinstance(value, (int, float)):
                outcomes[region][year][key] = outcomes[region][year].get(key, 0) + value
        counts = {c: stat_value(record["stats"], c) for c in DISPUTE_COLUMNS}
        if any(isinstance(v, (int, float)) for v in counts.values()):
            row = disputes.setdefault((region, year), {})
            for column, value in counts.items():
                if isinstance(value, (int, float)):
                    row[column] = row.get(column, 0) + value
    regions = sorted(applications)
    return {
        "applications_chart": charts.line_chart({r: applications[r] for r in regions}, years,
                                                "applications received by region over the years"),
        "applications_legend": charts.legend(regions),
        "outcome_charts": [(region, charts.stacked_bars(outcomes[region], OUTCOME_KEYS,
                                                        f"outcomes of applications, {region}"))
                           for region in sorted(outcomes)],
        "outcome_legend": charts.legend(OUTCOME_KEYS),
        "disputes": sorted(disputes.items()),
        "dispute_columns": DISPUTE_COLUMNS,
    }


def render_report(records: Iterable[dict], store_label: str) -> str:
    env = Environment(loader=PackageLoader("reportcrawler", "data"), autoescape=select_autoescape(["j2", "html"]))
    template = env.get_template("report.html.j2")
    generated = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    return template.render(store=store_label, generated=generated, **page_context(records))


def cmd_report(args: argparse.Namespace) -> int:
    from .store import Store

    folder = os.path.dirname(os.path.abspath(args.out))
    if not os.path.isdir(folder):
        raise SetupError(f"cannot write {args.out}: no folder {folder}")
    store = Store(args.store, create=False)
    try:
        page = render_report(store.records(), redact_uri(args.store))
    finally:
        store.close()
    try:
        with open(args.out, "w", encoding="utf-8") as fh:
            fh.write(page)
    except OSError as exc:
        raise SetupError(f"cannot write {args.out}: {exc.strerror or exc}") from None
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


def add_parser(sub, default_store: str) -> None:
    report = sub.add_parser("report", help="one self-contained HTML page: coverage, figures, records")
    report.add_argument("--store", default=default_store,
                        help="STORE_URI of the store (default: $STORE_URI or sqlite:///data/reports.sqlite3)")
    report.add_argument("--out", required=True, help="the HTML file to write")
    report.set_defaults(func=cmd_report)
