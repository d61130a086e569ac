"""Hostile bytes: a UTF-8 page with a GBK fragment, NUL bytes in an HTML page,
injected spam, and megabytes of nesting; each gives a record or a one-line
reason, in bounded time, and what was repaired or removed is counted."""

from __future__ import annotations

import json
import subprocess
import sys
import time

import pytest

from reportcrawler.encoding import PageError, decode_page
from reportcrawler.record import read_page

from .badserver import BadServer, report_page
from .crawling import ROOT, run_crawl
from .test_bad_input import LIVE

URL = "http://www.test.gov.cn/art/2018/3/16/art_1_1.html"


def test_gbk_fragment_in_a_utf8_page_is_repaired():
    page = report_page()
    body = page.replace("本年度报告", "\x00", 1).encode("utf-8").replace(b"\x00", "本年度报告".encode("gbk"))
    decoded = decode_page(body, "text/html; charset=utf-8")
    assert (decoded.encoding, decoded.repaired) == ("utf-8", 1)
    assert decoded.text == page
    assert read_page(body, URL, "text/html; charset=utf-8").item["body_text"].startswith("1、本年度报告根据")


def test_a_gbk_page_is_not_taken_for_repaired_utf8():
    decoded = decode_page(report_page().encode("gbk"), "text/html")
    assert (decoded.encoding, decoded.repaired) == ("gb18030", 0)


def test_nul_bytes_in_an_html_page_are_stripped():
    body = report_page().encode("utf-8")
    reading = read_page(body[:200] + b"\x00" + body[200:900] + b"\x00\x00" + body[900:], URL, "text/html")
    assert reading.is_report and reading.item["title"] == "测试区2017年政府信息公开工作年度报告"
    assert "\x00" not in reading.item["body_text"]


@pytest.mark.parametrize("body", [bytes(range(256)) * 64, "<html><body>报告</body></html>".encode("utf-16-le")])
def test_binary_and_bomless_utf16_stay_refused(body):
    with pytest.raises(PageError) as err:
        decode_page(body, "text/html")
    assert err.value.reason == "binary"


@pytest.mark.parametrize("unit", ["<div>", "<table><tr><td>", "<span>", "<ul><li>", "<div>正文", "</div><div>"])
def test_megabytes_of_nesting_read_in_bounded_time(tmp_path, unit):
    page = tmp_path / "nested.html"
    head = "<html><head><title>测试区2017年政府信息公开工作年度报告</title></head><body><div id='zoom'>"
    page.write_bytes((head + unit * (5_000_000 // len(unit.encode())) + "<p>正文。</p></body></html>").encode())
    started = time.monotonic()
    out = subprocess.run([sys.executable, "-m", "reportcrawler.cli", "parse", str(page), "--url", URL],
                         cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert time.monotonic() - started < 30
    assert "Traceback" not in out.stderr
    if out.returncode == 0:
        assert isinstance(json.loads(out.stdout)["is_report"], bool)
    else:
        assert len(out.stderr.strip().splitlines()) == 1


@pytest.fixture(scope="module")
def server():
    with BadServer() as srv:
        yield srv


@pytest.mark.parametrize("path, stat", [("/mixed-encoding", "encoding/repaired"), ("/hacked", "spam/lines_removed"),
                                        ("/nul-bytes", None)])
def test_crawl_counts_repairs_and_spam(tmp_path, server, path, stat):
    run = run_crawl(tmp_path, "hulan", "-a", f"report_url={server.base}{path}", *LIVE, tag="bytes", replay=False)
    assert run.returncode == 0 and "Traceback" not in run.log, run.log[-3000:]
    assert run.stats.get("records/stored") == 1
    if stat:
        assert run.stats.get(stat) == (2 if stat.startswith("spam") else 1)
    [item] = run.feed
    assert "葡京" not in item["body_text"] and "bc365" not in item["body_text"]
    assert item["body_text"].startswith("1、本年度报告根据")
