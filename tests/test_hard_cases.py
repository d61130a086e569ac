"""The seed pages' hard cases, one test each, through `reportcrawler parse`
(the spiders' own code path; test_replay_crawls checks parse == crawl)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from .crawling import FIXTURES, ROOT


def parse_fixture(site: str, page: str) -> dict:
    manifest = json.loads((FIXTURES / site / "manifest.json").read_text(encoding="utf-8"))
    [entry] = [e for e in manifest["entries"] if e.get("file") == f"pages/{page}"]
    cmd = [sys.executable, "-m", "reportcrawler.cli", "parse", str(FIXTURES / site / entry["file"]),
           "--url", entry["url"], "--site", site, "--compact"]
    if entry.get("headers", {}).get("Content-Type"):
        cmd += ["--content-type", entry["headers"]["Content-Type"]]
    out = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


@pytest.fixture(scope="module")
def pulandian():
    return parse_fixture("pulandian", "report_2017.html")


def test_pulandian_traditional_page_gives_a_simplified_record(pulandian):
    assert pulandian["original_script"] == "hant"
    assert pulandian["title"] == "大连市普兰店区2017年度政府信息公开工作报告"
    assert "政府信息公开" in pulandian["body_text"] and "資訊" not in pulandian["body_text"]
    assert "報告" not in pulandian["body_text"] and "區" not in pulandian["body_text"]


def test_pulandian_spam_footer_and_counters_are_not_body(pulandian):
    body = pulandian["body_text"]
    for junk in ("qomog", "<menu", "menu id", "交换夫妇", "责编", "責編", "位访问者", "主办", "承办", "ICP",
                 "网站标识码", "公安备案", "站点地图"):
        assert junk not in body, junk
    assert "5?15" in body  # a character lost on the real page stays lost
    assert body.splitlines()[-2:] == ["大连市普兰店区政务公开领导小组办公室", "2018年3月15日"]


def test_pulandian_page_date_not_signature_and_retired_region_code(pulandian):
    assert pulandian["publish_date"] == "2018-03-16"
    assert pulandian["report_year"] == 2017
    assert pulandian["index_no"] is None and pulandian["source_agency"] is None
    assert pulandian["region_code"] == "210214"  # the page's 网站标识码 2102820001 carries retired 210282
    assert pulandian["region"] == "大连市普兰店区"


def test_pulandian_region_from_the_page_alone():
    """Without the site configuration the retired code on the page still maps forward."""
    manifest = json.loads((FIXTURES / "pulandian" / "manifest.json").read_text(encoding="utf-8"))
    [entry] = [e for e in manifest["entries"] if e.get("file") == "pages/report_2017.html"]
    out = subprocess.run([sys.executable, "-m", "reportcrawler.cli", "parse", str(FIXTURES / "pulandian" / entry["file"]),
                          "--url", entry["url"], "--compact"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    record = json.loads(out.stdout)
    assert (record["region_code"], record["region"]) == ("210214", "大连市普兰店区")


def test_chenzhou_metadata_table_and_lost_characters():
    record = parse_fixture("chenzhou", "report_2015.html")
    assert record["index_no"] == "430S00/2016-89052"
    assert record["publish_date"] == "2016-03-15"
    assert record["report_year"] == 2015
    body = record["body_text"]
    for lost in ("〔201522号", "〔201559号", "〔201593号", "20159月底", "514日", "因公出国()"):
        assert lost in body, lost
    assert "7449805" not in body
    assert not any(line in ("打印", "收藏", "关闭本页") for line in body.splitlines())
    assert body.count("郴州市2015年政府信息公开工作年度报告") <= 1  # the title repeated below is gone
    assert not body.endswith("郴州市2015年政府信息公开工作年度报告")


def test_tangyuan_index_line_shared_with_breadcrumb_and_spaced_source():
    record = parse_fixture("tangyuan", "show_2740.html")
    assert record["index_no"] == "ZWGK/201703262740"
    assert record["source_agency"] == "汤原县政府办公室"
    assert record["publish_date"] == "2017-03-26"
    assert record["report_year"] == 2016
    assert record["title"] == "政务中心2016年政府信息公开年度报告"
    for junk in ("浏览量", "分享到", "当前位置"):
        assert junk not in record["body_text"]
    assert record["body_text"].splitlines()[0] != "0"


def test_qingshan_title_from_head_when_content_has_none():
    record = parse_fixture("qingshan", "t20180320_123456.html")
    assert record["title"] == "包头市青山区2017年政府信息公开工作年度报告"
    assert record["report_year"] == 2017  # although 〔2018〕 comes first and 2016年 later
    assert record["source_agency"] is None  # the contact line in the body is not a source
    assert record["body_text"].startswith("按照《中华人民共和国政府信息公开条例》")  # mid-sentence, as published
    assert (record["region"], record["region_code"]) == ("包头市青山区", "150204")


def test_hulan_empty_source_followed_by_visits_counter():
    record = parse_fixture("hulan", "report2015.html")
    assert record["source_agency"] is None
    assert record["publish_date"] == "2021-01-15"
    assert record["report_year"] == 2015
    body = record["body_text"]
    for junk in ("关联稿件", "扫一扫", "返回顶部", "打印本页", "关闭本页", "访问量", "字号"):
        assert junk not in body, junk
    assert body.startswith("一、概述")
    assert body.endswith("提升网站为政府和群众服务的水平。")
