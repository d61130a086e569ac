"""Re-run extraction over the raw pages in the store with the current code.

This is why raw bytes are kept: when the extractor or a normalizer improves,
`reportcrawler reparse` brings every record up to date without fetching.
The store is rebuilt from its pages as a crawl in page order would have built
it (the first page of a content hash holds the record, later ones are its
sightings), and the difference is applied in one transaction:

- added: a page that now yields a valid report with a new content hash;
- updated: a record whose fields changed (sightings follow a changed hash);
- now not reports: a record whose page no longer yields a valid report
  (its row and sightings go; the page keeps the new outcome);
- unchanged.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field

from .encoding import PageError
from .items import RECORD_FIELDS
from .record import PARSER_VERSION, read_page
from .sites import UnknownSite, site_config
from .store import Store
from .store.schema import encode_field
from .validate import validation_error

logger = logging.getLogger(__name__)

_COMPARED = [f for f in RECORD_FIELDS if f not in ("fetched_at",)]


@dataclass
class ReparseReport:
    pages: int = 0
    added: list[str] = field(default_factory=list)
    updated: list[tuple[str, list[str]]] = field(default_factory=list)
    now_not_reports: list[tuple[str, str]] = field(default_factory=list)
    unchanged: int = 0
    duplicates: int = 0

    def summary(self) -> str:
        lines = [
            f"reparse (parser {PARSER_VERSION}): {self.pages} pages read again",
            f"  records added     {len(self.added)}",
            f"  records updated   {len(self.updated)}",
            f"  now not reports   {len(self.now_not_reports)}",
            f"  unchanged         {self.unchanged}",
            f"  duplicates        {self.duplicates}",
        ]
        lines += [f"  + {url}" for url in self.added]
        lines += [f"  ~ {url} ({', '.join(fields)})" for url, fields in self.updated]
        lines += [f"  - {url} ({outcome})" for url, outcome in self.now_not_reports]
        return "\n".join(lines)


def _reading(page: dict) -> tuple[str, dict | None]:
    """(new outcome, new item or None) for one stored page."""
    headers = json.loads(page["headers"] or "{}")
    content_type = next((v for k, v in headers.items() if k.lower() == "content-type"), None)
    try:
        reading = read_page(page["body"] or b"", page["url"], content_type, site_config(page["site"]),
                            fetched_at=page["fetched_at"])
    except PageError as exc:
        return f"error:{exc.reason}", None
    except UnknownSite:  # a spider since removed: read the page unconfigured
        try:
            reading = read_page(page["body"] or b"", page["url"], content_type, site_config(None),
                                fetched_at=page["fetched_at"])
        except PageError as exc:
            return f"error:{exc.reason}", None
    except Exception as exc:  # an extraction bug: this page fails, the others are still read
        logger.warning("reparse: parse failed on %s (%s: %s)", page["url"], type(exc).__name__, exc)
        return "error:parse_failed", None
    if reading.problem:
        return f"error:{reading.problem}", None
    if not reading.is_report:
        return "not_report", None
    reason = validation_error(reading.item)
    if reason:
        return f"dropped:{reason}", None
    item = dict(reading.item)
    item["site"] = page["site"]
    item["page_id"] = page["id"]
    return "record", item


def reparse(store: Store, site: str | None = None, dry_run: bool = False) -> ReparseReport:
    pages = store.pages_to_reparse(site)
    old_by_page = store.reports_by_page(site)
    other_hashes = store.report_hashes(except_site=site) if site else set()

    report = ReparseReport(pages=len(pages))
    seen_hashes: set[str] = set()
    plan: list[tuple[str, dict, dict | None, str, dict | None]] = []  # (action, page, item, outcome, old)
    for page in pages:
        outcome, item = _reading(page)
        old = old_by_page.get(page["id"])
        if item is None:
            plan.append(("not_report", page, None, outcome, old))
        elif item["content_hash"] in seen_hashes or item["content_hash"] in other_hashes:
            plan.append(("duplicate", page, item, "duplicate", old))
        else:
            seen_hashes.add(item["content_hash"])
            plan.append(("record", page, item, "record", old))

    for action, page, item, outcome, old in plan:
        if action == "record":
            if old is None:
                report.added.append(page["url"])
            else:
                changed = [f for f in _COMPARED if encode_field(f, item.get(f)) != old.get(f)]
                if old.get("parser_version") != PARSER_VERSION and not changed:
                    changed = ["parser_version"]
                if changed:
                    report.updated.append((page["url"], changed))
                else:
                    report.unchanged += 1
        elif old is not None:
            report.now_not_reports.append((page["url"], outcome))
        elif action == "duplicate":
            report.duplicates += 1
        else:
            report.unchanged += page["outcome"] == outcome
    if not dry_run:
        store.apply_reparse(plan)
    return report
