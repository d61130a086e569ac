"""A crawl stopped gracefully resumes from its JOBDIR; a crawl killed with
SIGKILL leaves a consistent store, its JOBDIR is set aside, and the re-run
ends with the same reports as an uninterrupted crawl."""

from __future__ import annotations

import signal

import pytest

from .crawling import load_expected, rows, run_crawl, start_crawl, urls_of, wait_for

SITE = "hulan"
# Slow the replay down (one request at a time, 0.5 s each) so there is a "mid-way".
SLOW = ("-s", "CONCURRENT_REQUESTS=1", "-s", "REPLAY_DELAY=0.5")
COMPARED = ("url", "site", "region", "region_code", "title", "report_year", "publish_date", "index_no",
            "doc_no", "source_agency", "body_text", "original_script", "content_hash", "attachments", "stats")


def comparable(store):
    return sorted(tuple(r[c] for c in COMPARED if c != "url") for r in rows(store, "reports"))


@pytest.fixture(scope="module")
def uninterrupted(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("uninterrupted")
    run = run_crawl(workdir, SITE)
    assert run.returncode == 0
    return workdir / "store.sqlite3", run


def test_graceful_stop_resumes_from_jobdir(tmp_path, uninterrupted):
    store = tmp_path / "store.sqlite3"
    jobdir = tmp_path / "job"
    proc, stats_file = start_crawl(tmp_path, SITE, *SLOW, "-s", f"JOBDIR={jobdir}", store=store, tag="part1")
    try:
        assert wait_for(lambda: len(rows(store, "reports")) >= 1), "no report stored in time"
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=120) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
    import json

    first = json.loads(stats_file.read_text())
    assert first["finish_reason"] == "shutdown"
    stored_before = len(rows(store, "reports"))
    expected, _ = load_expected(SITE)
    assert stored_before < len(expected), "the crawl finished before it was interrupted"
    assert not (jobdir / "reportcrawler.running").exists()

    resumed = run_crawl(tmp_path, SITE, "-s", f"JOBDIR={jobdir}", store=store, tag="part2")
    assert resumed.returncode == 0
    assert resumed.stats["finish_reason"] == "finished"
    assert "jobdir/set_aside" not in resumed.stats
    # Resumed, not restarted: the second part fetched only what the first left.
    full_pages = uninterrupted[1].stats["pages/archived"]
    assert resumed.stats["pages/archived"] < full_pages
    assert first["pages/archived"] + resumed.stats["pages/archived"] >= full_pages
    assert comparable(store) == comparable(uninterrupted[0])


def test_killed_crawl_leaves_consistent_store_and_reruns_to_the_same_reports(tmp_path, uninterrupted):
    store = tmp_path / "store.sqlite3"
    jobdir = tmp_path / "job"
    proc, _ = start_crawl(tmp_path, SITE, *SLOW, "-s", f"JOBDIR={jobdir}", store=store, tag="killed")
    try:
        assert wait_for(lambda: len(rows(store, "reports")) >= 2), "no reports stored in time"
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    # Consistent right after the kill: every report has its first sighting and its page.
    reports = rows(store, "reports")
    sighted = {s["content_hash"] for s in rows(store, "sightings")}
    assert all(r["content_hash"] in sighted for r in reports)
    pages = {p["id"]: p for p in rows(store, "pages")}
    assert all(pages[r["page_id"]]["outcome"] == "record" for r in reports)
    assert (jobdir / "reportcrawler.running").exists()

    rerun = run_crawl(tmp_path, SITE, "-s", f"JOBDIR={jobdir}", store=store, tag="rerun")
    assert rerun.returncode == 0, rerun.log[-2000:]
    assert rerun.stats.get("jobdir/set_aside"), "the damaged JOBDIR was not set aside"
    assert "was not closed cleanly" in rerun.log
    assert list(tmp_path.glob("job.damaged-*"))
    assert comparable(store) == comparable(uninterrupted[0])
    expected, _ = load_expected(SITE)
    sighting_urls = {s["url"] for s in rows(store, "sightings")}
    for name, want in expected.items():
        assert sighting_urls & set(urls_of(want)), f"{name} has no sighting"
