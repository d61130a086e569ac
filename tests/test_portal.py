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


def test_many_portals_from_a_start_file(tmp_path):
    anji = FIXTURES / "portals" / "anji"
    wuhou = FIXTURES / "portals" / "wuhou"
    with PortalServer(anji / "site") as a, PortalServer(wuhou / "site") as b:
        start_file = tmp_path / "portals.txt"
        start_file.write_text(f"# two portals\n{a.base}/index.html 330523\n\n{b.base}/index.html 510107\n",
                              encoding="utf-8")
        run = run_crawl(tmp_path, "portal", "-a", f"start_urls_file={start_file}", *LIVE, tag="many", replay=False)
        assert run.returncode == 0
        reports = rows(tmp_path / "store.sqlite3", "reports")
        by_port = {}
        for r in reports:
            by_port.setdefault(urlparse(r["url"]).port, set()).add((r["region_code"], r["region"]))
        assert by_port == {a.server.server_address[1]: {("330523", "湖州市安吉县")},
                           b.server.server_address[1]: {("510107", "成都市武侯区")}}
        counts = {server.base[len("http://"):]: len(json.loads((p / "expected.json").read_text(encoding="utf-8"))
                                                         ["reports"]) for server, p in ((a, anji), (b, wuhou))}
        assert len(reports) == sum(counts.values())
        # Per-portal counts: in the stats and as the summary's table, one row per portal.
        assert {host: c["stored"] for host, c in run.stats["portals"].items()} == counts
        for host, stored in counts.items():
            row = next(line.split() for line in run.stdout.splitlines() if line.split()[:1] == [host])
            assert int(row[2]) == stored and int(row[1]) > stored, row


def test_portal_arguments_are_checked(tmp_path):
    run = run_crawl(tmp_path, "portal", tag="noargs")
    assert run.returncode != 0 and "portal needs -a start_url=URL" in run.log
    assert "Traceback" not in run.log
    bad = tmp_path / "bad.txt"
    bad.write_text("www.example.gov.cn\n", encoding="utf-8")
    run = run_crawl(tmp_path, "portal", "-a", f"start_urls_file={bad}", tag="badfile")
    assert run.returncode != 0 and "not a URL" in run.log and "Traceback" not in run.log
    run = run_crawl(tmp_path, "portal", "-a", f"start_urls_file={tmp_path / 'missing.txt'}", tag="nofile")
    assert run.returncode != 0 and "cannot read start_urls_file" in run.log and "Traceback" not in run.log


def test_allowed_domains_default_and_override():
    from reportcrawler.portal import PortalSpider, registered_domain

    assert registered_domain("http://zwgk2017.dl.gov.cn/x") == "dl.gov.cn"
    assert registered_domain("http://www.hulan.gov.cn/") == "hulan.gov.cn"
    spider = PortalSpider(name="p", start_url="http://www.pld.gov.cn/")
    assert spider.allowed_domains == ["pld.gov.cn"]
    spider = PortalSpider(name="p", start_url="http://www.pld.gov.cn/", allowed_domains="pld.gov.cn,dl.gov.cn")
    assert spider.allowed_domains == ["pld.gov.cn", "dl.gov.cn"]
