"""A replay crawl never touches the network: not even for the public-suffix
list, which tldextract would download on a new machine (Scrapy's cookies
middleware uses it)."""

from __future__ import annotations

import os
import subprocess
import sys

from .crawling import ROOT, crawl_command


def test_replay_crawl_downloads_no_public_suffix_list(tmp_path):
    home = tmp_path / "home"  # a new machine: no tldextract cache anywhere
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("SCRAPY_SETTINGS_MODULE", "TLDEXTRACT_CACHE")}
    env.update(HOME=str(home), XDG_CACHE_HOME=str(home / ".cache"))
    cmd = crawl_command("hulan", tmp_path / "store.sqlite3", tmp_path / "stats.json", None)
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "tldextract" not in proc.stderr and "Traceback" not in proc.stderr
    cached = [p for p in home.rglob("*") if p.is_file()]
    assert cached == [], cached  # nothing fetched, nothing cached


def test_scrapy_cookie_domains_use_the_bundled_snapshot():
    from scrapy.downloadermiddlewares import cookies

    import reportcrawler.settings  # noqa: F401  (installs the extractor)
    from reportcrawler.suffixes import bundled_extract

    assert cookies._split_domain is bundled_extract(private_domains=True)
    assert cookies._split_domain("www.hulan.gov.cn").top_domain_under_public_suffix == "hulan.gov.cn"
    assert sys.modules["reportcrawler.suffixes"].registered_domain("http://zwgk.dl.gov.cn/x") == "dl.gov.cn"
