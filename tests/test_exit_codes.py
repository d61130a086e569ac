"""`scrapy crawl` exit status, as cron and scrapyd see it: 0 the crawl ran
(page-level errors counted), 1 it ran but could not do its job, 2 it could
not start. A crawl that fails says so in one stderr line, no traceback."""

from __future__ import annotations

import subprocess
import sys

import pytest

from .crawling import ROOT, _run_env
from .scrapydserver import free_port

QUICK = ("-s", "RETRY_TIMES=0", "-s", "ROBOTSTXT_OBEY=0", "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "DOWNLOAD_DELAY=0")


def crawl(tmp_path, *args: str) -> subprocess.CompletedProcess:
    # A store in tmp_path unless the test gives its own (the last -s wins).
    cmd = [sys.executable, "-m", "scrapy", "crawl", "-s", f"STORE_URI=sqlite:///{tmp_path}/store.sqlite3", *args]
    return subprocess.run(cmd, cwd=ROOT, env=_run_env(), capture_output=True, text=True, timeout=300)


def stderr_lines(out: subprocess.CompletedProcess) -> list[str]:
    return [line for line in out.stderr.splitlines() if line.strip()]


@pytest.mark.parametrize("args, code, message", [
    (["portal"], 2, "scrapy crawl portal: error: portal needs -a start_url=URL or -a start_urls_file=FILE"),
    (["portal", "-a", "start_url=ftp://x"], 2, "scrapy crawl portal: error: start_url is not an http(s) URL: 'ftp://x'"),
    (["portal", "-a", "start_url=http://www.example.gov.cn/", "-a", "region_code=999999"], 2,
     "scrapy crawl portal: error: unknown region code '999999' (GB/T 2260, 6 digits)"),
    (["hulan", "-s", "REPLAY=1", "-s", "STORE_URI=foo://x"], 2,
     "scrapy crawl hulan: error: STORE_URI 'foo://x': unsupported scheme 'foo' (use sqlite:/// or postgresql://)"),
    (["hulan", "-s", "REPLAY=1", "-s", "REPORTCRAWLER_MAX_LIST_PAGES=many"], 2,
     "scrapy crawl hulan: error: -s REPORTCRAWLER_MAX_LIST_PAGES='many': expected an integer"),
    (["hulan", "-s", "REPLAY=perhaps"], 2,
     "scrapy crawl hulan: error: -s REPLAY='perhaps': expected a boolean (1/0, true/false)"),
    (["nosuch"], 2, "scrapy crawl nosuch: error: Spider not found: nosuch"),
])
def test_a_crawl_that_cannot_start_exits_2_in_one_line(tmp_path, args, code, message):
    out = crawl(tmp_path, *args)
    assert out.returncode == code
    assert stderr_lines(out) == [message]
    assert "Traceback" not in out.stderr and "Task exception" not in out.stderr
    assert not (tmp_path / "store.sqlite3").exists() or "STORE_URI" in message


def test_replay_without_fixtures_exits_1_in_one_line(tmp_path):
    empty = tmp_path / "no-fixtures"
    empty.mkdir()
    out = crawl(tmp_path, "hulan", "-s", "REPLAY=1", "-s", f"FIXTURES_DIR={empty}",
                "-s", f"REPORTCRAWLER_STATS_FILE={tmp_path}/stats.json")
    assert out.returncode == 1
    assert stderr_lines(out) == [f"scrapy crawl hulan: error: replay without fixtures: no manifest at {empty}/manifest.json"]
    stats = (tmp_path / "stats.json").read_text(encoding="utf-8")
    assert '"verdict/failed": "replay_without_fixtures"' in stats and '"finish_reason": "replay_without_fixtures"' in stats


def test_unreachable_start_url_exits_1(tmp_path):
    url = f"http://127.0.0.1:{free_port()}/"
    out = crawl(tmp_path, "portal", "-a", f"start_url={url}", *QUICK)
    assert out.returncode == 1
    assert stderr_lines(out)[-1] == "scrapy crawl portal: error: no start URL answered (errors: connection_refused 1)"
    assert "Traceback" not in out.stderr
    assert "Dumping Scrapy stats" in out.stderr  # the crawl ran: its log is all there
    assert f"error connection_refused: {url}" in out.stderr


def test_a_crawl_that_ran_exits_0_and_keeps_its_log(tmp_path):
    out = crawl(tmp_path, "hulan", "-s", "REPLAY=1")
    assert out.returncode == 0, out.stderr[-2000:]
    log = out.stderr.splitlines()
    dump = [i for i, line in enumerate(log) if "[scrapy.statscollectors] INFO: Dumping Scrapy stats:" in line]
    assert len(dump) == 1
    # the banner written while the crawl started was held back, then written out, in order
    assert "Scrapy" in log[0] and "started (bot: reportcrawler)" in log[0]
    # the dump is the last block: only Scrapy's "Spider closed" line follows it
    after = [line for line in log[dump[0] + 1:] if not line.startswith((" ", "{", "'"))]
    assert len(after) == 1 and "Spider closed (finished)" in after[0], after
    assert "reportcrawler summary: hulan (finished)" in out.stdout and "FAILED" not in out.stdout
    assert "reportcrawler summary" not in out.stderr, "the summary is printed once (stdout)"
    assert "error:" not in out.stderr.split("Dumping Scrapy stats")[1]


def test_with_a_log_file_the_summary_goes_to_the_log_once(tmp_path):
    out = crawl(tmp_path, "hulan", "-s", "REPLAY=1", "-s", f"LOG_FILE={tmp_path / 'crawl.log'}")
    assert out.returncode == 0, out.stderr[-2000:]
    log = (tmp_path / "crawl.log").read_text(encoding="utf-8").splitlines()
    summary_at = [i for i, line in enumerate(log) if "reportcrawler summary: hulan" in line]
    dump = [i for i, line in enumerate(log) if "Dumping Scrapy stats" in line]
    assert len(summary_at) == 1 and len(dump) == 1 and summary_at[0] < dump[0]
    assert "reportcrawler summary" not in out.stdout
