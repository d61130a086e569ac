"""Lists never silently short: a Hanweb column is paged whichever way its
build carries the dataproxy parameters, and a list that declares more
records than the crawl reached is named in a warning and counted."""

from __future__ import annotations

import sqlite3

import pytest

from .crawling import run_crawl
from .hanwebserver import REPORTS, HanwebServer

LIVE = ("-s", "AUTOTHROTTLE_ENABLED=0", "-s", "DOWNLOAD_DELAY=0", "-s", "RETRY_TIMES=0",
        "-s", "REPORTCRAWLER_EXTRACT_WORKERS=0")


@pytest.fixture(scope="module")
def server():
    with HanwebServer() as srv:
        yield srv


def fetched_reports(workdir, build: str) -> set[str]:
    conn = sqlite3.connect(workdir / "store.sqlite3")
    try:
        return {url for (url,) in conn.execute("SELECT url FROM pages WHERE url LIKE ? AND outcome = 'record'",
                                               (f"%/art/{build}/%",))}
    finally:
        conn.close()


@pytest.mark.parametrize("build", ["ajax", "other", "nextgroup", "none"])
def test_every_record_of_a_hanweb_column_is_reached(tmp_path, server, build):
    run = run_crawl(tmp_path, "portal", "-a", f"start_url={server.base}/{build}/index.html", *LIVE, replay=False)
    assert run.returncode == 0 and "Traceback" not in run.log, run.log[-3000:]
    assert fetched_reports(tmp_path, build) == {f"{server.base}/art/{build}/{n}.html" for n in range(1, REPORTS + 1)}
    assert run.stats.get("records/stored") == REPORTS
    assert run.stats.get("list/incomplete", 0) == 0


def test_a_list_short_of_its_declared_count_is_named_and_counted(tmp_path, server):
    root = f"{server.base}/short/index.html"
    run = run_crawl(tmp_path, "portal", "-a", f"start_url={root}", *LIVE, replay=False)
    assert run.returncode == 0 and "Traceback" not in run.log
    assert run.stats.get("list/incomplete") == 1
    assert run.stats.get("records/stored") == REPORTS
    [line] = [line for line in run.log.splitlines() if "list incomplete" in line]
    assert root in line and "12 records declared, 8 reached" in line
