"""The Store's queries for what comes after a crawl: validators for conditional
GETs, known report URLs, crawl history, the rows `reportcrawler reparse`
reads and rewrites (it writes through `apply_reparse`, in one transaction), and
what `export`, `report` and `status` read."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from sqlalchemy import Connection, Select, and_, delete, func, insert, or_, select, update

from ..items import FEED_FIELDS
from .schema import bodies, crawls, decode_row, pages, report_values, reports, sightings

# Outcomes of pages that went through extraction (list pages and HTTP errors did not).
_EXTRACTED = ("record", "duplicate", "not_report", "error:empty", "error:binary", "error:undecodable",
              "error:soft_404", "error:parse_failed")


class StoreReads:
    engine: Any

    def _reading(self):  # the Store defines it
        raise NotImplementedError

    def page_validators(self, url: str) -> dict[str, str] | None:
        """`ETag` / `Last-Modified` of the latest 200 page of `url` (those present), or None."""
        query = (select(pages.c.headers).where(pages.c.url == url, pages.c.status == 200)
                 .order_by(pages.c.id.desc()).limit(1))
        with self._reading() as conn:
            headers = conn.execute(query).scalar()
        if headers is None:
            return None
        by_name = {k.lower(): v for k, v in json.loads(headers or "{}").items()}
        found = {name: by_name[name.lower()] for name in ("ETag", "Last-Modified") if by_name.get(name.lower())}
        return found or None

    def known_pages(self, site: str | None) -> dict[str, tuple[str, str]]:
        """url -> (outcome, fetched_at) of the latest page of each URL of `site` whose
        fate was decided: a record or a sighting of one (`record`, `duplicate`,
        `not_modified`), `not_report`, `dropped:*` or `error:*`."""
        decided = or_(pages.c.outcome.in_(("record", "duplicate", "not_modified", "not_report")),
                      pages.c.outcome.like("dropped:%"), pages.c.outcome.like("error:%"))
        query = (select(pages.c.url, pages.c.outcome, pages.c.fetched_at)
                 .where(pages.c.site == site, decided).order_by(pages.c.id))
        with self._reading() as conn:
            return {url: (outcome, fetched_at) for url, outcome, fetched_at in conn.execute(query)}

    def report_urls(self, site: str | None = None) -> set[str]:
        """Every URL where a report was seen (its sightings)."""
        query = select(sightings.c.url).distinct()
        if site is not None:
            query = query.where(sightings.c.site == site)
        with self._reading() as conn:
            return set(conn.execute(query).scalars())

    def record_crawl(self, site: str | None, started_at: str | None, finished_at: str | None,
                     finish_reason: str | None, stats: dict) -> int:
        """One finished crawl of `site` with its stats (JSON text); returns its id."""
        with self.engine.begin() as conn:
            result = conn.execute(insert(crawls).values(
                site=site, started_at=started_at, finished_at=finished_at, finish_reason=finish_reason,
                stats=json.dumps(stats, ensure_ascii=False, default=str),
            ))
            return result.inserted_primary_key[0]

    def last_fetch(self, site: str | None) -> str | None:
        """fetched_at of the latest page of `site` (None: no page)."""
        with self._reading() as conn:
            return conn.execute(select(func.max(pages.c.fetched_at)).where(pages.c.site == site)).scalar()

    def last_crawl(self, site: str | None) -> dict | None:
        """The latest recorded crawl of `site` (stats decoded), or None."""
        query = select(crawls).where(crawls.c.site == site).order_by(crawls.c.id.desc()).limit(1)
        with self._reading() as conn:
            row = conn.execute(query).first()
        if row is None:
            return None
        crawl = row._asdict()
        crawl["stats"] = json.loads(crawl["stats"]) if crawl["stats"] else {}
        return crawl

    # --- export, report, status -------------------------------------------------------
    def records(self, site: str | None = None, region_code: str | None = None,
                year: int | None = None) -> Iterator[dict]:
        """The stored records (the feed's fields, JSON decoded), by site, year and id, read
        as they are iterated."""
        query = _filtered(select(*(reports.c[name] for name in FEED_FIELDS)), site, region_code, year)
        with self._reading() as conn:
            for row in conn.execute(query.order_by(reports.c.site, reports.c.report_year, reports.c.id)):
                yield decode_row(row._asdict())

    def sightings_of(self, site: str | None = None, region_code: str | None = None,
                     year: int | None = None) -> Iterator[dict]:
        """Every sighting (url, site, fetched_at, content_hash) of the records these filters select."""
        query = select(sightings.c.url, sightings.c.site, sightings.c.fetched_at, sightings.c.content_hash)
        if region_code or year is not None:
            query = query.join(reports, reports.c.content_hash == sightings.c.content_hash)
        if site:
            query = query.where(sightings.c.site == site)
        query = _filtered(query, None, region_code, year)
        with self._reading() as conn:
            for row in conn.execute(query.order_by(sightings.c.id)):
                yield row._asdict()

    def records_per_site_year(self) -> list[tuple[str | None, int | None, int]]:
        """(site, report_year, records) for every pair with a record."""
        query = (select(reports.c.site, reports.c.report_year, func.count())
                 .group_by(reports.c.site, reports.c.report_year)
                 .order_by(reports.c.site, reports.c.report_year))
        with self._reading() as conn:
            return [tuple(row) for row in conn.execute(query)]

    def page_outcomes(self) -> list[tuple[str | None, str | None, int]]:
        """(site, outcome, pages) over the `pages` table."""
        query = (select(pages.c.site, pages.c.outcome, func.count())
                 .group_by(pages.c.site, pages.c.outcome).order_by(pages.c.site, pages.c.outcome))
        with self._reading() as conn:
            return [tuple(row) for row in conn.execute(query)]

    def known_sites(self) -> list[str | None]:
        """Every site with a page, a record or a recorded crawl."""
        query = select(pages.c.site).union(select(reports.c.site), select(crawls.c.site))
        with self._reading() as conn:
            return sorted(set(conn.execute(query).scalars()), key=lambda site: site or "")

    # --- reparse --------------------------------------------------------------------
    def pages_to_reparse(self, site: str | None = None) -> list[dict]:
        """Pages that went through extraction, in fetch order, each with its raw `body`."""
        query = (select(pages.c.id, pages.c.url, pages.c.site, pages.c.status, pages.c.headers,
                        pages.c.fetched_at, pages.c.outcome, bodies.c.body)
                 .outerjoin(bodies, bodies.c.sha256 == pages.c.body_sha256)
                 .where(or_(pages.c.outcome.in_(_EXTRACTED), pages.c.outcome.like("dropped:%"),
                            and_(pages.c.outcome.is_(None), pages.c.status == 200)))
                 .order_by(pages.c.id))
        if site:
            query = query.where(pages.c.site == site)
        with self._reading() as conn:
            rows = [row._asdict() for row in conn.execute(query)]
        for row in rows:
            row["body"] = bytes(row["body"]) if row["body"] is not None else None
        return rows

    def reports_by_page(self, site: str | None = None) -> dict[int, dict]:
        """page id -> its `reports` row as stored (JSON fields as text)."""
        query = select(reports)
        if site:
            query = query.where(reports.c.site == site)
        with self._reading() as conn:
            return {row.page_id: row._asdict() for row in conn.execute(query)}

    def report_hashes(self, except_site: str | None = None) -> set[str]:
        """content_hash of every report not from `except_site` (all when None)."""
        query = select(reports.c.content_hash)
        if except_site:
            query = query.where(or_(reports.c.site != except_site, reports.c.site.is_(None)))
        with self._reading() as conn:
            return set(conn.execute(query).scalars())

    def apply_reparse(self, plan: list[tuple[str, dict, dict | None, str, dict | None]]) -> None:
        """Write a reparse plan in one transaction: (action, page, item, outcome, old report row)
        per page, action `record`, `duplicate` or `not_report`."""
        with self.engine.begin() as conn:
            for action, page, item, outcome, old in plan:
                _apply(conn, action, page, item, outcome, old)


def _apply(conn: Connection, action: str, page: dict, item: dict | None, outcome: str, old: dict | None) -> None:
    conn.execute(update(pages).where(pages.c.id == page["id"]).values(outcome=outcome))
    if old is not None and (action != "record" or old["content_hash"] != item["content_hash"]):
        conn.execute(delete(reports).where(reports.c.id == old["id"]))
    if action == "not_report":
        conn.execute(delete(sightings).where(sightings.c.page_id == page["id"]))
        return
    if action == "record":
        values = report_values(item)
        values["fetched_at"] = old["fetched_at"] if old else page["fetched_at"]
        if old is not None and old["content_hash"] == item["content_hash"]:
            conn.execute(update(reports).where(reports.c.id == old["id"]).values(values))
        else:
            conn.execute(insert(reports).values(values))
    updated = conn.execute(update(sightings).where(sightings.c.page_id == page["id"])
                           .values(content_hash=item["content_hash"])).rowcount
    if not updated:
        conn.execute(insert(sightings).values(url=page["url"], site=page["site"], fetched_at=page["fetched_at"],
                                              content_hash=item["content_hash"], page_id=page["id"]))


def _filtered(query: Select, site: str | None, region_code: str | None, year: int | None) -> Select:
    if site:
        query = query.where(reports.c.site == site)
    if region_code:
        query = query.where(reports.c.region_code == region_code)
    if year is not None:
        query = query.where(reports.c.report_year == year)
    return query
