"""Across portals: all five into one store, the Traditional/Simplified twin,
fixtures that agree with themselves, spiders that are configuration."""

from __future__ import annotations

import json
import subprocess
import sys

import opencc

from .crawling import FIXTURES, ROOT, load_expected, rows, run_crawl, sites_with_fixtures

SEED_SITES = ["chenzhou", "hulan", "pulandian", "qingshan", "tangyuan"]


def test_every_seed_portal_has_fixtures_and_a_spider():
    assert set(SEED_SITES) <= set(sites_with_fixtures())
    listed = subprocess.run([sys.executable, "-m", "scrapy", "list"], cwd=ROOT, capture_output=True, text=True)
    assert set(SEED_SITES) <= set(listed.stdout.split())


def test_all_five_into_one_store(tmp_path):
    store = tmp_path / "all.sqlite3"
    total_records = total_not = total_sightings = 0
    for site in SEED_SITES:
        run = run_crawl(tmp_path, site, store=store, tag=site)
        assert run.returncode == 0, run.log[-2000:]
        _, crawl = load_expected(site)
        assert run.stats.get("records/stored", 0) == crawl["records"], site
        total_records += crawl["records"]
        total_not += crawl["not_report"]
        total_sightings += crawl["sightings"]
    reports = rows(store, "reports")
    assert len(reports) == total_records
    assert len(rows(store, "sightings")) == total_sightings
    assert sum(1 for p in rows(store, "pages") if p["outcome"] == "not_report") <= total_not
    by_site = {}
    for r in reports:
        by_site.setdefault(r["site"], set()).add((r["region"], r["region_code"]))
    assert by_site == {
        "hulan": {("哈尔滨市呼兰区", "230111")},
        "pulandian": {("大连市普兰店区", "210214")},
        "chenzhou": {("郴州市", "431000")},
        "tangyuan": {("佳木斯市汤原县", "230828")},
        "qingshan": {("包头市青山区", "150204")},
    }


def test_simplified_twin_is_a_sighting_of_the_traditional_record(tmp_path):
    _, crawl = load_expected("pulandian")
    twin = crawl["twin"]
    store = tmp_path / "store.sqlite3"
    first = run_crawl(tmp_path, "pulandian", store=store, tag="crawl")
    assert first.returncode == 0
    before = rows(store, "reports")
    again = run_crawl(tmp_path, "pulandian", "-a", f"report_url={twin['url']}", store=store, tag="twin")
    assert again.returncode == 0, again.log[-2000:]
    assert again.stats.get("records/stored", 0) == 0
    assert again.stats.get("records/duplicate") == 1
    assert rows(store, "reports") == before
    sightings = rows(store, "sightings")
    assert len(sightings) == crawl["sightings"] + 1
    seed = json.loads((FIXTURES / "pulandian" / "expected" / twin["same_as"]).read_text(encoding="utf-8"))
    twin_sighting = [s for s in sightings if s["url"] == twin["url"]]
    assert len(twin_sighting) == 1
    record = [r for r in before if r["url"] == seed["url"]][0]
    assert twin_sighting[0]["content_hash"] == record["content_hash"]
    assert record["original_script"] == "hant"
    twin_page = [p for p in rows(store, "pages") if p["url"] == twin["url"]]
    assert [p["outcome"] for p in twin_page] == ["duplicate"]


def test_fixture_texts_agree_with_expected_records():
    """Each expected body_text is its page's .txt (Simplified for Traditional pages)."""
    t2s = opencc.OpenCC("t2s")
    for site in sites_with_fixtures():
        expected, _ = load_expected(site)
        manifest = json.loads((FIXTURES / site / "manifest.json").read_text(encoding="utf-8"))
        files = {e["url"]: e["file"] for e in manifest["entries"]}
        for name, record in expected.items():
            page = FIXTURES / site / files[record["url"]]
            text = page.with_suffix(".txt").read_text(encoding="utf-8").strip("\n")
            want = t2s.convert(text) if record["original_script"] == "hant" else text
            assert record["body_text"] == want, f"{site}/{name}"
            for alternate in record.get("url_alternates", []):
                assert alternate in files, f"{site}/{name}: {alternate} not in manifest"


def test_site_spiders_are_configuration():
    for path in (ROOT / "spiders").glob("*.py"):
        if path.name == "__init__.py":
            continue
        lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        assert len(lines) < 50, f"{path.name} has {len(lines)} lines"
        assert "def " not in path.read_text(encoding="utf-8"), f"{path.name} defines code; it should configure"
