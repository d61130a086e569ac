"""RECORD saves live responses in the fixture format; REPLAY then answers the
same crawl from them with the server gone, and misses get 404 + stat."""

from __future__ import annotations

import json

from .badserver import BadServer
from .crawling import rows, run_crawl

LIVE = ("-s", "AUTOTHROTTLE_ENABLED=0", "-s", "DOWNLOAD_DELAY=0")


def test_record_then_replay_without_the_server(tmp_path):
    fixtures = tmp_path / "fixtures"
    with BadServer() as server:
        url = f"{server.base}/gbk-declared-utf8"
        live = run_crawl(tmp_path / "live", "hulan", "-a", f"report_url={url}", "-s", "RECORD=1",
                         "-s", f"FIXTURES_DIR={fixtures}", *LIVE, tag="record", replay=False)
    assert live.returncode == 0 and live.stats.get("records/stored") == 1
    manifest = json.loads((fixtures / "manifest.json").read_text(encoding="utf-8"))
    by_url = {e["url"]: e for e in manifest["entries"]}
    assert set(by_url) == {url, f"{server.base}/robots.txt"}
    entry = by_url[url]
    assert entry["status"] == 200 and entry["method"] == "GET"
    assert entry["headers"]["Content-Type"] == "text/html; charset=utf-8"  # as the server claimed
    assert (fixtures / entry["file"]).read_bytes().decode("gbk").count("年度报告") >= 2  # bytes as served
    # The server is gone: replay must answer everything from the recording.
    replayed = run_crawl(tmp_path / "replay", "hulan", "-a", f"report_url={url}",
                         "-s", f"FIXTURES_DIR={fixtures}", tag="replay")
    assert replayed.returncode == 0
    assert replayed.stats.get("replay/missing", 0) == 0
    live_row = rows(tmp_path / "live" / "store.sqlite3", "reports")[0]
    replay_row = rows(tmp_path / "replay" / "store.sqlite3", "reports")[0]
    for name in ("title", "body_text", "publish_date", "content_hash", "report_year", "source_agency"):
        assert live_row[name] == replay_row[name]


def test_replay_miss_is_a_404_a_warning_and_a_stat(tmp_path):
    fixtures = tmp_path / "empty"
    fixtures.mkdir()
    (fixtures / "manifest.json").write_text('{"site": "x", "entries": []}', encoding="utf-8")
    run = run_crawl(tmp_path, "hulan", "-a", "report_url=http://www.hulan.gov.cn/art/nope.html",
                    "-s", f"FIXTURES_DIR={fixtures}", tag="miss")
    # The crawl's only start URL has no fixture: nothing answered it, so the crawl failed.
    assert run.returncode == 1 and run.stats["verdict/failed"] == "no_start_url_answered"
    assert run.stats["replay/missing"] == 2  # robots.txt and the page
    assert run.stats.get("errors/http_404") == 1
    assert "replay: no fixture for GET http://www.hulan.gov.cn/art/nope.html" in run.log
    # Nothing went to the network: every response was a replay answer.
    assert run.stats.get("downloader/response_count") == 2
    assert "OfflineDownloadHandler" not in run.log
