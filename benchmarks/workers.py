"""`python -m benchmarks --workers N`: the full crawl of the farm by N worker
processes sharing one Redis frontier (REDIS_URL) and one store (PostgreSQL on
127.0.0.1 when reachable, else one SQLite file), extraction worker pools off
(one process per core). Prints pages/s and one machine-readable line:

    BENCH_WORKERS workers=N pages=… wall_s=… pps=… records=… expected=… store=postgresql|sqlite

Wall time: from the first worker's start of crawling to the last one's end,
less REDIS_IDLE_SECONDS (the wait for work that ends a shared crawl).
Redis: $BENCH_REDIS or redis://127.0.0.1:6379/15 (its keys for the run are
named bench-<run id>-<portal> and are cleared when the crawl ends).
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
import tempfile
from contextlib import contextmanager

from . import farm as farm_mod
from .runner import FarmServer, _env, _say, count_records

IDLE_SECONDS = 1.0
PG_ADMIN = os.environ.get("TEST_POSTGRES_ADMIN", "postgresql://postgres@127.0.0.1:5432/test")


@contextmanager
def shared_store(workdir: str):
    """A fresh PostgreSQL database (dropped afterwards) or, without a server, a SQLite file."""
    try:
        import psycopg

        admin = psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=3)
    except Exception as exc:  # noqa: BLE001 - any failure means: no PostgreSQL here
        _say(f"store: SQLite (PostgreSQL unavailable: {str(exc).splitlines()[0] if str(exc) else exc})")
        yield "sqlite", os.path.join(workdir, "workers.sqlite3")
        return
    name = f"rc_bench_{secrets.token_hex(4)}"
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        _say(f"store: PostgreSQL database {name}")
        yield "postgresql", PG_ADMIN.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def count_pg_records(uri: str) -> int:
    import psycopg

    with psycopg.connect(uri) as conn:
        return conn.execute("SELECT count(*) FROM reports").fetchone()[0]


def run_workers(args) -> int:
    workdir = args.workdir or tempfile.mkdtemp(prefix="reportcrawler-bench-workers-")
    os.makedirs(workdir, exist_ok=True)
    farm_dir = args.farm or os.path.join(workdir, "farm")
    if not farm_mod.farm_matches(farm_dir, args.portals, args.pages, args.seed):
        farm_mod.generate(farm_dir, args.portals, args.pages, args.seed)
    info = farm_mod.load_info(farm_dir)
    redis_url = os.environ.get("BENCH_REDIS", "redis://127.0.0.1:6379/15")
    prefix = f"bench-{secrets.token_hex(3)}-"
    _say(f"reportcrawler bench --workers {args.workers}: {args.portals} portals x {args.pages} report pages; "
         f"Redis {redis_url}; work folder {workdir}")
    server = FarmServer(farm_dir, os.path.join(workdir, "server.log"))
    try:
        with shared_store(workdir) as (kind, store):
            procs = []
            for n in range(args.workers):
                out = os.path.join(workdir, f"worker{n}.json")
                cmd = [sys.executable, "-m", "benchmarks.crawl", "--mode", "full", "--farm", farm_dir,
                       "--base-url", server.base_url, "--out", out, "--store", store,
                       "--concurrency", str(args.concurrency), "--log-level", args.log_level,
                       "--log-file", os.path.join(workdir, f"worker{n}.log"), "--extract-workers", "0",
                       "--no-stages", "--redis", redis_url, "--redis-idle", str(IDLE_SECONDS),
                       "--redis-key-prefix", prefix]
                procs.append((subprocess.Popen(cmd, env=_env(), cwd=workdir, stdout=subprocess.DEVNULL,
                                               stderr=subprocess.STDOUT), out))
            results = []
            for proc, out in procs:
                code = proc.wait(timeout=args.timeout)
                with open(out, encoding="utf-8") as fh:
                    results.append(json.load(fh) | {"returncode": code})
            records = count_pg_records(store) if kind == "postgresql" else count_records(store)
    finally:
        server.stop()
    pages = sum(r["pages"] for r in results)
    wall = max(r["ended_at"] for r in results) - min(r["started_at"] for r in results) - IDLE_SECONDS
    pps = pages / wall if wall > 0 else 0.0
    for n, r in enumerate(results):
        _say(f"  worker {n}: {r['pages']} pages, exit {r['returncode']}, cpu {r['cpu_s']:.1f} s")
    _say(f"{args.workers} workers: {pages} pages in {wall:.1f} s = {pps:.1f} pages/s; "
         f"{records} records (farm: {info['expected_records']} distinct reports)")
    _say(f"BENCH_WORKERS workers={args.workers} pages={pages} wall_s={wall:.2f} pps={pps:.2f} records={records} "
         f"expected={info['expected_records']} store={kind}")
    failed = any(r["returncode"] != 0 or r.get("error") for r in results) or records != info["expected_records"]
    return 1 if failed else 0
