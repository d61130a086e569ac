"""Kill anywhere: a replay crawl SIGKILLed at 20 random moments (during start-up,
fetches, store writes), re-run with the same JOBDIR each time, ends with the
store an uninterrupted crawl leaves: the same records (every field but
fetched_at), the same reports sighted at the same URLs, the same raw bytes per URL."""

from __future__ import annotations

import random
import signal
import sqlite3
import time

from .crawling import rows, run_crawl, start_crawl, wait_for

SITE = "hulan"
KILLS = 20
# A small site, slowed down so that a kill lands mid-crawl, not after it.
SLOW = ("-s", "CONCURRENT_REQUESTS=2", "-s", "REPLAY_DELAY=0.3", "-s", "REPORTCRAWLER_EXTRACT_WORKERS=0")


def log_text(path) -> str:
    return path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""


def records(store) -> list[tuple]:
    return sorted(tuple(sorted((k, v) for k, v in r.items() if k not in ("id", "fetched_at", "page_id")))
                  for r in rows(store, "reports"))


def sighted(store) -> set[tuple[str, str]]:
    return {(s["url"], s["content_hash"]) for s in rows(store, "sightings")}


def bytes_per_url(store) -> set[tuple[str, str]]:
    conn = sqlite3.connect(store)
    try:
        return set(conn.execute("SELECT url, body_sha256 FROM pages WHERE body_sha256 IS NOT NULL"))
    finally:
        conn.close()


def test_killed_twenty_times_ends_as_an_uninterrupted_crawl(tmp_path):
    clean = run_crawl(tmp_path / "clean", SITE, tag="clean")
    assert clean.returncode == 0
    clean_store = tmp_path / "clean" / "store.sqlite3"

    store, jobdir = tmp_path / "store.sqlite3", tmp_path / "job"
    moments = random.Random(13)
    for n in range(KILLS):
        proc, _ = start_crawl(tmp_path, SITE, *SLOW, "-s", f"JOBDIR={jobdir}", store=store, tag=f"k{n}")
        # Most kills once the spider runs (a busy machine starts Python slowly), a few during start-up.
        if n % 5:
            log = tmp_path / f"k{n}.log"
            wait_for(lambda log=log: "Spider opened" in log_text(log), timeout=60)
        time.sleep(moments.uniform(0.0, 3.0))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
    final = run_crawl(tmp_path, SITE, "-s", f"JOBDIR={jobdir}", store=store, tag="final")
    assert final.returncode == 0 and "Traceback" not in final.log, final.log[-2000:]

    assert records(store) == records(clean_store)
    assert sighted(store) == sighted(clean_store)
    assert bytes_per_url(store) == bytes_per_url(clean_store)
    # Every page row a kill left behind has its fate or is the one in flight at that kill.
    assert sum(p["outcome"] is None for p in rows(store, "pages")) <= KILLS
