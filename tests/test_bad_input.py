"""Bad input gets a one-line reason and a stat, never a traceback: real crawls
against a local server that misbehaves (wrong or missing charsets, GBK,
truncated HTML, empty pages, soft 404s, timeouts, off-site redirects, huge
responses, HTTP errors), and `reportcrawler parse` on bad files."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys

import pytest

from .badserver import BadServer
from .crawling import ROOT, rows, run_crawl

LIVE = ("-s", "AUTOTHROTTLE_ENABLED=0", "-s", "DOWNLOAD_DELAY=0", "-s", "DOWNLOAD_TIMEOUT=1",
        "-s", "DOWNLOAD_MAXSIZE=1000000", "-s", "RETRY_TIMES=0")


@pytest.fixture(scope="module")
def server():
    with BadServer() as srv:
        yield srv


@pytest.mark.parametrize(
    "path, stat, outcome",
    [
        ("/missing", "errors/http_404", "error:http_404"),
        ("/server-error", "errors/http_500", "error:http_500"),
        ("/empty", "errors/empty", "error:empty"),
        ("/binary", "errors/binary", "error:binary"),
        ("/soft-404", "errors/soft_404", "error:soft_404"),
        ("/huge", "errors/too_large", None),
        ("/slow", "errors/timeout", None),
        ("/offsite-redirect", "errors/offsite_redirect", None),
    ],
)
def test_bad_page_is_counted_with_a_one_line_reason(tmp_path, server, path, stat, outcome):
    run = run_crawl(tmp_path, "hulan", "-a", f"report_url={server.base}{path}", *LIVE, tag="bad", replay=False)
    # An error page is an answer (exit 0, counted); no answer at all to the
    # crawl's only start request means the crawl could not do its job (exit 1).
    assert run.returncode == (0 if outcome else 1)
    if not outcome:
        assert run.log.splitlines()[-1] == f"scrapy crawl hulan: error: no start URL answered (errors: {stat[7:]} 1)"
    assert "Traceback" not in run.log, run.log[-3000:]
    assert run.stats.get(stat) == 1, {k: v for k, v in run.stats.items() if "/" in k}
    assert run.stats.get("records/stored", 0) == 0
    reason = stat.split("/", 1)[1]
    lines = [line for line in run.log.splitlines() if f"error {reason}: {server.base}{path}" in line]
    assert len(lines) == 1, run.log[-2000:]
    assert "errors" in run.stdout and reason in run.stdout  # in the printed summary
    pages = rows(tmp_path / "store.sqlite3", "pages")
    if outcome:
        assert [p["outcome"] for p in pages] == [outcome]
        assert all(p["site"] == "hulan" for p in pages)
    else:  # nothing was received: the URL's fate is a row with no status, headers or bytes
        assert [(p["url"], p["outcome"], p["status"], p["headers"], p["body"]) for p in pages] == [
            (f"{server.base}{path}", outcome_of(tmp_path, f"{server.base}{path}"), None, None, None)]
        assert outcome_of(tmp_path, f"{server.base}{path}") == f"error:{reason}"
        assert pages[0]["site"] == "hulan" and pages[0]["fetched_at"].startswith("20")


def outcome_of(workdir, url: str) -> str | None:
    """The one query a user asks: what happened to this URL?"""
    conn = sqlite3.connect(workdir / "store.sqlite3")
    try:
        found = conn.execute("SELECT outcome FROM pages WHERE url = ?", (url,)).fetchall()
    finally:
        conn.close()
    assert len(found) <= 1, found
    return found[0][0] if found else None


@pytest.mark.parametrize(
    "path, reason",
    [
        ("/redirect-loop", "redirect_loop"),
        ("/private/report", "robots_disallowed"),
        ("/reset", "connection_reset"),
        ("/data-loss", "data_loss"),
    ],
)
def test_request_without_response_has_a_page_row(tmp_path, server, path, reason):
    run = run_crawl(tmp_path, "hulan", "-a", f"report_url={server.base}{path}", *LIVE, tag="fate", replay=False)
    assert run.returncode == 1  # the only start URL did not answer (commands/crawl.py)
    assert "Traceback" not in run.log, run.log[-3000:]
    assert "Dumping Scrapy stats" in run.log
    assert run.stats.get(f"errors/{reason}") == 1, {k: v for k, v in run.stats.items() if "/" in k}
    assert outcome_of(tmp_path, f"{server.base}{path}") == f"error:{reason}"
    [page] = rows(tmp_path / "store.sqlite3", "pages")
    assert (page["status"], page["headers"], page["body"], page["site"]) == (None, None, None, "hulan")


def test_dns_failure_has_a_page_row(tmp_path):
    url = "http://no-such-host.invalid/report.html"
    run = run_crawl(tmp_path, "hulan", "-a", f"report_url={url}", *LIVE, tag="dns", replay=False)
    assert run.returncode == 1 and "Traceback" not in run.log
    assert run.stats.get("errors/dns") == 1, {k: v for k, v in run.stats.items() if "/" in k}
    assert outcome_of(tmp_path, url) == "error:dns"


def test_offsite_link_filtered_by_scrapy_has_a_page_row(tmp_path, server):
    run = run_crawl(tmp_path, "portal", "-a", f"start_url={server.base}/list-offsite", *LIVE, tag="off",
                    replay=False)
    assert run.returncode == 0 and "Traceback" not in run.log, run.log[-3000:]
    assert run.stats.get("errors/offsite") == 1, {k: v for k, v in run.stats.items() if "/" in k}
    assert outcome_of(tmp_path, "http://elsewhere.example.invalid/r.html") == "error:offsite"
    assert outcome_of(tmp_path, f"{server.base}/list-offsite") == "list"
    assert "Dumping Scrapy stats" in run.log


@pytest.mark.parametrize("path", ["/report", "/gbk-declared-utf8", "/gbk-no-charset", "/truncated"])
def test_readable_pages_become_records(tmp_path, server, path):
    run = run_crawl(tmp_path, "hulan", "-a", f"report_url={server.base}{path}", *LIVE, tag="good", replay=False)
    assert run.returncode == 0 and "Traceback" not in run.log
    assert run.stats.get("records/stored") == 1, run.log[-2000:]
    [report] = rows(tmp_path / "store.sqlite3", "reports")
    assert report["title"] == "测试区2017年政府信息公开工作年度报告"
    assert report["publish_date"] == "2018-03-16"
    assert report["source_agency"] == "测试区政府办公室"
    assert report["report_year"] == 2017
    assert report["body_text"].startswith("1、本年度报告根据《中华人民共和国政府信息公开条例》编制")
    assert "主办" not in report["body_text"] and "政务公开" not in report["body_text"].splitlines()[0][:4]
    if path == "/truncated":  # the text up to the cut, as received
        assert 5 < len(report["body_text"].splitlines()) < 29
    else:
        assert len(report["body_text"].splitlines()) == 29
    [page] = rows(tmp_path / "store.sqlite3", "pages")
    assert page["outcome"] == "record"
    assert page["encoding"] == ("gb18030" if "gbk" in path else "utf-8")


def test_connection_refused_is_counted(tmp_path):
    import socket

    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    run = run_crawl(tmp_path, "hulan", "-a", f"report_url=http://127.0.0.1:{port}/x", *LIVE, tag="refused", replay=False)
    assert run.returncode == 1 and "Traceback" not in run.log  # the only start URL did not answer
    assert run.stats.get("verdict/failed") == "no_start_url_answered"
    assert run.stats.get("errors/connection_refused") == 1, {k: v for k, v in run.stats.items() if "/" in k}


def parse(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "reportcrawler.cli", "parse", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)


def test_parse_rejects_binary_and_unreadable_files_in_one_line(tmp_path):
    binary = tmp_path / "x.pdf"
    binary.write_bytes(b"%PDF-1.4\x00\x01\x02" * 100)
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"")
    for path in (binary, empty, tmp_path / "does-not-exist.html", tmp_path):
        out = parse(str(path), "--url", "http://example.gov.cn/a.html")
        assert out.returncode != 0
        assert out.stdout == ""
        assert len(out.stderr.strip().splitlines()) == 1 and "Traceback" not in out.stderr
        assert out.stderr.startswith("reportcrawler: error:")


def test_parse_non_report_prints_is_report_false(tmp_path):
    page = tmp_path / "notice.html"
    page.write_text("<html><head><title>关于做好2017年度政府信息公开工作年度报告编制发布工作的通知_测试区</title></head>"
                    "<body><h1>关于做好2017年度政府信息公开工作年度报告编制发布工作的通知</h1><div id='zoom'>"
                    + "<p>各乡镇人民政府，区政府各部门：请于2018年1月31日前报送本单位年度报告。</p>" * 5
                    + "</div></body></html>", encoding="utf-8")
    out = parse(str(page), "--url", "http://example.gov.cn/n.html", "--content-type", "text/html; charset=utf-8")
    assert out.returncode == 0, out.stderr
    record = json.loads(out.stdout)
    assert record["is_report"] is False
    assert record["title"] == "关于做好2017年度政府信息公开工作年度报告编制发布工作的通知"
    assert record["site"] is None and record["fetched_at"] is None


def test_parse_with_wrong_content_type_and_forced_encoding(tmp_path):
    from .badserver import report_page

    page = tmp_path / "r.html"
    page.write_bytes(report_page().encode("gbk"))
    out = parse(str(page), "--url", "http://example.gov.cn/r.html", "--content-type", "text/html; charset=utf-8")
    assert out.returncode == 0 and json.loads(out.stdout)["title"] == "测试区2017年政府信息公开工作年度报告"
    out = parse(str(page), "--url", "http://example.gov.cn/r.html", "--encoding", "gbk")
    assert out.returncode == 0 and json.loads(out.stdout)["report_year"] == 2017
    out = parse(str(page), "--url", "http://example.gov.cn/r.html", "--encoding", "no-such-codec")
    assert out.returncode != 0 and len(out.stderr.strip().splitlines()) == 1
    out = parse(str(page), "--url", "http://example.gov.cn/r.html", "--site", "no_such_site")
    assert out.returncode != 0 and "unknown site" in out.stderr
