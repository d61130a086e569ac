"""The layout promises of the code itself: one decode per page, small
modules, adapters independent of the extractor, the script data file in
step with opencc."""

from __future__ import annotations

import ast

import opencc
from scrapy.http import HtmlResponse, Request

import reportcrawler.encoding as encoding
from reportcrawler.adapters import get_adapter
from reportcrawler.normalize.script import traditional_only_chars

from .crawling import FIXTURES, ROOT

PACKAGE = ROOT / "reportcrawler"


def _list_response(site: str, page: str, url: str) -> HtmlResponse:
    body = (FIXTURES / site / "pages" / page).read_bytes()
    return HtmlResponse(url, body=body, headers={"Content-Type": "text/html"}, request=Request(url))


def test_a_list_page_is_decoded_once(monkeypatch):
    calls = []
    real = encoding.decode_page

    def counting(*args, **kwargs):
        calls.append(args[0][:20])
        return real(*args, **kwargs)

    monkeypatch.setattr(encoding, "decode_page", counting)
    from spiders.portal import Portal

    spider = Portal(start_url="http://www.hulan.gov.cn/")
    spider.max_depth, spider.max_nav_pages, spider._nav_pages = 3, 200, 0
    response = _list_response("hulan", "col1234_index.html", "http://www.hulan.gov.cn/col/col1234/index.html")
    adapter = get_adapter("auto")  # every family looks at the page
    links = adapter.links(response)
    pages = list(adapter.next_pages(response, spider.parse_list, spider.on_error))
    navigation = list(spider.navigation_requests(response))
    assert links and pages, "the fixture list page has links and further pages"
    assert navigation is not None
    assert len(calls) == 1, f"decoded {len(calls)} times"


def test_no_module_needs_a_table_of_contents():
    long = {str(p.relative_to(ROOT)): n for p in PACKAGE.rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 300}
    assert not long, long


def test_adapters_do_not_depend_on_the_extractor():
    for path in (PACKAGE / "adapters").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                assert "extraction" not in node.module and "extractor" not in node.module, (path.name, node.module)


def test_no_benchmark_code_in_the_package():
    assert not (PACKAGE / "bench").exists()
    assert not list(PACKAGE.rglob("corpus*"))


def test_traditional_only_characters_agree_with_opencc():
    chars = traditional_only_chars()
    assert len(chars) > 3000
    t2s = opencc.OpenCC("t2s")
    # Every listed character is one that t2s changes ...
    changed = [ch for ch in chars if t2s.convert(ch) != ch]
    assert len(changed) == len(chars)
    # ... and well-known pairs sort the right way.
    assert {"國", "實", "體", "開", "報", "發"} <= chars
    assert not {"国", "实", "体", "开", "报", "发", "后", "干"} & chars


def test_labels_are_one_list():
    from reportcrawler.labels import all_labels, field_labels

    labels = all_labels()
    assert len(labels) == len(set(labels))
    for field in ("index_no", "doc_no", "source_agency", "publish_date"):
        assert set(field_labels(field)) <= set(labels)
    assert "更新时间" in field_labels("publish_date")
