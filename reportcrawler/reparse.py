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
from .validate import validation_error

logger = logging.getLogger(__name__)

# Outcomes of pages that went through extraction (list pages and HTTP errors did not).
_REPARSED = "outcome IN ('record', 'duplicate', 'not_report') OR outcome LIKE 'dropped:%' " \
            "OR outcome IN ('error:empty', 'error:binary', 'error:undecodable', 'error:soft_404', " \
            "'error:parse_failed') OR (outcome IS NULL AND status = 200)"
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
    conn = store.conn
    conn.row_factory = None
    query = f"SELECT id, url, site, status, headers, body, fetched_at, outcome FROM pages WHERE ({_REPARSED})"
    params: tuple = ()
    if site:
        query += " AND site = ?"
        params = (site,)
    cur = conn.execute(query + " ORDER BY id", params)
    names = [d[0] for d in cur.description]
    pages = [dict(zip(names, row, strict=True)) for row in cur.fetchall()]
    old_cur = conn.execute("SELECT * FROM reports" + (" WHERE site = ?" if site else ""), params)
    old_names = [d[0] for d in old_cur.description]
    old_by_page = {row["page_id"]: row for row in (dict(zip(old_names, r, strict=True)) for r in old_cur)}
    other_hashes = {
        r[0] for r in conn.execute("SELECT content_hash FROM reports" + (" WHERE site != ?" if site else " WHERE 0"), params)
    }

    report = ReparseReport(pages=len(pages))
    seen_hashes: set[str] = set()
    plan: list[tuple[str, dict, dict | None, str]] = []  # (action, page, item, outcome)
    for page in pages:
        outcome, item = _reading(page)
        if item is None:
            plan.append(("not_report", page, None, outcome))
            continue
        if item["content_hash"] in seen_hashes or item["content_hash"] in other_hashes:
            plan.append(("duplicate", page, item, "duplicate"))
        else:
            seen_hashes.add(item["content_hash"])
            plan.append(("record", page, item, "record"))

    if not dry_run:
        conn.execute("BEGIN IMMEDIATE")
    try:
        for action, page, item, outcome in plan:
            old = old_by_page.get(page["id"])
            if action == "record":
                if old is None:
                    report.added.append(page["url"])
                else:
                    changed = [f for f in _COMPARED if _column(item, f) != old.get(f)]
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
                _apply(conn, action, page, item, outcome, old)
        if not dry_run:
            conn.execute("COMMIT")
    except BaseException:
        if not dry_run:
            conn.execute("ROLLBACK")
        raise
    return report


def _column(item: dict, name: str):
    value = item.get(name)
    if name in ("attachments", "stats"):
        return json.dumps(value if value is not None else ([] if name == "attachments" else {}), ensure_ascii=False)
    return value


def _apply(conn, action: str, page: dict, item: dict | None, outcome: str, old: dict | None) -> None:
    conn.execute("UPDATE pages SET outcome = ? WHERE id = ?", (outcome, page["id"]))
    if old is not None and (action != "record" or old["content_hash"] != item["content_hash"]):
        conn.execute("DELETE FROM reports WHERE id = ?", (old["id"],))
    if action == "not_report":
        conn.execute("DELETE FROM sightings WHERE page_id = ?", (page["id"],))
        return
    if action == "record":
        columns = list(RECORD_FIELDS) + ["raw_text", "page_id", "parser_version"]
        values = [_column(item, c) for c in columns]
        values[columns.index("fetched_at")] = old["fetched_at"] if old else page["fetched_at"]
        if old is not None and old["content_hash"] == item["content_hash"]:
            sets = ", ".join(f"{c} = ?" for c in columns)
            conn.execute(f"UPDATE reports SET {sets} WHERE id = ?", values + [old["id"]])
        else:
            conn.execute(f"INSERT INTO reports ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
                         values)
    updated = conn.execute("UPDATE sightings SET content_hash = ? WHERE page_id = ?",
                           (item["content_hash"], page["id"])).rowcount
    if not updated:
        conn.execute("INSERT INTO sightings (url, site, fetched_at, content_hash, page_id) VALUES (?, ?, ?, ?, ?)",
                     (page["url"], page["site"], page["fetched_at"], item["content_hash"], page["id"]))
