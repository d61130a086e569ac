"""Store growth: what dedupe + store cost per record when the store already
holds 1,000 records and when it holds N (default 100,000).

Each store is prefilled with realistic rows: a `reports` row per record
(report-sized body_text and raw_text, every record field), its first
`sightings` row and its `pages` row with the raw page bytes, as a crawl
leaves them. Then the product's own DedupePipeline and StorePipeline
(reportcrawler.dedupe / reportcrawler.store, on the product's Store) take the
same workload on both stores: new reports plus ~10% duplicates of stored
ones (which become sightings), each with its page row written first as the
archive middleware does (not timed). Rounds alternate between the two stores
so that machine noise hits both alike, each round on freshly opened stores
(cold cache, empty WAL) with the small one restored to exactly its prefill;
the cost per record is the median over the rounds (wall time: what the crawl
waits for, fsyncs at WAL checkpoints included; CPU time is shown beside it).

The same on PostgreSQL: `measure(..., store_uri="postgresql://postgres@127.0.0.1/test")`
or `python -m benchmarks.storegrowth --growth-store-uri postgresql://postgres@127.0.0.1/test`
creates fresh databases `rc_bench_*` on that server (the URI's database is only
where CREATE DATABASE is issued), restores the small one from a template
before each round, and drops them all at the end.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import time
from dataclasses import dataclass

from .farm import TextMaker
from .growthstores import PostgresStores, SqliteStores


@dataclass
class Pool:
    """Realistic record material: report texts and raw pages to vary."""

    bodies: list[str]
    raw_pages: list[bytes]
    titles: list[str]


def make_pool(farm_dir: str | None, size: int = 200, seed: int = 11) -> Pool:
    rng = random.Random(seed)
    text = TextMaker(rng)
    bodies, titles = [], []
    for i in range(size):
        year = rng.randint(2008, 2023)
        lines = text.paragraphs("样例区", year, int(rng.triangular(2500, 12000, 4500)))
        bodies.append("\n".join(lines))
        titles.append(f"样例区第{i}单位{year}年政府信息公开工作年度报告")
    raw_pages: list[bytes] = []
    if farm_dir:
        from .farm import load_routes

        for route in load_routes(farm_dir):
            if route["kind"] == "report":
                with open(os.path.join(farm_dir, route["file"]), "rb") as fh:
                    raw_pages.append(fh.read())
            if len(raw_pages) >= 50:
                break
    if not raw_pages:
        raw_pages = [("<html><body>" + b + "</body></html>").encode("utf-8") for b in bodies[:50]]
    return Pool(bodies, raw_pages, titles)


def _record(pool: Pool, n: int, site: str) -> dict:
    """Record number n: realistic fields, a distinct body (its first line names n)."""
    i = n % len(pool.bodies)
    body = f"第{n}号报告。\n" + pool.bodies[i]
    year = 2008 + n % 16
    return {
        "url": f"http://127.0.0.1/{site}/art/{year + 1}/3/{n % 28 + 1}/art_1234_{n}.html",
        "site": site,
        "region": "哈尔滨市呼兰区",
        "region_code": "230111",
        "title": pool.titles[i],
        "report_year": year,
        "publish_date": f"{year + 1}-03-{n % 28 + 1:02d}",
        "index_no": f"2301/{year + 1}-{n:06d}",
        "doc_no": None,
        "source_agency": "呼兰区人民政府办公室",
        "body_text": body,
        "original_script": "hans",
        "content_hash": hashlib.sha256(body.encode("utf-8")).hexdigest(),
        "attachments": [],
        "stats": {},
        "fetched_at": "2026-11-22T03:00:00Z",
        "raw_text": "首页\n政务公开\n政府信息公开年报\n" + pool.titles[i] + "\n" + body + "\n主办：呼兰区人民政府\n网站标识码：2301110001",
    }


def prefill(uri: str, count: int, pool: Pool, batch: int = 2000) -> float:
    """A store holding `count` records (reports + sightings + pages + their distinct bodies), written
    in bulk through the Store's own tables and engine (the schema is the product's)."""
    from sqlalchemy import insert

    from reportcrawler.store import Store
    from reportcrawler.store.schema import bodies, pages, report_values, reports, sightings

    started = time.perf_counter()
    store = Store(uri)
    headers = json.dumps({"Content-Type": "text/html", "Server": "nginx"})
    try:
        for first in range(0, count, batch):
            page_rows, body_rows, report_rows, sighting_rows = [], [], [], []
            for n in range(first, min(count, first + batch)):
                record = _record(pool, n, "prefill")
                page_id = n + 1
                # Every page's bytes distinct, as a real store's are (an unchanged page is the exception).
                raw = pool.raw_pages[n % len(pool.raw_pages)] + f"<!-- {n} -->".encode()
                digest = hashlib.sha256(raw).hexdigest()
                body_rows.append({"sha256": digest, "size": len(raw), "body": raw})
                page_rows.append({"id": page_id, "url": record["url"], "site": "prefill", "status": 200,
                                  "headers": headers, "body_sha256": digest, "encoding": "utf-8",
                                  "fetched_at": record["fetched_at"], "outcome": "record"})
                record["page_id"] = page_id
                report_rows.append(report_values(record))
                sighting_rows.append({"url": record["url"], "site": "prefill", "fetched_at": record["fetched_at"],
                                      "content_hash": record["content_hash"], "page_id": page_id})
            with store.engine.begin() as conn:
                conn.execute(insert(bodies), body_rows)
                conn.execute(insert(pages), page_rows)
                conn.execute(insert(reports), report_rows)
                conn.execute(insert(sightings), sighting_rows)
        if store.dialect == "postgresql":  # explicit ids: move the sequence past them
            with store.engine.begin() as conn:
                conn.exec_driver_sql("SELECT setval(pg_get_serial_sequence('pages', 'id'), "
                                     "(SELECT COALESCE(MAX(id), 1) FROM pages))")
    finally:
        store.close()
    return time.perf_counter() - started


class _Stats:
    def inc_value(self, key, count=1, start=0):
        pass


class Target:
    """One prefilled store with the product's Store and pipelines on it (one round)."""

    def __init__(self, uri: str):
        from reportcrawler.dedupe import DedupePipeline
        from reportcrawler.store import Store, StorePipeline

        self.store = Store(uri)
        stats = _Stats()
        self.dedupe = DedupePipeline(self.store, stats)
        self.save = StorePipeline(self.store, stats)
        self.wall = 0.0
        self.cpu = 0.0
        self.records = 0
        self.duplicates = 0

    def feed(self, records: list[dict]) -> None:
        from scrapy.exceptions import DropItem

        from reportcrawler.items import ReportItem

        for record in records:
            record = dict(record)
            record["page_id"] = self.store.save_page(record["url"], record["site"], 200, {"Content-Type": "text/html"},
                                                     b"<html>" + record["body_text"].encode("utf-8") + b"</html>",
                                                     record["fetched_at"])
            item = ReportItem(record)
            wall, cpu = time.perf_counter(), time.process_time()
            try:
                item = self.dedupe.process_item(item)
                self.save.process_item(item)
            except DropItem:
                self.duplicates += 1
            self.wall += time.perf_counter() - wall
            self.cpu += time.process_time() - cpu
            self.records += 1

    def close(self) -> None:
        self.store.close()


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def measure(workdir: str, prefill_n: int, pool: Pool, small: int = 1000, records: int = 3000, rounds: int = 6,
            dup_share: float = 0.1, seed: int = 3, log=print, store_uri: str | None = None) -> dict:
    """Dedupe + store cost per record at `small` and at `prefill_n` stored records; returns the figures.

    Each round opens both stores afresh (cold cache, as a new crawl finds them) and feeds each the
    same kind of batch; the small store is restored to its pristine copy before every round so that
    it always holds `small` records. The figure per store is the median over rounds. SQLite files in
    `workdir` by default; with `store_uri` (postgresql://…) fresh databases on that server.
    """
    rng = random.Random(seed)
    stores = PostgresStores(store_uri) if store_uri else SqliteStores(workdir)
    sizes = [("small", small), ("large", prefill_n)]
    uris, prefill_s = {}, {}
    try:
        for label, count in sizes:
            uris[label] = stores.fresh(label, count)
            log(f"  prefilling {count:,} records into the {label} store …")
            prefill_s[label] = prefill(uris[label], count, pool)
        stores.keep_pristine("small")
        per_round = max(1, records // rounds)
        next_new = 10_000_000  # numbers of new records: distinct from any prefilled one
        rounds_us: dict[str, list[float]] = {"small": [], "large": []}
        rounds_cpu_us: dict[str, list[float]] = {"small": [], "large": []}
        fed = {"small": [0, 0], "large": [0, 0]}
        for _ in range(rounds):
            for label, count in sizes:
                if label == "small":
                    uris[label] = stores.restore(label)
                batch = []
                for _ in range(per_round):
                    if rng.random() < dup_share:
                        batch.append(_record(pool, rng.randrange(count), "bench"))  # already stored: a sighting
                    else:
                        batch.append(_record(pool, next_new, "bench"))
                        next_new += 1
                target = Target(uris[label])
                target.feed(batch)
                target.close()
                rounds_us[label].append(1e6 * target.wall / target.records)
                rounds_cpu_us[label].append(1e6 * target.cpu / target.records)
                fed[label][0] += target.records
                fed[label][1] += target.duplicates
        result: dict = {"database": "postgresql" if store_uri else "sqlite"}
        for label, count in sizes:
            result[label] = {
                "prefilled": count, "records": fed[label][0], "duplicates": fed[label][1],
                "us_per_record": _median(rounds_us[label]), "cpu_us_per_record": _median(rounds_cpu_us[label]),
                "rounds_us": rounds_us[label], "file_mb": stores.size_mb(label),
                "prefill_s": prefill_s[label],
            }
    finally:
        stores.cleanup()
    result["ratio"] = result["large"]["us_per_record"] / result["small"]["us_per_record"]
    result["cpu_ratio"] = result["large"]["cpu_us_per_record"] / result["small"]["cpu_us_per_record"]
    return result


def main(argv: list[str] | None = None) -> int:
    """`python -m benchmarks.storegrowth [--growth-store-uri postgresql://…]`: the store growth alone."""
    import tempfile

    parser = argparse.ArgumentParser(prog="python -m benchmarks.storegrowth", description=main.__doc__)
    parser.add_argument("--growth-store-uri", help="PostgreSQL server to measure on (default: SQLite files)")
    parser.add_argument("--prefill", type=int, default=100_000, help="records in the large store")
    parser.add_argument("--small", type=int, default=1000, help="records in the small store")
    parser.add_argument("--records", type=int, default=3000, help="records fed to each store over all rounds")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="rc-growth-") as workdir:
        result = measure(workdir, args.prefill, make_pool(None), small=args.small, records=args.records,
                         store_uri=args.growth_store_uri)
    print(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
