"""Run real `scrapy crawl` processes against fixtures and read what they left.

The store is read with plain sqlite3 (not through reportcrawler.store) so the
tests check the file itself; `rows(store, "pages")` gives each page its raw
bytes as `body`, joined from the `bodies` table where they are stored once.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"
SKIP_FIELDS = {"fetched_at", "content_hash"}


@dataclass
class CrawlRun:
    returncode: int
    stats: dict
    log: str
    stdout: str
    feed: list[dict]


def store_uri(store: Path | str) -> str:
    """A SQLite file's STORE_URI; a URI string (postgresql://…) as it is."""
    return store if isinstance(store, str) else f"sqlite:///{store}"


def crawl_command(site: str, store: Path | str, stats_file: Path, feed: Path | None, *args: str,
                  replay: bool = True) -> list[str]:
    cmd = [
        sys.executable, "-m", "scrapy", "crawl", site,
        "-s", f"REPLAY={int(replay)}",
        "-s", f"STORE_URI={store_uri(store)}",
        "-s", f"REPORTCRAWLER_STATS_FILE={stats_file}",
        "-s", "LOG_LEVEL=INFO",
    ]
    if feed is not None:
        cmd += ["-O", str(feed)]
    return cmd + list(args)


def _run_env() -> dict:
    env = dict(os.environ)
    env.pop("SCRAPY_SETTINGS_MODULE", None)
    return env


def run_crawl(workdir: Path, site: str, *args: str, store: Path | str | None = None, tag: str = "run",
              timeout: int = 600, replay: bool = True) -> CrawlRun:
    workdir.mkdir(parents=True, exist_ok=True)
    store = store or workdir / "store.sqlite3"
    stats_file = workdir / f"{tag}-stats.json"
    feed = workdir / f"{tag}-feed.jsonl"
    proc = subprocess.run(
        crawl_command(site, store, stats_file, feed, *args, replay=replay), cwd=ROOT, env=_run_env(),
        capture_output=True, text=True, timeout=timeout,
    )
    return _finish(proc.returncode, stats_file, feed, proc.stderr, proc.stdout)


def _finish(returncode: int, stats_file: Path, feed: Path | None, log: str, stdout: str) -> CrawlRun:
    stats = json.loads(stats_file.read_text(encoding="utf-8")) if stats_file.exists() else {}
    items = []
    if feed is not None and feed.exists():
        items = [json.loads(line) for line in feed.read_text(encoding="utf-8").splitlines() if line.strip()]
    return CrawlRun(returncode, stats, log, stdout, items)


def start_crawl(workdir: Path, site: str, *args: str, store: Path | str, tag: str) -> tuple[subprocess.Popen, Path]:
    """A crawl in the background (for interruption tests)."""
    workdir.mkdir(parents=True, exist_ok=True)
    stats_file = workdir / f"{tag}-stats.json"
    log = open(workdir / f"{tag}.log", "w")
    proc = subprocess.Popen(
        crawl_command(site, store, stats_file, None, *args), cwd=ROOT, env=_run_env(),
        stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    return proc, stats_file


def wait_for(predicate, timeout: float = 120, interval: float = 0.1) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return False


def interrupt(proc: subprocess.Popen, sig: int = signal.SIGINT) -> None:
    os.kill(proc.pid, sig)


def rows(store: Path, table: str) -> list[dict]:
    if not store.exists():
        return []
    conn = sqlite3.connect(f"file:{store}?mode=ro", uri=True, timeout=30)
    try:
        conn.row_factory = sqlite3.Row
        if table == "pages":
            query = ("SELECT pages.*, bodies.body FROM pages LEFT JOIN bodies ON bodies.sha256 = pages.body_sha256 "
                     "ORDER BY pages.id")
        else:
            query = f"SELECT * FROM {table} ORDER BY rowid"
        return [dict(r) for r in conn.execute(query)]
    except sqlite3.OperationalError:
        return []
    finally:
        conn.close()


def report_record(row: dict) -> dict:
    """A `reports` row as a record (JSON columns decoded)."""
    record = dict(row)
    for name in ("attachments", "stats", "stats_warnings", "tables"):
        record[name] = json.loads(record[name]) if record.get(name) else None
    return record


def load_expected(site: str) -> tuple[dict[str, dict], dict]:
    folder = FIXTURES / site / "expected"
    expected = {
        path.stem: json.loads(path.read_text(encoding="utf-8"))
        for path in sorted(folder.glob("*.json")) if path.name != "crawl.json"
    }
    crawl = json.loads((folder / "crawl.json").read_text(encoding="utf-8"))
    return expected, crawl


def urls_of(expected: dict) -> list[str]:
    return [expected["url"], *expected.get("url_alternates", [])]


def match_record(records: list[dict], expected: dict) -> dict | None:
    urls = set(urls_of(expected))
    found = [r for r in records if r["url"] in urls]
    return found[0] if len(found) == 1 else None


def field_differences(record: dict, expected: dict) -> list[str]:
    """Every record field the expected JSON gives, compared; url against its alternates."""
    problems = []
    for name, want in expected.items():
        if name in SKIP_FIELDS or name == "url_alternates":
            continue
        got = record.get(name)
        if name == "url":
            if got not in urls_of(expected):
                problems.append(f"url: {got!r} not in {urls_of(expected)!r}")
        elif got != want:
            problems.append(f"{name}: got {got!r}, expected {want!r}")
    return problems


def sites_with_fixtures() -> list[str]:
    return sorted(p.parent.parent.name for p in FIXTURES.glob("*/expected/crawl.json"))
