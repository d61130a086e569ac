"""The generic `portal` spider: from each seed portal's homepage it finds
exactly what the site spider finds, and on two offline portals it has never
seen (served on 127.0.0.1, no robots.txt) it finds every report and nothing else."""

from __future__ import annotations

import json
from urllib.parse import urlparse

import pytest

from .canonical import expected_hash
from .crawling import FIXTURES, load_expected, rows, run_crawl
from .portalserver import PortalServer

SEEDS = ["chenzhou", "hulan", "pulandian", "qingshan", "tangyuan"]
LIVE = ("-s", "AUTOTHROTTLE_ENABLED=0", "-s", "DOWNLOAD_DELAY=0", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=8")


@pytest.mark.parametrize("site", SEEDS)
def test_portal_from_homepage_finds_what_the_site_spider_finds(tmp_path, site):
    expected, crawl = load_expected(site)
    if "homepage" not in crawl:
        pytest.skip(f"{site} fixtures have no homepage yet")
    run = run_crawl(tmp_path, "portal", "-a", f"start_url={crawl['homepage']}",
                    "-s", f"FIXTURES_DIR={FIXTURES / site}", tag="portal")
    assert run.returncode == 0, run.log[-2000:]
    assert run.stats.get("replay/missing", 0) == 0, "the portal spider asked for a page the portal lacks"
    assert not any(k.startswith("errors/") for k in run.stats), {k: v for k, v in run.stats.items() if "/" in k}
    found = {r["content_hash"] for r in rows(tmp_path / "store.sqlite3", "reports")}
    assert found == {expected_hash(e["body_text"]) for e in expected.values()}
    for record in rows(tmp_path / "store.sqlite3", "reports"):
        assert record["site"] == "portal"
        want = [e for e in expected.values() if expected_hash(e["body_text"]) == record["content_hash"]][0]
        for name in ("title", "report_year", "publish_date", "index_no", "source_agency", "region_code"):
            assert record[name] == want[name], (record["url"], name)


@pytest.mark.parametrize("name", ["anji", "wuhou"])
def test_portal_on_unseen_offline_portal(tmp_path, name):
    folder = FIXTURES / "portals" / name
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    with PortalServer(folder / "site") as server:
        run = run_crawl(tmp_path, "portal", "-a", f"start_url={server.base}{expected['homepage']}", *LIVE,
                        tag=name, replay=False)
    assert run.returncode == 0 and "Traceback" not in run.log
    variants = expected.get("query_variants", {})
    reports = rows(tmp_path / "store.sqlite3", "reports")
    found = set()
    for r in reports:
        path = urlparse(r["url"]).path + (f"?{urlparse(r['url']).query}" if urlparse(r["url"]).query else "")
        found.add(variants.get(path, path))
    want = set(expected["reports"])
    recall = len(found & want) / len(want)
    precision = len(found & want) / max(len(found), 1)
    assert (recall, precision) == (1.0, 1.0), (sorted(want - found), sorted(found - want))
    records = dict(expected["records"]) if isinstance(expected["records"], list) else expected["records"]
    problems = []
    for r in reports:
        path = variants.get(urlparse(r["url"]).path, urlparse(r["url"]).path)
        for field, value in records[path].items():
            if r.get(field) != value:
                problems.append(f"{path} {field}: {r.get(field)!r} != {value!r}")
    assert not problems, "\n".join(problems)
