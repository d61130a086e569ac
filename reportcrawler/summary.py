"""Print what a crawl did when it ends: pages, records, duplicates,
not-reports, drops and errors by reason (all from the stats collector).

With `REPORTCRAWLER_STATS_FILE=path.json` the whole stats dict is also
written there as JSON, for schedulers and monitoring (and the tests).
"""

from __future__ import annotations

import json
import logging
import os

from scrapy import signals

from .progress import COLUMNS
from .store.uri import redact_uri

logger = logging.getLogger(__name__)


def summarize(stats: dict, spider_name: str, store_uri: str | None = None) -> str:
    def by_prefix(prefix: str) -> str:
        items = sorted((k[len(prefix):], v) for k, v in stats.items() if k.startswith(prefix))
        return ", ".join(f"{k} {v}" for k, v in items) if items else "none"

    dropped = sum(v for k, v in stats.items() if k.startswith("dropped/"))
    errors = sum(v for k, v in stats.items() if k.startswith("errors/"))
    lines = [
        f"reportcrawler summary: {spider_name} ({stats.get('finish_reason', 'unknown')})",
        f"  pages fetched    {stats.get('pages/archived', 0)}",
        f"  records stored   {stats.get('records/stored', 0)}",
        f"  duplicates       {stats.get('records/duplicate', 0)}",
        f"  not reports      {stats.get('records/not_report', 0)}",
        f"  dropped          {dropped}" + (f" ({by_prefix('dropped/')})" if dropped else ""),
        f"  errors           {errors}" + (f" ({by_prefix('errors/')})" if errors else ""),
    ]
    skipped = stats.get("incremental/skipped_known", 0) + stats.get("incremental/skipped_not_report", 0)
    if skipped or stats.get("records/not_modified") or stats.get("list/stopped_known"):
        lines.append(f"  skipped, known   {skipped} (records {stats.get('incremental/skipped_known', 0)}, "
                     f"not reports {stats.get('incremental/skipped_not_report', 0)}); "
                     f"not modified {stats.get('records/not_modified', 0)}; "
                     f"paging stopped at known {stats.get('list/stopped_known', 0)}")
    for name in stats.get("health/failed") or []:
        lines.append(f"  HEALTH FAILED    {name}: {stats.get(f'health/{name}', '')}")
    if stats.get("replay/missing"):
        lines.append(f"  replay missing   {stats['replay/missing']}")
    if stats.get("verdict/failed"):
        lines.append(f"  FAILED           {stats.get('verdict/message') or stats['verdict/failed']}")
    if store_uri:
        lines.append(f"  store            {redact_uri(store_uri)}")
    return "\n".join(lines + portal_table(stats.get("portals") or {}))


def portal_table(portals: dict[str, dict]) -> list[str]:
    """One row per portal (host) of a crawl that covered several."""
    if not portals:
        return []
    width = max(len(host) for host in portals)
    rows = [f"  {'portal':<{width}}  " + "  ".join(f"{c:>10}" for c in COLUMNS)]
    for host, counts in portals.items():
        rows.append(f"  {host:<{width}}  " + "  ".join(f"{counts.get(c, 0):>10}" for c in COLUMNS))
    return rows


class CrawlSummary:
    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        ext = cls(crawler)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_closed(self, spider, reason):
        stats = dict(self.crawler.stats.get_stats())
        stats.setdefault("finish_reason", reason)
        text = summarize(stats, spider.name, self.crawler.settings.get("STORE_URI"))
        # Once: into the log file when there is one (scrapyd), else on stdout.
        if self.crawler.settings.get("LOG_FILE"):
            logger.info("\n%s", text)
        else:
            print(text, flush=True)
        path = self.crawler.settings.get("REPORTCRAWLER_STATS_FILE")
        if path:
            os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
            with open(path, "w", encoding="utf-8") as fh:
                json.dump(stats, fh, ensure_ascii=False, indent=1, default=str)
