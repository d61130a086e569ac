"""Tracking parameters (utm_*, from, spm, …) never reach a stored URL: the same
report linked with and without them is fetched once and stored once."""

from __future__ import annotations

import pytest

from reportcrawler.urls import strip_tracking

from .badserver import BadServer
from .crawling import rows, run_crawl
from .test_bad_input import LIVE


@pytest.mark.parametrize("url, clean", [
    ("http://www.a.gov.cn/art/1.html?from=home", "http://www.a.gov.cn/art/1.html"),
    ("http://www.a.gov.cn/x.jsp?id=3&utm_source=wx&UTM_Medium=m&spm=1.2#p2", "http://www.a.gov.cn/x.jsp?id=3#p2"),
    ("http://www.a.gov.cn/x.jsp?id=3&page=2", "http://www.a.gov.cn/x.jsp?id=3&page=2"),
    ("http://www.a.gov.cn/x.jsp?fromdate=2018&isappinstalled=0", "http://www.a.gov.cn/x.jsp?fromdate=2018"),
    ("http://www.a.gov.cn/", "http://www.a.gov.cn/"),
])
def test_strip_tracking(url, clean):
    assert strip_tracking(url) == clean


@pytest.fixture(scope="module")
def server():
    with BadServer() as srv:
        yield srv


def test_one_record_and_one_fetch_per_report_whatever_its_tracking_query(tmp_path, server):
    run = run_crawl(tmp_path, "portal", "-a", f"start_url={server.base}/list-tracking", *LIVE, replay=False)
    assert run.returncode == 0 and "Traceback" not in run.log, run.log[-3000:]
    pages = {p["url"]: p["outcome"] for p in rows(tmp_path / "store.sqlite3", "pages")}
    # /report and /gbk-no-charset carry the same report (UTF-8 and GBK): whichever came first is the record.
    reports = {f"{server.base}/report", f"{server.base}/gbk-no-charset"}
    assert set(pages) == reports | {f"{server.base}/list-tracking"}
    assert pages[f"{server.base}/list-tracking"] == "list"
    assert sorted(pages[url] for url in reports) == ["duplicate", "record"]
    [report] = rows(tmp_path / "store.sqlite3", "reports")
    assert report["url"] in reports and pages[report["url"]] == "record"
    sightings = sorted(s["url"] for s in rows(tmp_path / "store.sqlite3", "sightings"))
    assert sightings == [f"{server.base}/gbk-no-charset", f"{server.base}/report"]


def test_a_report_url_given_with_tracking_is_stored_without(tmp_path, server):
    run = run_crawl(tmp_path, "hulan", "-a", f"report_url={server.base}/report?from=home&utm_campaign=x", *LIVE,
                    replay=False)
    assert run.returncode == 0 and run.stats.get("records/stored") == 1
    assert [p["url"] for p in rows(tmp_path / "store.sqlite3", "pages")] == [f"{server.base}/report"]
    assert run.feed[0]["url"] == f"{server.base}/report"
