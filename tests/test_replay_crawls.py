"""Replay crawls of every portal with fixtures: exactly the expected records,
field for field, and every page accounted for."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from .canonical import expected_hash
from .crawling import (
    FIXTURES,
    ROOT,
    field_differences,
    load_expected,
    match_record,
    report_record,
    rows,
    run_crawl,
    sites_with_fixtures,
    urls_of,
)

SITES = sites_with_fixtures()
_RUNS: dict = {}


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    """site -> (workdir, first run, second run into a copy of the first run's store).

    The first run's store is `store.sqlite3`; the second runs on `again.sqlite3`.
    """

    def get(site: str):
        if site not in _RUNS:
            workdir = tmp_path_factory.mktemp(site)
            first = run_crawl(workdir, site, tag="first")
            shutil.copy(workdir / "store.sqlite3", workdir / "again.sqlite3")
            second = run_crawl(workdir, site, tag="second", store=workdir / "again.sqlite3")
            _RUNS[site] = (workdir, first, second)
        return _RUNS[site]

    return get


@pytest.mark.parametrize("site", SITES)
def test_crawl_finishes_cleanly(site, crawled):
    workdir, first, _ = crawled(site)
    assert first.returncode == 0, first.log[-3000:]
    assert first.stats.get("finish_reason") == "finished"
    assert first.stats.get("replay/missing", 0) == 0, "a request had no fixture"
    assert "Traceback" not in first.log, first.log[-3000:]
    assert "reportcrawler summary" in first.stdout


@pytest.mark.parametrize("site", SITES)
def test_records_match_expected_field_for_field(site, crawled):
    workdir, first, _ = crawled(site)
    records = [report_record(r) for r in rows(workdir / "store.sqlite3", "reports")]
    expected, _ = load_expected(site)
    problems = {}
    for name, want in expected.items():
        record = match_record(records, want)
        if record is None:
            problems[name] = [f"no single record at {urls_of(want)}"]
            continue
        diff = field_differences(record, want)
        if record["content_hash"] != expected_hash(want["body_text"]):
            diff.append("content_hash differs from the hash of the expected body_text")
        if diff:
            problems[name] = diff
    assert not problems, json.dumps(problems, ensure_ascii=False, indent=1)[:6000]
    assert len(records) == len(expected), [r["url"] for r in records]


@pytest.mark.parametrize("site", SITES)
def test_counts_and_page_outcomes(site, crawled):
    workdir, first, _ = crawled(site)
    expected, crawl = load_expected(site)
    stats = first.stats
    assert stats.get("records/stored", 0) == len(expected) == crawl["records"]
    assert stats.get("records/not_report", 0) == crawl["not_report"]
    errors = {k[len("errors/"):]: v for k, v in stats.items() if k.startswith("errors/")}
    dropped = {k[len("dropped/"):]: v for k, v in stats.items() if k.startswith("dropped/")}
    assert errors == crawl.get("errors", {})
    assert dropped == crawl.get("dropped", {})
    pages = rows(workdir / "store.sqlite3", "pages")
    assert pages and all(p["outcome"] for p in pages), [p["url"] for p in pages if not p["outcome"]]
    assert all(p["site"] == site for p in pages)
    assert all(p["encoding"] for p in pages if p["outcome"] in ("record", "not_report"))
    assert all(p["body"] for p in pages if p["status"] == 200)
    outcomes = [p["outcome"] for p in pages]
    assert outcomes.count("record") == len(expected)
    fetched_not_reports = outcomes.count("not_report")
    assert 1 <= fetched_not_reports <= crawl["not_report"], "a distractor must be ruled out by its page"
    sightings = rows(workdir / "store.sqlite3", "sightings")
    assert len(sightings) == crawl["sightings"]
    sighted_urls = {s["url"] for s in sightings}
    for name, want in expected.items():  # a report at two URLs: one record, a sighting at each
        assert set(urls_of(want)) <= sighted_urls, name
    hashes = {r["content_hash"] for r in rows(workdir / "store.sqlite3", "reports")}
    assert {s["content_hash"] for s in sightings} == hashes


@pytest.mark.parametrize("site", SITES)
def test_feed_carries_the_new_records(site, crawled):
    workdir, first, second = crawled(site)
    expected, _ = load_expected(site)
    assert sorted(i["content_hash"] for i in first.feed) == sorted(
        r["content_hash"] for r in rows(workdir / "store.sqlite3", "reports"))
    assert all(set(i) >= {"url", "title", "body_text", "content_hash", "report_year"} for i in first.feed)
    assert all("page_id" not in i and "raw_text" not in i for i in first.feed)
    assert second.feed == []


@pytest.mark.parametrize("site", SITES)
def test_second_crawl_adds_no_record(site, crawled):
    """An unchanged portal re-crawled (incremental by default): nothing stored, the known
    report pages not fetched again, paging stopped at the first list page, healthy."""
    workdir, first, second = crawled(site)
    assert second.returncode == 0
    assert second.stats.get("records/stored", 0) == 0
    assert second.stats.get("records/duplicate", 0) == 0
    assert second.stats.get("incremental/skipped_known", 0) >= 1
    assert second.stats.get("list/stopped_known") == 1
    assert second.stats.get("downloader/request_count", 0) < first.stats.get("downloader/request_count", 0)
    assert second.stats.get("health/failed") == [] and first.stats.get("health/failed") == []
    expected, crawl = load_expected(site)
    assert len(rows(workdir / "again.sqlite3", "reports")) == len(expected)
    assert len(rows(workdir / "again.sqlite3", "sightings")) == crawl["sightings"]
    assert [c["site"] for c in rows(workdir / "again.sqlite3", "crawls")] == [site, site]


@pytest.mark.parametrize("site", SITES)
def test_parse_command_gives_the_stored_record(site, crawled):
    workdir, first, _ = crawled(site)
    store = workdir / "store.sqlite3"
    manifest = json.loads((FIXTURES / site / "manifest.json").read_text(encoding="utf-8"))
    entries = {e["url"]: e for e in manifest["entries"]}
    problems = []
    for row in rows(store, "reports"):
        entry = entries[row["url"]]
        cmd = [sys.executable, "-m", "reportcrawler.cli", "parse", str(FIXTURES / site / entry["file"]),
               "--url", row["url"], "--site", site, "--compact"]
        content_type = (entry.get("headers") or {}).get("Content-Type")
        if content_type:
            cmd += ["--content-type", content_type]
        out = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=120)
        assert out.returncode == 0, out.stderr
        parsed = json.loads(out.stdout)
        assert parsed["is_report"] is True
        record = report_record(row)
        for name, value in parsed.items():
            if name in ("fetched_at", "is_report", "site", "parser_version"):
                continue
            if record.get(name) != value:
                problems.append(f"{row['url']} {name}: parse {value!r} != crawl {record.get(name)!r}")
    assert not problems, "\n".join(problems)[:4000]


@pytest.mark.parametrize("site", ["hulan", "pulandian"])
def test_worker_processes_store_the_same_records(tmp_path, site, crawled):
    """REPORTCRAWLER_EXTRACT_WORKERS=1 reads pages in another process: same records, same counts."""
    workdir, first, _ = crawled(site)
    run = run_crawl(tmp_path, site, "-s", "REPORTCRAWLER_EXTRACT_WORKERS=1", tag="workers")
    assert run.returncode == 0 and "Traceback" not in run.log
    assert "reading pages in 1 worker process" in run.log
    for stat in ("records/stored", "records/duplicate", "records/not_report"):
        assert run.stats.get(stat, 0) == first.stats.get(stat, 0), stat

    def comparable(store):
        skip = {"id", "page_id", "fetched_at", "url"}
        return sorted(json.dumps({k: v for k, v in r.items() if k not in skip}, sort_keys=True, ensure_ascii=False)
                      for r in rows(store, "reports"))

    assert comparable(tmp_path / "store.sqlite3") == comparable(workdir / "store.sqlite3")
