"""RECORD mode writes nothing outside the fixtures directory whatever the URL
or the Content-Type (`../`, encoded dots, absolute paths, odd bytes), and
REPLAY reads nothing outside it whatever the manifest says."""

from __future__ import annotations

import json
import re

import pytest

from reportcrawler.replay import fixture_file, saved_name

from .badserver import BadServer
from .crawling import run_crawl

LIVE = ("-s", "AUTOTHROTTLE_ENABLED=0", "-s", "DOWNLOAD_DELAY=0", "-s", "RETRY_TIMES=0")


@pytest.mark.parametrize("name", ["../x.html", "pages/../../x.html", "/etc/passwd", "pages/a\x00.html", ".", ""])
def test_paths_outside_the_folder_are_refused(tmp_path, name):
    with pytest.raises(ValueError):
        fixture_file(tmp_path / "fx", name)


def test_a_path_inside_is_accepted(tmp_path):
    assert fixture_file(tmp_path / "fx", "pages/0123.html") == (tmp_path / "fx" / "pages" / "0123.html").resolve()


@pytest.mark.parametrize("content_type", ["text/html/../../x", "../../etc/passwd", "text/html; charset=utf-8",
                                          "application/x-\u0000evil", ""])
def test_saved_names_are_digests(content_type):
    name = saved_name("GET", "http://a.gov.cn/../../etc/passwd?x=/../", b"", content_type)
    assert re.fullmatch(r"pages/[0-9a-f]{16}\.[a-z0-9]{1,8}", name), name


def test_record_crawl_writes_only_inside_the_fixtures_dir(tmp_path):
    fixtures = tmp_path / "work" / "fixtures"
    with BadServer() as server:
        for n, path in enumerate(["/any/..%2F..%2F..%2Fescape.html", "/any/%2e%2e/%2e%2e/x.html",
                                  "/any/%00%ff%fe/..;/y.html", "/any//etc/passwd"]):
            run = run_crawl(tmp_path / "work", "hulan", "-a", f"report_url={server.base}{path}", "-s", "RECORD=1",
                            "-s", f"FIXTURES_DIR={fixtures}", *LIVE, tag=f"r{n}", replay=False)
            assert "Traceback" not in run.log, run.log[-2000:]
    outside = [p for p in tmp_path.rglob("*") if p.is_file() and fixtures not in p.parents
               and p.parent != tmp_path / "work"]
    assert outside == []
    files = [p.relative_to(fixtures).as_posix() for p in fixtures.rglob("*") if p.is_file()]
    assert all(f == "manifest.json" or re.fullmatch(r"pages/[0-9a-f]{16}\.[a-z0-9]{1,8}", f) for f in files), files
    entries = json.loads((fixtures / "manifest.json").read_text(encoding="utf-8"))["entries"]
    assert sum("/any/" in e["url"] for e in entries) >= 3


def test_replay_does_not_read_outside_the_fixtures_dir(tmp_path):
    secret = tmp_path / "secret.html"
    secret.write_text("<html><body>secret</body></html>", encoding="utf-8")
    fixtures = tmp_path / "fx"
    fixtures.mkdir()
    url = "http://www.hulan.gov.cn/art/1.html"
    (fixtures / "manifest.json").write_text(json.dumps({"site": "x", "entries": [
        {"method": "GET", "url": url, "status": 200, "headers": {"Content-Type": "text/html"},
         "file": "../secret.html"}]}), encoding="utf-8")
    run = run_crawl(tmp_path / "run", "hulan", "-a", f"report_url={url}", "-s", f"FIXTURES_DIR={fixtures}")
    assert run.stats.get("replay/bad_fixture") == 1
    assert "Traceback" not in run.log
