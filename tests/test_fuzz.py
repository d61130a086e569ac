"""Property tests (hypothesis): every normalizer and extract_page on generated
input: no exception escapes, outputs keep their types and formats, and the
content hash ignores white space, punctuation and script."""

from __future__ import annotations

import datetime as dt
import html
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reportcrawler.extraction import extract_page
from reportcrawler.hashing import content_hash
from reportcrawler.normalize import (
    clean_title,
    detect_script,
    find_report_year,
    normalize_date,
    normalize_doc_no,
    normalize_index_no,
    normalize_source_agency,
    to_simplified,
)
from reportcrawler.record import read_page

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
PAGE_TEXT = st.text(alphabet=st.one_of(CJK, st.sampled_from("0123456789年月日-/.:：　 \t\n（）〔〕《》，。、；")),
                    max_size=80)
ANY_TEXT = st.one_of(st.none(), st.text(max_size=80), PAGE_TEXT)
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@FAST
@given(ANY_TEXT)
def test_normalize_date(text):
    value = normalize_date(text)
    assert value is None or ISO_DATE.fullmatch(value)


@FAST
@given(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2069, 12, 31)), st.sampled_from(["{y}-{m:02d}-{d:02d}", "{y}年{m}月{d}日", "{y}.{m:02d}.{d:02d}", "{y}/{m}/{d}",
                                    "发布时间：{y}-{m:02d}-{d:02d} 00:00:00", "{yy:02d}-{m:02d}-{d:02d}"]))
def test_normalize_date_reads_every_printed_form_year_first(day, form):
    text = form.format(y=day.year, yy=day.year % 100, m=day.month, d=day.day)
    if "{yy" in form and day.year < 2000:
        return
    assert normalize_date(text) == day.isoformat()


@FAST
@given(ANY_TEXT)
def test_field_normalizers(text):
    for normalize in (normalize_index_no, normalize_doc_no, normalize_source_agency, clean_title):
        value = normalize(text)
        assert value is None or (isinstance(value, str) and value == value.strip())
    index_no = normalize_index_no(text)
    assert index_no is None or (" " not in index_no and index_no == index_no.upper())


@FAST
@given(ANY_TEXT, ANY_TEXT)
def test_report_year_and_script(title, body):
    year = find_report_year(title, body)
    assert year is None or (isinstance(year, int) and 1990 <= year <= 2100)
    assert detect_script(body or "") in ("hans", "hant")
    assert isinstance(to_simplified(body or ""), str)


@FAST
@given(st.lists(PAGE_TEXT.filter(str.strip), min_size=1, max_size=6), st.data())
def test_hash_ignores_whitespace_punctuation_and_script(lines, data):
    body = "\n".join(lines)
    assert re.fullmatch(r"[0-9a-f]{64}", content_hash(body))
    spaced = data.draw(st.sampled_from([" ", "　", "\t", "\n\n"])).join(body)
    punctuated = re.sub(r"(.)", lambda m: m.group(1) + data.draw(st.sampled_from(["", "，", "。", "、", "!"])), body)
    assert content_hash(spaced) == content_hash(body) == content_hash(punctuated)
    assert content_hash(body.replace("发", "發").replace("报", "報")) == content_hash(body)


TAGS = st.sampled_from(["div", "p", "span", "td", "li", "table", "tr", "dl", "dd", "label", "h1", "b", "font", "br"])


@st.composite
def html_pages(draw, depth=0):
    parts = []
    for _ in range(draw(st.integers(0, 4))):
        if depth < 4 and draw(st.booleans()):
            tag = draw(TAGS)
            attrs = draw(st.sampled_from(["", " id='zoom'", " class='xxgk'", " style='display:none'"]))
            parts.append(f"<{tag}{attrs}>{draw(html_pages(depth + 1))}</{tag}>")
        else:
            parts.append(html.escape(draw(st.one_of(PAGE_TEXT, st.text(max_size=30)))))
    return "".join(parts)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(html_pages(), st.sampled_from(["", "<meta name='PubDate' content='2018-03-15'>"]))
def test_extract_page_on_generated_html(body, meta):
    page = f"<html><head>{meta}<title>测试区2017年政府信息公开工作年度报告</title></head><body>{body}</body></html>"
    raw = extract_page(page, "http://www.test.gov.cn/a.html")
    assert all(isinstance(line, str) and line for line in raw.body_lines)
    assert raw.index_no is None or isinstance(raw.index_no, str)
    try:
        reading = read_page(page.encode("utf-8"), "http://www.test.gov.cn/a.html", "text/html; charset=utf-8")
    except Exception as exc:  # only the deliberate refusal of a page with no bytes of text
        assert type(exc).__name__ == "PageError", exc
        return
    item = reading.item
    assert isinstance(reading.is_report, bool)
    assert item.get("publish_date") is None or ISO_DATE.fullmatch(item["publish_date"])
    assert item.get("report_year") is None or isinstance(item["report_year"], int)
    if item.get("body_text"):
        assert re.fullmatch(r"[0-9a-f]{64}", item["content_hash"])
        assert item["original_script"] in ("hans", "hant")
    else:  # nothing to read: the page is refused as empty, never stored
        assert reading.problem == "soft_404" and not reading.is_report
